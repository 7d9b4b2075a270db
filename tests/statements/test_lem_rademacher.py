"""lem-rademacher: C1 = 1, C2 = 2 sqrt 2 derived and checked; too small constants are caught."""

from __future__ import annotations

import lem_rademacher as m
import sympy as sp

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-4, seed=5)


def test_ledger_as_recorded():
    res = Ledger([m.lem_rademacher]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = [s.evidence.status for s in res.statements[0].steps]
    assert st == [Status.VERIFIED, Status.VERIFIED, Status.VERIFIED, Status.CONSISTENT]


def test_too_small_c2_is_caught_by_monte_carlo():
    ev = m.check_conclusion(CTX)
    assert ev.status is Status.CONSISTENT and ev.data["bound"] < 1  # not vacuous (the statistic is in [-1, 1])
    assert m.check_conclusion(CTX, c2=0.1).status is Status.REFUTED


def test_wrong_optimised_constant_is_caught():
    assert m.check_step_3(CTX, const=sp.Integer(2)).status is Status.REFUTED


def test_bernstein_interval_covers_known_mean():
    import numpy as np
    v = np.random.default_rng(0).choice([-1.0, 1.0], 5000) * 0.5
    lo, hi = m.bernstein_interval(v, 1e-3)
    assert lo <= 0.0 <= hi


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([m.lem_rademacher]).run_mutants()
    per_step = {}
    for mu in res:
        assert mu.status is Status.REFUTED, (mu.step_id, str(mu.claim), mu.evidence.detail[:300])
        assert mu.evidence.counterexample
        per_step[mu.step_id] = per_step.get(mu.step_id, 0) + 1
    assert len(per_step) == 4 and min(per_step.values()) >= 3


def test_coordinate_class_refutes_c2_quarter():
    # the coordinate class (|F| = 2d independent coordinates) refutes C2 = 1/4; the bound at the derived constants
    # stays below 1 there (not vacuous)
    ev = m.check_conclusion(CTX, c2=0.25)
    assert ev.status is Status.REFUTED and ev.counterexample["lower"] > ev.counterexample["bound"]


def test_step_3_follows_step_2s_constant():
    from fractions import Fraction

    claims = {"lem-rademacher/step-2": m.STEP_2.replace(mgf=3)}
    c = Context("lem-rademacher/step-3", 1e-4, 0, claim=m.STEP_3, claims=claims)
    ev = m.step_3(c)  # with m = 3 the optimum is 2 sqrt 3 > 2 sqrt 2
    assert ev.status is Status.REFUTED
    assert m.check_step_2(2, Fraction(3, 2)).status is Status.REFUTED
