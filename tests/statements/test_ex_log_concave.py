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
    assert lc.check_covariance_exact(lc.d_ * lc.lmean_).status is Status.REFUTED
    assert lc.check_covariance_exact(lc.d_ * lc.lmax_ / 4).status is Status.REFUTED
    assert lc.check_covariance_exact(lc.d_ * lc.lmax_).status is Status.CONSISTENT


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


# --------------------------------------------------------------------------------------------------------------
# claims as data: every claim with values carries >= 2 known-false mutants, and each is refuted with a counterexample


def test_every_claim_with_values_has_mutants():
    for sid, claim in Ledger([lc.ex_log_concave]).claims().items():
        if claim.values:
            assert len(claim.mutants) >= 2, sid
            assert all(m.why_false.strip() for m in claim.mutants), sid


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([lc.ex_log_concave]).run_mutants()
    assert len(res) >= 21
    assert not [(m.step_id, str(m.claim)) for m in res if m.survived]
    bad = [(m.step_id, m.mutant.changes, m.status.value, m.evidence.detail[:200]) for m in res
           if m.status is not Status.REFUTED or not m.evidence.counterexample]
    assert not bad


def test_constant_below_d_over_kappa_refuted_on_a_gaussian_with_that_hessian():
    assert lc.check_constant(lc.d_ / lc.kappa_).status is Status.VERIFIED
    assert lc.check_constant(2 * lc.d_ / lc.kappa_).status is Status.VERIFIED  # weaker, still derived
    ev = lc.check_constant(lc.d_ / (2 * lc.kappa_))
    assert ev.status is Status.REFUTED and ev.counterexample["exact"] > ev.counterexample["bound"]


def test_quartic_coordinate_has_power_below_its_least_constant():
    # the coordinate's least constant is ~0.232 (quadrature); 1/5 is caught, 1/4 and 1 are not
    assert lc.quartic_coordinate_check(0.2).status is Status.REFUTED
    assert lc.quartic_coordinate_check(0.25).status is Status.CONSISTENT
    assert lc.quartic_coordinate_check(1.0, scale=3.0).status is Status.REFUTED


def test_instances_read_the_claimed_curvature():
    base = dict(lc.STEP_2.values)
    assert lc.check_instances(**base).status is Status.VERIFIED
    ev = lc.check_instances(**{**base, "kappa_sigma": 1 / lc.lmin_})
    assert ev.status is Status.REFUTED and ev.counterexample["v^T H v"] == "1/2"
