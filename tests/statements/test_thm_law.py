"""thm-law: the ledger records steps 1 and 3 as errata with verified corrections, the rest verified; wrong constants
are caught by the same checkers."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import sympy as sp
import thm_law

from isoper import Context, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([thm_law.thm_law]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=1)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s for s in ledger.statements[0].steps}
    assert st["step-1"].evidence.status is Status.REFUTED and st["step-1"].correction.status is Status.VERIFIED
    assert st["step-3"].evidence.status is Status.REFUTED and st["step-3"].correction.status is Status.VERIFIED
    for key in ("step-2", "step-4", "conclusion"):
        assert st[key].evidence.status is Status.VERIFIED, key
    assert ledger.statements[0].status is Status.VERIFIED


def test_step_3_counterexample_is_exact():
    e = thm_law.check_step_3(ctx())
    assert e.status is Status.REFUTED
    assert e.counterexample["lhs"] == 4 and e.counterexample["rhs"] == pytest.approx(565 / 144)
    assert thm_law.check_step_3(ctx(), scale=sp.Rational(1, 7)).status is Status.REFUTED  # 4/7 > 1/2
    assert thm_law.check_step_3(ctx(), scale=sp.Rational(1, 8)).status is Status.VERIFIED


def test_step_1_wrong_net_count_caught():
    # a count (6 W J/eps)^p at scale eps/(8J): F = 3/4 < 1, an interval already needs more points
    assert thm_law.check_step_1(ctx(), net_factor=6, scale=Fraction(1, 8), restrict=True).status is Status.REFUTED
    assert thm_law.check_step_1_correction(ctx()).status is Status.VERIFIED


def test_step_2_wrong_exponent_caught():
    assert thm_law.check_step_2(ctx(), second=8**5).status is Status.REFUTED       # 2^16 > 8^5
    assert thm_law.check_step_2(ctx(), first=8**3).status is Status.REFUTED        # 2^11 > 8^3
    assert thm_law.check_step_2(ctx(), thm2=(8**3, 20000)).status is Status.REFUTED  # 16 * 20000 > 8^6


def test_step_4_wrong_constants_caught():
    assert thm_law.check_step_4(ctx(), prefactor=2**8).status is Status.REFUTED
    assert thm_law.check_step_4(ctx(), hyp=8**3).status is Status.REFUTED
    assert thm_law.check_step_4(ctx(), first=2048, second=147456, prefactor=384).status is Status.VERIFIED


def test_conclusion_not_derived_is_inconclusive_not_refuted():
    """Issue 11: prefactor 300 is provable (the optimised scheme gives 41.45) but not derived by the recorded chain
    (384): inconclusive, never refuted. The old check refuted it ("the corrected chain supports only 384")."""
    for kw in ({"prefactor": 300}, {"prefactor": 2**8}, {"net_factor": 20}, {"hyp_log_factor": 4},
               {"delta_factor": 2}, {"hyp_factor": 1024}):
        ev = thm_law.check_chain_closes(ctx(), **kw)
        assert ev.status is Status.INCONCLUSIVE, kw
        assert "not derived by this chain" in ev.detail
    assert thm_law.check_chain_closes(ctx()).status is Status.VERIFIED
    # through the ledger: the conclusion claim edited to 300 comes out inconclusive
    claim = thm_law.CONCLUSION.replace(prefactor=300)
    ev = thm_law.conclusion(Context("thm-law/conclusion", 1e-3, 1, claim=claim))
    assert ev.status is Status.INCONCLUSIVE


def test_conclusion_false_prefactor_refuted_with_counterexample():
    ev = thm_law.check_chain_closes(ctx(), prefactor=Fraction(1, 10))
    assert ev.status is Status.REFUTED
    cex = ev.counterexample
    assert cex["Lip(fit)"] == 2 < cex["claimed_bound"] and float(cex["P(construction fails) <="]) < 0.5
    # the hypothesis (2) that makes n = 14021 necessary holds there
    assert 8**4 * math.log(8 / cex["delta"]) <= cex["n"] * cex["eps"] ** 2
    ev = thm_law.check_chain_closes(ctx(), hyp_factor=1)
    assert ev.status is Status.REFUTED and ev.counterexample["class"].startswith("constant")
    n_, e, dl = ev.counterexample["n"], Fraction(ev.counterexample["eps"]), Fraction(ev.counterexample["delta"])
    assert math.log(8 / dl) <= n_ * e**2 and Fraction(ev.counterexample["P(exists fitting f, Lip 0)"]) > dl


def _claims_with(step_id, **changes):
    import lem_noise_correlation
    import thm_finite

    claims = Ledger([lem_noise_correlation.lem_noise_correlation, thm_finite.thm_finite, thm_law.thm_law]).claims()
    claims[step_id] = claims[step_id].replace(**changes)
    return claims


def _conclusion_under(claims):
    return thm_law.conclusion(Context("thm-law/conclusion", 1e-3, 1, claim=thm_law.CONCLUSION, claims=claims))


def test_conclusion_follows_the_steps_claims():
    """Issue 11 item 3: the conclusion re-derives the chain from the steps' claims; a wrong step moves it."""
    assert _conclusion_under(_claims_with("thm-law/step-2", lam=2)).status is Status.VERIFIED
    # Lemma 2.1's corrected threshold eps/6 instead of eps/4: a_2 = 144/(1/12)^2, prefactor 576 > 512
    ev = _conclusion_under(_claims_with("lem-noise-correlation/step-3/correction", threshold=Fraction(1, 6)))
    assert ev.status is Status.INCONCLUSIVE and "prefactor 576" in ev.detail
    # Proposition 1.2's factor 36 instead of 18: prefactor 384 sqrt 2 > 512
    assert _conclusion_under(_claims_with("thm-finite/step-4", K_sum=36)).status is Status.INCONCLUSIVE
    # the net scale eps/(20 J): net factor 60 = printed, still derived; eps/(30 J): 90 > 60
    assert _conclusion_under(_claims_with("thm-law/step-3/correction", scale=Fraction(1, 20))).status is \
        Status.VERIFIED
    assert _conclusion_under(_claims_with("thm-law/step-3/correction", scale=Fraction(1, 30))).status is \
        Status.INCONCLUSIVE
    # Theorem 2 applied with 3L instead of 2L: prefactor 576
    assert _conclusion_under(_claims_with("thm-law/step-2", lam=3)).status is Status.INCONCLUSIVE


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([thm_law.thm_law]).run_mutants()
    assert len(res) >= 20
    for m in res:
        assert m.status is Status.REFUTED, (m.step_id, m.mutant.changes, m.evidence.detail)
        assert m.evidence.counterexample


def test_step_1_covering_check_catches_a_smaller_net_factor():
    """The constructed net (about 70 centres) exceeds (f/6 * 10)^2 for net_factor f = 3 (25 points)."""
    from isoper import Context

    ctx = Context(step_id="t", alpha=1e-3, seed=0)
    assert thm_law.check_step_1_with_covering(ctx).status.value in ("verified", "consistent")
    assert thm_law.check_step_1_with_covering(ctx, net_factor=3).status.value == "refuted"
