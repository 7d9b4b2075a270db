"""ex-pushforward: c' = c M^2 d'/d and the noise constant M^2 + sigma^2 proved; forgetting M^2, d'/d or sigma^2 is
caught by Monte Carlo."""

from __future__ import annotations

import ex_pushforward as pf
import pytest

from isoper import Context, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([pf.ex_pushforward]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=6)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.CONSISTENT,
                  "step-4": Status.CONSISTENT, "conclusion": Status.CONSISTENT}


def test_forgetting_M_squared_refuted():
    ev = pf.check_tanh(ctx(), M=3.0, c=1.0)  # claims c' = c for a 3-Lipschitz map
    assert ev.status is Status.REFUTED
    assert ev.counterexample["lower"] > ev.counterexample["bound"]
    assert pf.check_tanh(ctx(), M=3.0).status is Status.CONSISTENT


def test_forgetting_dimension_ratio_refuted():
    # x -> (x, x): c M^2 = 2 without the factor d'/d = 2
    assert pf.check_duplicate(ctx(), c=2.0).status is Status.REFUTED


def test_forgetting_noise_refuted():
    # X + Z (sigma = 1) is N(0, 2 I/d): c' = 2, not 1
    ev = pf.check_gaussian_noise(ctx(), sigma=1.0, c=1.0, bounds=(0.005,), samples=20_000)
    assert ev.status is Status.REFUTED
    assert pf.check_gaussian_noise(ctx(), sigma=1.0, bounds=(0.005,), samples=20_000).status is Status.CONSISTENT


def test_forgetting_sigma_squared_at_step_4_size_refuted():
    # sigma = 0.5: c' = 1.25; c = 1 (sigma^2 forgotten) is caught by the exact tail of <e_1, X + sigma Z>
    ev = pf.check_gaussian_noise(ctx(), c=1.0)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["log_exact"] > ev.counterexample["log_bound"]
    assert pf.exact_gaussian_linear(16, 1.25 / 16, 1.0).status is Status.REFUTED
    assert pf.exact_gaussian_linear(16, 1.25 / 16, 1.25).status is Status.CONSISTENT
    assert pf.check_gaussian_noise(ctx()).status is Status.CONSISTENT


# --------------------------------------------------------------------------------------------------------------
# claims as data: every claim with values carries >= 2 known-false mutants, and each is refuted with a counterexample


def test_every_claim_with_values_has_mutants():
    for sid, claim in Ledger([pf.ex_pushforward]).claims().items():
        if claim.values:
            assert len(claim.mutants) >= 2, sid
            assert all(m.why_false.strip() for m in claim.mutants), sid


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([pf.ex_pushforward]).run_mutants()
    assert len(res) >= 16
    assert not [(m.step_id, str(m.claim)) for m in res if m.survived]
    bad = [(m.step_id, m.mutant.changes, m.status.value, m.evidence.detail[:200]) for m in res
           if m.status is not Status.REFUTED or not m.evidence.counterexample]
    assert not bad


def test_pushforward_rule_reads_the_claimed_constant():
    assert pf.check_pushforward_rule(pf.c_ * pf.M_**2 * pf.dp_ / pf.d_).status is Status.VERIFIED
    ev = pf.check_pushforward_rule(pf.c_ * pf.M_ * pf.dp_ / pf.d_)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["least c'"] > ev.counterexample["claimed c'"]


def test_duplicate_worst_functional_is_exact():
    # the duplication's worst functional is compared exactly: c' = 2 * sqrt 2 (M^1 in place of M^2) fails on it
    assert pf.check_duplicate(ctx(), c=2 * 2**0.5, samples=2_000).status is Status.REFUTED
    assert pf.check_duplicate(ctx(), c=4.0, samples=2_000).status is Status.CONSISTENT


def test_noisy_map_lipschitz_constant_without_sqrt2_refuted():
    v = dict(pf.STEP_2.values)
    assert pf.check_step_2(**v).status is Status.VERIFIED
    ev = pf.check_step_2(**{**v, "lip_noise": (pf.M_**2 + pf.sigma_**2) ** 0.5})
    assert ev.status is Status.REFUTED and ev.counterexample["ratio"] > ev.counterexample["claimed"]
