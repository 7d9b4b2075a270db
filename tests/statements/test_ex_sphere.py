"""ex-sphere: step 1 proved, the conclusion consistent; c = 1/2 and the sphere of radius 2 are caught.

The variant with exponent d t^2 (c = 1) is NOT a usable wrong variant: spheres concentrate at least as well as the
Gaussian N(0, I_d/d) on the functions we can test, and no check refutes it (asserted below, so a change is noticed).
"""

from __future__ import annotations

import ex_sphere
import pytest
from _isoperimetry_checks import exact_linear_check, family_check

from isoper import Context, Ledger, PushForward, Sphere, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([ex_sphere.ex_sphere]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=2)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "conclusion": Status.CONSISTENT}


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
