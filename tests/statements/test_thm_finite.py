"""thm-finite: step 2 refuted (1-subgaussian -> 2-subgaussian), step 7 inconclusive (Lemma 2.1 at eps/3), other steps
verified, conclusion verified (the repaired chain, re-derived from the steps' claims, gives the printed 8^3, 8^4
exactly; Monte Carlo has no power on them and says so); wrong constants are caught."""

from __future__ import annotations

import math
from fractions import Fraction

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
    concl = steps["conclusion"].evidence
    assert concl.status is Status.VERIFIED
    assert concl.data["monte_carlo"]["status"] == "inconclusive" and "no power" in concl.data["monte_carlo"]["detail"]


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


def test_step_8_chained_to_its_claim():
    """Issue 11: the consistent wrong derivation (sum_l sqrt|S_l| <= sqrt n, no k in the exponent) stayed verified,
    because step 8 checked facts not tied to its claim. Now it is refuted with the exact instance |S_l| = n/k."""
    ctx = Context("t", 1e-4, 0)
    assert mod.check_step_8(ctx).status is Status.VERIFIED
    wrong = mod.step_8(Context("thm-finite/step-8", 1e-4, 0, claim=mod.STEP_8.replace(kpow=0)))
    assert wrong.status is Status.REFUTED
    assert wrong.counterexample["S_sizes"] == [2, 2] and wrong.counterexample["sum_sqrt"] == "2*sqrt(2)"
    assert mod.check_step_8(ctx, hoeff=1).status is Status.REFUTED
    assert mod.check_step_8(ctx, const=30).status is Status.REFUTED
    assert mod.check_step_8(ctx, split=8, const=512).status is Status.VERIFIED  # the repaired split: exactly 8^3


def _claims_with(step_id, **changes):
    import lem_noise_correlation

    claims = Ledger([lem_noise_correlation.lem_noise_correlation, mod.thm_finite]).claims()
    claims[step_id] = claims[step_id].replace(**changes)
    return claims


def test_conclusion_follows_the_steps_claims():
    """Issue 11 item 3: the printed 8^3, 8^4 are re-derived from the steps' claims; a wrong step moves the conclusion."""
    def run(claims):
        return mod.conclusion(Context("thm-finite/conclusion", 1e-4, 0, claim=mod.CONCLUSION, claims=claims))

    assert run(_claims_with("thm-finite/step-4", K_sum=18)).status is Status.VERIFIED
    # Lemma 2.1's corrected threshold eps/5 instead of eps/4: at slacks eps/8 it is 21 eps/80, a_2 = 5805 > 8^4
    ev = run(_claims_with("lem-noise-correlation/step-3/correction", threshold=Fraction(1, 5)))
    assert ev.status is Status.INCONCLUSIVE and "not derived" in ev.detail
    # the subgaussian constant 3 (step 2's correction) or Proposition 1.2's factor 20 push a_2 above 8^4
    assert run(_claims_with("thm-finite/step-2/correction", C=3)).status is Status.INCONCLUSIVE
    assert run(_claims_with("thm-finite/step-4", K_sum=20)).status is Status.INCONCLUSIVE
    # a smaller (wrongly claimed) factor makes it still derived: the chain follows the claims, both ways
    assert run(_claims_with("thm-finite/step-3", factor=2)).status is Status.VERIFIED


def test_monte_carlo_part_has_power_only_where_it_says():
    ctx = Context("t", 1e-4, 0)
    assert mod.mc_part(ctx, first=8**3, second=8**4).status is Status.INCONCLUSIVE
    bad = mod.mc_part(ctx, first=0.1, second=0.1)
    assert bad.status is Status.REFUTED and bad.counterexample


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([mod.thm_finite]).run_mutants()
    assert len(res) >= 20
    for m in res:
        assert m.status is Status.REFUTED, (m.step_id, m.mutant.changes, m.evidence.detail)
        assert m.evidence.counterexample
