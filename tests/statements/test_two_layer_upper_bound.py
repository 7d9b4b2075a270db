"""two-layer-upper-bound: sqrt 7 fails as stated (R^d and overlapping caps); correct on the sphere with disjoint caps."""

from __future__ import annotations

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


def test_too_small_sphere_constant_is_caught():
    # sqrt 7 = 2.6458 is attained at a cap edge: claiming 2.5 is refuted by an explicit pair of sphere points
    assert m.check_correction_2(CTX, claimed=2.5).status is Status.REFUTED


def test_separation_claim_is_decided():
    assert m.check_separation().status is Status.VERIFIED
    # 200 uniform points on S^63 are not 1/8-separated w.h.p.: the exact lower bound refutes it
    ev = m.check_separation(n=200, d=64)
    assert ev.status is Status.REFUTED and ev.counterexample["lower"] > 0.5
    # a failure probability claimed far below the exact one is refuted too
    assert m.check_separation(max_failure=1e-4).status is Status.REFUTED
