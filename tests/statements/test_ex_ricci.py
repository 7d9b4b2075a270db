"""ex-ricci: c = d/R (ambient d) proved, the curvature of the examples computed from their metrics, and the product
of spheres checked; adding the factors' Ricci curvatures (a common slip) gives a constant that is caught."""

from __future__ import annotations

import math

import ex_ricci
import pytest
import sympy as sp

from isoper import Context, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([ex_ricci.ex_ricci]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=5)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.VERIFIED,
                  "step-4": Status.CONSISTENT, "step-5": Status.VERIFIED, "step-6": Status.CONSISTENT,
                  "conclusion": Status.CONSISTENT}


def added_ricci(m: int) -> float:
    """The wrong constant from Ric(product) = sum of the factors' = 2(m-2)/r^2: c = m/(2(m-2))."""
    return m / (2 * (m - 2))


def test_added_ricci_refuted_exactly():
    ev = ex_ricci.product_exact(c_of_m=added_ricci, ms=(64, 256))
    assert ev.status is Status.REFUTED
    assert ev.counterexample["exact"] > ev.counterexample["bound"]


def test_added_ricci_refuted_by_monte_carlo():
    ev = ex_ricci.product_mc(ctx(), c_of_m=added_ricci, ms=(32,), samples=50_000, bounds=(0.005,))
    assert ev.status is Status.REFUTED
    assert ex_ricci.product_mc(ctx(), ms=(32,), samples=50_000, bounds=(0.005,)).status is Status.CONSISTENT


def test_step_4_checks_the_sharp_constant_too():
    assert ex_ricci.check_step_4().status is Status.CONSISTENT
    # half the sharp constant d/(d-1) is caught by the exact linear tail that step 4 now also checks
    ev = ex_ricci.check_step_4(c_sharp=ex_ricci.d_ / (2 * (ex_ricci.d_ - 1)))
    assert ev.status is Status.REFUTED
    assert ev.counterexample["exact"] > ev.counterexample["bound"]


def test_step_5_curvature_is_computed_not_restated():
    assert ex_ricci.check_step_5().status is Status.VERIFIED
    # adding the factors' Ricci curvatures (2(m-2)/r^2) disagrees with the curvature computed from the metric
    ev = ex_ricci.check_step_5(R=2 * (ex_ricci.m_ - 2) / ex_ricci.r_**2)
    assert ev.status is Status.REFUTED and ev.counterexample["m"] == 3


# --------------------------------------------------------------------------------------------------------------
# claims as data: every claim with values carries >= 2 known-false mutants, and each is refuted with a counterexample


def test_every_claim_with_values_has_mutants():
    for sid, claim in Ledger([ex_ricci.ex_ricci]).claims().items():
        if claim.values:
            assert len(claim.mutants) >= 2, sid
            assert all(m.why_false.strip() for m in claim.mutants), sid


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([ex_ricci.ex_ricci]).run_mutants()
    assert len(res) >= 23
    assert not [(m.step_id, str(m.claim)) for m in res if m.survived]
    bad = [(m.step_id, m.mutant.changes, m.status.value, m.evidence.detail[:200]) for m in res
           if m.status is not Status.REFUTED or not m.evidence.counterexample]
    assert not bad


def test_intrinsic_dimension_in_place_of_ambient_refuted_on_a_low_dimensional_sphere():
    ev = ex_ricci.check_ricci_constant(ex_ricci.n_ / ex_ricci.R_)
    assert ev.status is Status.REFUTED and ev.counterexample["n"] == 2  # S^2(r) in R^3 c R^d, x_1 uniform
    assert ex_ricci.check_ricci_constant(ex_ricci.d_ / ex_ricci.R_).status is Status.VERIFIED


def test_chord_arc_factor_below_one_refuted():
    import sympy as sp

    assert ex_ricci.check_step_2(1).status is Status.VERIFIED
    assert ex_ricci.check_step_2(sp.Rational(99, 100)).status is Status.REFUTED


# --------------------------------------------------------------------------------------------------------------
# audit follow-up: rows 122 (a constant tending to 9/10 fails only at large m) and 31 (the value at r0 is an identity)


def _run(step_id: str, **values):
    """The registered checker of ``step_id`` on its claim with ``values`` replaced (as the audit harness does)."""
    L = Ledger([ex_ricci.ex_ricci])
    step = {s.id: s for s in ex_ricci.ex_ricci.steps}[step_id]
    return step.checker(L.context(step_id, **values))


@pytest.mark.parametrize("c", [9 * ex_ricci.m_ / (10 * (ex_ricci.m_ - 2)), sp.Rational(99, 100)])
def test_constants_below_the_gaussian_limit_refuted_at_large_m(c):
    ev = _run("ex-ricci/step-6", c=c)  # consistent before: only m <= 64 had exact tails
    assert ev.status is Status.REFUTED, ev.detail
    cex = ev.counterexample
    assert cex["q"] > 64 and cex["d"] == 2 * cex["q"] and cex["log_exact_lower"] > cex["log_bound"]


def test_audit_point_m_1e5():
    # m = 1e5, r = 1/sqrt 2, x = t sqrt(2m) = 10: log P = -52.56 > log bound -54.86 at c = 9m/(10(m-2))
    from _isoperimetry_checks import sphere_coordinate_log_tail_lower

    m, x = 10**5, 10.0
    t = x / math.sqrt(2 * m)
    lo = float(sphere_coordinate_log_tail_lower(m, t * math.sqrt(2)))
    assert lo == pytest.approx(-52.56, abs=0.01)
    assert lo > math.log(2) - x * x / (2 * 0.9 * m / (m - 2))


def test_recorded_product_constant_survives_the_large_m_search():
    assert ex_ricci.product_large_m().status is Status.CONSISTENT


def test_value_at_r0_is_an_identity():
    ev = _run("ex-ricci/step-5", r0=sp.Rational(1, 2))  # was inconclusive: c(m, 1/2) = m/(2(m-2)), not m/(m-2)
    assert ev.status is Status.REFUTED and ev.counterexample["m"] == 3
    assert ev.counterexample["c(m, r0)"] == "3/2" and ev.counterexample["stated"] == "3"
    assert ex_ricci.check_step_5(r0=sp.Rational(1, 2), c_r0=ex_ricci.m_ / (2 * (ex_ricci.m_ - 2))).status \
        is Status.VERIFIED
