"""two-layer-upper-bound: sqrt 7 fails as stated (R^d and overlapping caps); correct on the sphere with disjoint caps;
every mutant refuted with a counterexample (exact pairs and instances)."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp
import two_layer_upper_bound as m

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=3)


def test_ledger_as_recorded():
    res = Ledger([m.two_layer_upper_bound]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s for s in res.statements[0].steps}
    assert st["step-2"].evidence.status is Status.REFUTED
    assert st["step-2"].evidence.counterexample["R^d"]["quotient"] > 3.99
    assert st["step-2"].correction.status is Status.VERIFIED


def test_every_mutant_is_refuted_with_a_counterexample():
    muts = Ledger([m.two_layer_upper_bound]).run_mutants()
    assert len(muts) >= 10
    assert not [(x.step_id, x.mutant.changes) for x in muts if x.status is not Status.REFUTED]
    assert all(x.evidence.counterexample for x in muts)


def test_too_small_sphere_constant_is_caught():
    # sqrt 7 = 2.6458 is approached at a cap edge: claiming 2.5 (= 0.945 sqrt 7) is refuted by an exact pair
    ev = m.check_correction_2(CTX, m.CORRECTION_2.replace(factor=Fraction(945, 1000)))
    assert ev.status is Status.REFUTED and float(ev.counterexample["quotient_30_digits"]) > 2.5


def test_overlapping_caps_give_an_exact_pair():
    over = m._overlap_pair(sp.Rational(1, 2))
    assert over["quotient"] == 4
    assert m._overlap_pair(sp.Rational(1, 8)) is None  # tangent caps: the midpoint is on both cap edges


def test_interpolation_needs_the_separation():
    ev = m.check_step_1(CTX, m.STEP_1.replace(sep=Fraction(9, 10)))
    assert ev.status is Status.REFUTED and ev.counterexample["f(x_2)"] == "3/10"


def test_separation_claim_is_decided():
    ev = m.check_separation()
    assert ev.status is Status.VERIFIED and m.BALL_CAP in ev.cites
    # 200 uniform points on S^63 are not 1/8-separated w.h.p.: the exact lower bound refutes it
    ev = m.check_separation(n=200, d=64)
    assert ev.status is Status.REFUTED and ev.counterexample["lower"] > 0.5
    # a failure probability claimed far below the exact one is refuted too
    assert m.check_separation(max_failure=1e-4).status is Status.REFUTED
