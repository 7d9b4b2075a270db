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
