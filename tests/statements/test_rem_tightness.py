"""rem-tightness: the ledger's findings, and wrong variants caught by the same checks."""

from __future__ import annotations

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


def test_conclusion_depends_on_the_separation(monkeypatch):
    # a refuted separation (step 1) must make the conclusion refuted, not leave it verified
    real = m.check_step_1
    monkeypatch.setattr(m, "check_step_1", lambda c: real(c, dist=1.2))
    assert m.conclusion(ctx()).status is Status.REFUTED


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
