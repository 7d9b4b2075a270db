"""ex-log-concave: c = d/kappa proved for the constant and checked on N(0, Sigma) and a quartic product law; too
small constants (an isotropic average of Sigma, a quarter of d lambda_max, c = 1/8 for the quartic law) are caught."""

from __future__ import annotations

import ex_log_concave as lc
import pytest

from isoper import Context, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([lc.ex_log_concave]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=4)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.CONSISTENT,
                  "step-4": Status.CONSISTENT, "step-5": Status.CONSISTENT, "conclusion": Status.CONSISTENT}


def test_covariance_wrong_constants_refuted_exactly():
    # c = d * mean eigenvalue (1.25 instead of d lambda_max = 2) and c = d lambda_max / 4
    assert lc.check_covariance_exact(c_of_lam=1.25 / 2).status is Status.REFUTED
    assert lc.check_covariance_exact(c_of_lam=0.25).status is Status.REFUTED


def test_covariance_wrong_constant_refuted_by_monte_carlo():
    assert lc.check_covariance_mc(ctx(), factor=0.25).status is Status.REFUTED


def test_quartic_wrong_constant_refuted():
    assert lc.check_quartic(ctx(), c=1 / 8, dims=(16,)).status is Status.REFUTED


def test_covariance_factor_0625_refuted_in_step_4():
    # c = d * mean eigenvalue (factor 0.625) passes the Monte Carlo family but not the exact functional of step 4
    assert lc.check_covariance(ctx(), factor=0.625).status is Status.REFUTED
    assert lc.check_covariance(ctx()).status is Status.CONSISTENT


def test_hessian_facts_are_computed():
    import sympy as sp

    B = sp.Matrix([[2, -1, 0], [1, 3, 1], [0, -2, 1]])
    assert all(lc.covariance_hessian_check(B * B.T + sp.eye(3)).values())
    # an indefinite "covariance" fails Sylvester's criterion
    assert not lc.covariance_hessian_check(sp.Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]]))["Sigma > 0 (Sylvester)"]
    # kappa is read off the Hessian: V = d|x|^2/4 has kappa = d/2, so c = d/kappa = 2, not 1
    d = sp.Symbol("d", positive=True)
    xs = sp.symbols("x1:3", real=True)
    _, kappa = lc._kappa_of(d * sum(x**2 for x in xs) / 4, xs)
    assert sp.simplify(d / kappa) == 2
