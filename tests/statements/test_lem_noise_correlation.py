"""lem-noise-correlation: steps 1-2 verified, step 3 refuted (eps/3) with the eps/4 correction verified."""

from __future__ import annotations

from fractions import Fraction

import lem_noise_correlation as mod

from isoper import Context, Ledger, Status


def test_ledger():
    res = Ledger([mod.lem_noise_correlation]).run()
    assert res.ok, [s.evidence.detail for s in res.unexpected]
    steps = {s.step.id.split("/")[1]: s for s in res.statements[0].steps}
    assert steps["step-1"].evidence.status is Status.VERIFIED
    assert steps["step-2"].evidence.status is Status.VERIFIED
    assert steps["step-3"].evidence.status is Status.REFUTED
    assert steps["step-3"].correction.status is Status.VERIFIED
    assert steps["conclusion"].evidence.status is Status.CONSISTENT


def test_step3_counterexample_is_exact():
    cex = mod.counterexample_step_3(Fraction(1, 3))
    assert cex is not None and cex["middle >= lower end"] is False
    assert Fraction(cex["fit"]) <= Fraction(cex["sigma2-eps"])
    assert Fraction(cex["<F,Z>"]) < Fraction(cex["threshold*eps"])
    assert mod.counterexample_step_3(Fraction(1, 4)) is None


def test_wrong_constants_caught():
    ctx = Context("t", 1e-4, 0)
    assert mod.check_step_1(ctx, const=8).status is Status.REFUTED
    assert mod.check_step_2(ctx, const=8).status is Status.REFUTED
    assert mod.exact_zero_class(const=0.25).status is Status.REFUTED
    assert mod.check_step_3(ctx, threshold=Fraction(1, 4)).status is Status.VERIFIED
