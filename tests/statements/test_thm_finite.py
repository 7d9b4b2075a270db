"""thm-finite: step 2 refuted (1-subgaussian -> 2-subgaussian), other steps verified, conclusion consistent; wrong
constants are refuted by the same checkers."""

from __future__ import annotations

import math

import sympy as sp
import thm_finite as mod

from isoper import Context, Ledger, Status


def test_ledger():
    res = Ledger([mod.thm_finite]).run()
    assert res.ok, [s.evidence.detail for s in res.unexpected]
    steps = {s.step.id.split("/")[1]: s for s in res.statements[0].steps}
    assert steps["step-2"].evidence.status is Status.REFUTED
    assert steps["step-2"].correction.status is Status.VERIFIED
    for k in (1, 3, 4, 5, 6, 7, 8):
        assert steps[f"step-{k}"].evidence.status is Status.VERIFIED, k
    assert steps["conclusion"].evidence.status is Status.CONSISTENT


def test_derived_constants():
    D = mod.DERIVED
    assert D["step5_exponent_18C"] == 5184 > 8**4
    assert float(D["step5_exponent_derived"]) < 8**4
    assert sp.simplify(D["thm2_second_exponent_repaired_derived"] - 4096 * sp.log(3)) == 0
    assert 8**4 < float(D["thm2_second_exponent_repaired_derived"]) < 9**4
    assert 9**4 < D["thm2_second_exponent_repaired_18C"] <= 10**4


def test_wrong_constants_caught():
    ctx = Context("t", 1e-4, 0)
    assert mod.check_step_2(ctx, C=2).status is Status.VERIFIED
    assert mod.check_step_4(ctx, sg=72, denom=8).status is Status.REFUTED
    assert mod.check_step_5(ctx, const=36).status is Status.REFUTED
    assert mod.check_step_6(ctx, const=8).status is Status.REFUTED


def test_conclusion_catches_wrong_exponents():
    ctx = Context("t", 1e-4, 5)
    bad = mod.check_conclusion(ctx, k=1, n=10, eps=0.2, L=2.0, first=0.01, second=0.01, samples=2000)
    assert bad.status is Status.REFUTED
    assert mod.theorem_bound(n=10, eps=0.2, d=16, c=1, L=2.0, k=1, size=13) > 1  # the printed bound is vacuous there
    assert math.isfinite(bad.data["estimate"])
