"""ex-ricci: c = d/R (ambient d) proved, the curvature of the examples computed from their metrics, and the product
of spheres checked; adding the factors' Ricci curvatures (a common slip) gives a constant that is caught."""

from __future__ import annotations

import ex_ricci
import pytest

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
