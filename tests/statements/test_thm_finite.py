"""thm-finite: step 2 refuted (1-subgaussian -> 2-subgaussian), step 7 inconclusive (Lemma 2.1 at eps/3), other steps
verified, conclusion consistent (the repaired chain gives the printed 8^3, 8^4 exactly); wrong constants are caught."""

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
    for k in (1, 3, 4, 5, 6, 8):
        assert steps[f"step-{k}"].evidence.status is Status.VERIFIED, k
    assert steps["step-7"].evidence.status is Status.INCONCLUSIVE
    assert steps["conclusion"].evidence.status is Status.CONSISTENT


def test_derived_constants():
    D = mod.DERIVED
    assert D["step5_exponent_18C"] == 5184 > 8**4
    assert float(D["step5_exponent_derived"]) < 8**4
    assert D["thm2_second_exponent_even_split_18C"] == 9216
    assert D["thm2_first_exponent_repaired"] == 512 and D["thm2_second_exponent_repaired_18C"] == 4096


def test_repaired_chain_gives_printed_constants():
    ctx = Context("t", 1e-4, 0)
    r = mod.repaired_chain(sp.Rational(1, 8), sp.Rational(1, 8), sp.Rational(3, 5))
    assert (r["first"], r["centred"], r["mean"], r["threshold"]) == (512, 4096, 512, sp.Rational(5, 16))
    assert mod.check_repaired_chain(ctx).status is Status.VERIFIED
    # a too-small exponent does not follow
    assert mod.check_repaired_chain(ctx, second=sp.Integer(8**4) / 2).status is Status.INCONCLUSIVE
    assert mod.check_repaired_chain(ctx, first=sp.Integer(8**3) - 1).status is Status.INCONCLUSIVE
    # the paper's even split at slacks eps/6 gives 9216 > 8^4
    even = mod.check_repaired_chain(ctx, choices={"s1": sp.Rational(1, 6), "s2": sp.Rational(1, 6),
                                                  "theta": sp.Rational(1, 2)})
    assert even.status is Status.INCONCLUSIVE and even.data["second"] == "9216"


def test_step_7_depends_on_lemma():
    ctx = Context("t", 1e-4, 0)
    ev = mod.check_step_7(ctx)
    assert ev.status is Status.INCONCLUSIVE and "[verified]" in ev.detail  # algebra holds, the lemma use does not
    assert "union False" in mod.check_step_7(ctx, second=2048).detail  # exponents from step 5's checker: 2531 > 2048


def test_wrong_constants_caught():
    ctx = Context("t", 1e-4, 0)
    assert mod.check_step_2(ctx, C=2).status is Status.VERIFIED
    assert mod.check_step_4(ctx, sg=72, denom=8).status is Status.REFUTED
    assert mod.check_step_5(ctx, const=36).status is Status.REFUTED
    assert mod.check_step_6(ctx, const=8).status is Status.REFUTED


def test_conclusion_catches_wrong_exponents():
    ctx = Context("t", 1e-4, 5)
    assert mod.check_conclusion(ctx, k=1, n=20, eps=0.2, L=2.0, first=mod.MC_CONST, second=mod.MC_CONST,
                                samples=2000).status is Status.CONSISTENT
    # constants 3x smaller than the Monte Carlo's (and ~5000x smaller than printed) are refuted at that instance
    for k, cst in ((1, 0.1), (2, 0.05)):
        bad = mod.check_conclusion(ctx, k=k, n=20, eps=0.2, L=2.0, first=cst, second=cst, samples=2000)
        assert bad.status is Status.REFUTED, k
        assert math.isfinite(bad.data["estimate"]) and bad.data["estimate"] > 0.01
    assert mod.theorem_bound(n=20, eps=0.2, d=16, c=1, L=2.0, k=1, size=13) > 1  # the printed bound is vacuous there
