"""ex-sphere: steps 1-3 proved (the log-Sobolev constant itself cited, and labelled so), the conclusion consistent;
c = 1/2, a wrong log-Sobolev constant, a wrong Herbst exponent and the sphere of radius 2 are caught; the
conclusion spends at most its alpha.

The variant with exponent d t^2 (c = 1) is NOT refuted by any tail we can test: spheres concentrate at least as
well as N(0, I_d/d) on linear functions, whose tails even satisfy the Herbst bound with rho ~ 1.2 (d - 1) at
d = 256 (asserted below, so a change is noticed). The wrong log-Sobolev constant rho = d is refuted instead through
the Poincare inequality it implies (exact moments of x_1).
"""

from __future__ import annotations

import math

import ex_sphere
import sympy as sp
import pytest
from _alpha import alphas_spent
from _isoperimetry_checks import exact_linear_check, family_check

from isoper import Context, Ledger, PushForward, Sphere, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([ex_sphere.ex_sphere]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=2)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence for s in ledger.statements[0].steps}
    assert {k: e.status for k, e in st.items()} == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED,
                                                    "step-3": Status.VERIFIED, "conclusion": Status.CONSISTENT}
    # the log-Sobolev constant is cited, and said to be
    for k in ("step-1", "conclusion"):
        assert "[cited, not checked" in st[k].detail and "Mueller-Weissler" in st[k].detail, k


def test_conclusion_spends_at_most_its_alpha(monkeypatch):
    c = Context(step_id="test", alpha=1e-3, seed=2, claim=ex_sphere.CONCLUSION)
    spent = alphas_spent(monkeypatch, ex_sphere.conclusion, c, [ex_sphere])
    assert len(spent) == 15  # 5 test functions x 3 dimensions
    assert sum(spent) <= c.alpha * (1 + 1e-12)


def test_wrong_log_sobolev_constant_refuted_exactly():
    for d in (2, 3, 16, 256):
        assert ex_sphere.lsi_constant_check(d - 1, d).status is Status.INCONCLUSIVE  # equality: not refuted
        ev = ex_sphere.lsi_constant_check(d, d)
        assert ev.status is Status.REFUTED, d
        assert ev.counterexample["rho"] == str(d)
    assert ex_sphere.lsi_constant_check(15.000001, 16).status is Status.REFUTED  # exact, no rounding to 15


def test_wrong_herbst_exponent_not_verified():
    assert ex_sphere.prove_herbst().status is Status.VERIFIED
    wrong = ex_sphere.prove_herbst(claimed_exponent=lambda rho, t, L: -rho * t**2 / L**2)  # lost the factor 1/2
    assert wrong.status is not Status.VERIFIED


def test_gross_log_sobolev_error_refuted_by_exact_tails():
    # a Herbst tail with rho = 2 (d - 1) is contradicted by the exact tail of x_1 (only where it really is)
    for d in (16, 256):
        ev = exact_linear_check(Sphere(d), d / (2 * (d - 1)))
        assert ev.status is Status.REFUTED, d
        assert ev.counterexample["exact"] > ev.counterexample["bound"]
    # rho = 1.2 (d - 1) at d = 256 is beyond what linear tails can decide
    assert exact_linear_check(Sphere(256), 256 / (1.2 * 255)).status is Status.CONSISTENT


def test_half_constant_refuted():
    assert exact_linear_check(Sphere(256), 0.5).status is Status.REFUTED
    ev = family_check(ctx(), Sphere(64), 0.5, bounds=(0.002,), samples=20_000)
    assert ev.status is Status.REFUTED


def test_exponent_d_variant_is_not_refuted():
    for d in (2, 3, 16, 256):
        assert exact_linear_check(Sphere(d), 1.0).status is Status.CONSISTENT


def test_wrong_measure_refuted():
    # the sphere of radius 2 (image of Sphere(d) by x -> 2x, M = 2) has c = 4 d/(d-1), not d/(d-1)
    d = 64
    mu = PushForward(Sphere(d), lambda x: 2 * x, lipschitz=2.0, out_dim=d)
    assert float(mu.isoperimetry_constant) == pytest.approx(4 * d / (d - 1))
    assert family_check(ctx(), mu, d / (d - 1), samples=20_000).status is Status.REFUTED
    assert family_check(ctx(), mu, 4 * d / (d - 1), samples=20_000).status is Status.CONSISTENT


def test_mutants_all_refuted_with_counterexamples():
    muts = Ledger([ex_sphere.ex_sphere]).run_mutants()
    assert len(muts) >= 12
    for m in muts:
        assert m.status is Status.REFUTED and m.evidence.counterexample, (m.step_id, str(m.claim), m.evidence.detail)
    for s in ex_sphere.ex_sphere.steps:
        if s.claim.values:
            assert len(s.claim.mutants) >= 2, s.id


def test_herbst_denominators():
    ctx0 = ctx()
    assert ex_sphere.check_step_2(ctx0).status is Status.VERIFIED
    assert ex_sphere.check_step_2(ctx0, k=1).status is Status.REFUTED
    assert ex_sphere.check_step_2(ctx0, m=4).status is Status.REFUTED
    assert ex_sphere.check_step_2(ctx0, k=3).status is Status.VERIFIED  # weaker tail: implied


def test_radius_two_refuted_exactly():
    ev = ex_sphere.check_conclusion(ctx(), r=2)
    assert ev.status is Status.REFUTED and ev.counterexample["dilation"] == 2.0


# --------------------------------------------------------------------------------------------------------------
# audit follow-up: constants whose limit is below 1 fail only at large d (sqrt(d) x_1 -> N(0, 1)); rows 100, 21


def _run(step_id: str, **values):
    """The registered checker of ``step_id`` on its claim with ``values`` replaced (as the audit harness does)."""
    L = Ledger([ex_sphere.ex_sphere])
    step = {s.id: s for s in ex_sphere.ex_sphere.steps}[step_id]
    return step.checker(L.context(step_id, **values))


def test_exact_beta_tail_in_log_space_matches_the_audit_point():
    from _isoperimetry_checks import sphere_coordinate_log_tail, sphere_coordinate_log_tail_lower

    # d = 10^4, t = 0.08: log P = -34.42 > log bound -34.86 at c = 9/10 (audit row 100, mpmath)
    assert sphere_coordinate_log_tail(10**4, 0.08) == pytest.approx(-34.4198, abs=1e-3)
    lo = float(sphere_coordinate_log_tail_lower(10**4, 0.08))
    assert lo == pytest.approx(sphere_coordinate_log_tail(10**4, 0.08), abs=1e-9)
    assert lo > math.log(2) - 10**4 * 0.08**2 / (2 * 0.9)
    # against scipy where floats suffice
    from scipy import special

    for q, u in ((16, 0.5), (256, 0.1), (1000, 0.05)):
        ref = math.log(2 * special.betainc((q - 1) / 2, (q - 1) / 2, (1 - u) / 2))
        assert sphere_coordinate_log_tail(q, u) == pytest.approx(ref, rel=1e-12)


@pytest.mark.parametrize("c", [sp.Rational(9, 10), sp.Rational(99, 100),
                               sp.Rational(9, 10) * ex_sphere.d_ / (ex_sphere.d_ - 1)])
def test_constants_below_the_gaussian_limit_refuted_at_large_d(c):
    ev = _run("ex-sphere/conclusion", c=c)  # consistent before the large-d search (fixed d <= 256 only)
    assert ev.status is Status.REFUTED, ev.detail
    cex = ev.counterexample
    assert cex["q"] > 256 and cex["log_exact_lower"] > cex["log_bound"]


def test_recorded_constant_survives_the_large_d_search():
    assert ex_sphere.large_dimension_check(ex_sphere.d_ / (ex_sphere.d_ - 1)).status is Status.CONSISTENT
    assert ex_sphere.large_dimension_check(sp.Integer(1)).status is Status.CONSISTENT


def test_rho_false_at_the_sharp_constant_refuted():
    ev = _run("ex-sphere/step-3", rho_false=ex_sphere.d_ - 1)  # was inconclusive
    assert ev.status is Status.REFUTED and ev.counterexample["rho"] == "1"
    assert _run("ex-sphere/step-3").status is Status.VERIFIED
