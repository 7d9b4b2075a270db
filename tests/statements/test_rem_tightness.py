"""rem-tightness: the ledger's findings, and wrong variants caught by the same checks."""

from __future__ import annotations

from fractions import Fraction

import rem_tightness as m

from isoper import Context, Ledger, Status


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-4, seed=1)


def test_ledger_as_recorded():
    res = Ledger([m.rem_tightness]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s for s in res.statements[0].steps}
    assert st["step-1"].evidence.status is Status.CONSISTENT
    assert st["step-2"].evidence.status is Status.VERIFIED
    assert st["step-3"].evidence.status is Status.REFUTED
    assert st["step-3"].correction.status is Status.VERIFIED
    # the conclusion rests on step 1's Monte Carlo separation, so it is at most consistent
    assert st["conclusion"].evidence.status is Status.CONSISTENT


def test_wrong_separation_is_caught():
    # all pairwise distances >= 1.2 is false at d = 64, n = 200
    assert m.check_step_1(ctx(), dist=1.2).status is Status.REFUTED


def test_wrong_parameter_count_is_caught():
    assert m.check_step_2(ctx(), params_per_point=64).status is Status.REFUTED


def test_radius_one_hat_counterexample_grows_like_sqrt_d():
    q16, s16 = m.hat_counterexample(16)
    q256, s256 = m.hat_counterexample(256)
    assert abs(q16 - s16) < 1e-3 and abs(q256 - s256) < 1e-2 and q256 > 15


def test_radius_half_with_too_small_constant_is_caught():
    # the corrected interpolant is exactly 2-Lipschitz: claiming 1.5 is refuted
    assert m.check_correction_3(ctx(), claimed_lip=1.5).status is Status.REFUTED


def test_conclusion_depends_on_the_separation():
    # a refuted separation (step 1, as the run sees it) must make the conclusion refuted, not leave it verified
    claims = {"rem-tightness/step-1": m.STEP_1.replace(dist=Fraction(6, 5))}
    c = Context("rem-tightness/conclusion", 1e-4, 1, claim=m.CONCLUSION, claims=claims)
    assert m.conclusion(c).status is Status.REFUTED


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([m.rem_tightness]).run_mutants()
    per_step = {}
    for mu in res:
        assert mu.status is Status.REFUTED, (mu.step_id, str(mu.claim), mu.evidence.detail[:300])
        assert mu.evidence.counterexample
        per_step[mu.step_id] = per_step.get(mu.step_id, 0) + 1
    assert len(per_step) == 5 and min(per_step.values()) >= 3


def test_printed_d128_figure_was_rounded_down():
    # the old text said 'd = 128: <= 1.6e-5'; the Bonferroni lower bound is 1.60267e-5, so that figure was false
    ev = m.check_step_1(ctx(), ub2=1.6e-5)
    assert ev.status is Status.REFUTED and ev.counterexample["lower"] > 1.6e-5


def test_any_radius_above_inverse_sqrt2_is_not_lipschitz_bounded():
    for r in (Fraction(3, 4), Fraction(1), Fraction(2)):
        ev = m.check_step_3(ctx(), radius=r, claimed_lip=10)
        assert ev.status is Status.REFUTED and ev.counterexample["quotient"] > 10
    cex = m.overlap_counterexample(1.0, 2.0)
    assert abs(cex["quotient"] - cex["quotient_model"]) < 1e-6  # closed form agrees with the model


def test_correction_radius_between_half_and_inverse_sqrt2_refuted_with_counterexample():
    # radius 0.6: supports overlap for points at distance 1: refuted on disjointness, with a counterexample
    ev = m.check_correction_3(ctx(), radius=Fraction(3, 5), claimed_lip=2)
    assert ev.status is Status.REFUTED and ev.counterexample["midpoint_distance"] == 0.5


def test_unconditioned_bound_below_two_is_refuted():
    # "Theorem 3's bound at p = n(d+1) is < 2" without a lower bound on log(60WJ/eps) is false: the auditor's instance
    from isoper.law import lipschitz_lower_bound

    eps = 0.5
    b = lipschitz_lower_bound(n=10**6, d=64, p=10**6 * 65, eps=eps, delta=0.01, W=eps / 60 * (1 + 1e-7), J=1.0,
                              check_hypotheses=False)
    assert 2.2 < b < 2.22
    ev = m.check_bound_below_lip(a_min=0)
    assert ev.status is Status.REFUTED and ev.counterexample["bound"] > 2
    # a condition weaker than the proved one (2^-22 < 2^-20) is refuted as well; the stated one is proved
    assert m.check_bound_below_lip(a_min=2**-22).status is Status.REFUTED
    assert m.check_bound_below_lip().status is Status.VERIFIED
    # claiming the bound stays below 1/2 under the same condition is refuted
    assert m.check_bound_below_lip(lip=0.5).status is Status.REFUTED
