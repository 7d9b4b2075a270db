"""ex-gaussian: step 1 proved, the conclusion consistent; c = 1/4 and the wrong measure N(0, 4 I/d) are caught."""

from __future__ import annotations

import ex_gaussian
import pytest
from _isoperimetry_checks import exact_linear_check, family_check

from isoper import Context, Gaussian, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([ex_gaussian.ex_gaussian]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=1)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "conclusion": Status.CONSISTENT}


def test_quarter_constant_refuted_exactly():
    # 2 Phi^c(x) > 2 exp(-2 x^2) near x = 1: the claim with c = 1/4 fails for a linear f
    ev = exact_linear_check(Gaussian(16), 0.25)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["exact"] > ev.counterexample["bound"]


def test_quarter_constant_refuted_by_monte_carlo():
    ev = family_check(ctx(), Gaussian(16), 0.25, samples=20_000)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["lower"] > ev.counterexample["bound"]


def test_wrong_measure_refuted():
    # Gaussian(d, scale=2) = N(0, 4 I/d) has c = 4; claiming the standard Gaussian's c = 1 fails
    mu = Gaussian(16, scale=2.0)
    assert float(mu.isoperimetry_constant) == 4.0
    assert exact_linear_check(mu, 1.0).status is Status.REFUTED
    assert family_check(ctx(), mu, 1.0, samples=20_000).status is Status.REFUTED
    assert exact_linear_check(mu, 4.0).status is Status.CONSISTENT
    assert family_check(ctx(), mu, 4.0, samples=20_000).status is Status.CONSISTENT
