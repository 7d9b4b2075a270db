"""Measures: shapes, supports, reproducibility, exact linear laws, isoperimetry constants and their sources."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from isoper import DiscreteCube, Gaussian, InvalidParameter, Mixture, PushForward, SolidCube, Sphere, check_event

D = 7


@pytest.mark.parametrize("mu", [Gaussian(D), Sphere(D), SolidCube(D), DiscreteCube(D),
                                Mixture([0.3, 0.7], [Gaussian(D), Sphere(D)]),
                                PushForward(Gaussian(D), lambda x: 2 * x, lipschitz=2.0)])
def test_sample_shape_dtype_and_reproducibility(mu):
    a = mu.sample(11, np.random.default_rng(3))
    b = mu.sample(11, np.random.default_rng(3))
    assert a.shape == (11, D) and a.dtype == np.float64
    assert np.array_equal(a, b)
    assert mu.sample(0, np.random.default_rng(0)).shape == (0, D)
    assert mu.dim == D


def test_supports():
    rng = np.random.default_rng(0)
    assert np.allclose(np.linalg.norm(Sphere(D).sample(1000, rng), axis=1), 1.0)
    x = SolidCube(D).sample(1000, rng)
    assert x.min() >= 0 and x.max() <= 1 / math.sqrt(D)
    y = DiscreteCube(D).sample(1000, rng)
    assert set(np.unique(np.round(y * 2 * math.sqrt(D), 12))) == {-1.0, 1.0}
    # both cubes have diameter 1
    assert math.isclose(math.sqrt(D) / math.sqrt(D), 1.0)


def test_constants_and_sources():
    assert float(Gaussian(5).isoperimetry_constant) == 1.0
    assert Gaussian(5, scale=3.0).isoperimetry_constant.expr == 9
    assert Sphere(5).isoperimetry_constant.expr == sp.Rational(5, 4)
    assert Sphere(1).isoperimetry_constant.expr == 1 / (2 * sp.log(2))
    assert SolidCube(5).isoperimetry_constant.expr == 1 / (2 * sp.pi)
    assert DiscreteCube(5).isoperimetry_constant is None
    assert DiscreteCube(8).dimension_dependent_constant.expr == 2
    assert Mixture([0.5, 0.5], [Gaussian(3), Gaussian(3, mean=(4, 0, 0))]).isoperimetry_constant is None
    assert Mixture([1.0], [Gaussian(3)]).isoperimetry_constant == 1.0
    pf = PushForward(Gaussian(4), lambda x: np.hstack([x, x]), lipschitz=math.sqrt(2))
    # c M^2 d'/d = 1 * 2 * 8/4, with M the float sqrt(2) taken at its exact binary value (a hair above sqrt 2)
    assert pf.dim == 8 and 4 <= pf.isoperimetry_constant.expr <= 4 * (1 + 1e-15)
    for mu in (Gaussian(3), Sphere(3), SolidCube(3), DiscreteCube(3)):
        assert isinstance(mu.isoperimetry_note, str) and mu.isoperimetry_note


def test_sphere_d1_constant_is_tight():
    # on S^0 a 1-Lipschitz f with f(1) - f(-1) = 2 deviates by exactly 1 = L with probability one
    c = float(Sphere(1).isoperimetry_constant)
    assert math.isclose(2 * math.exp(-1 / (2 * c)), 1.0)


def test_gaussian_linear_law_exact():
    mu = Gaussian(4, mean=(1.0, 0, 0, 0), scale=2.0)
    a = np.array([1.0, 2.0, 0, 0])
    s = np.linalg.norm(a) * 2.0 / 2.0
    assert math.isclose(mu.linear_mean(a), 1.0)
    assert math.isclose(mu.linear_tail(a, 0.7), 2 * stats.norm.sf(0.7 / s), rel_tol=1e-12)
    assert math.isclose(mu.linear_cdf(a, 0.3), stats.norm.cdf((0.3 - 1) / s), rel_tol=1e-12)


@pytest.mark.parametrize("d", [2, 3, 10, 50])
def test_sphere_linear_law_against_simulation(d):
    """The Beta law of <a, X> on the sphere agrees with sampling (a two-sided exact binomial test at 1e-6)."""
    mu = Sphere(d)
    a = np.ones(d) / math.sqrt(d) * 0.8
    t = 0.8 * 0.9 / math.sqrt(d)
    p = mu.linear_tail(a, t)
    hi = check_event(mu, lambda x: np.abs(x @ a) >= t, bound=p, samples=100_000, seed=d, alpha=1e-6)
    lo = check_event(mu, lambda x: np.abs(x @ a) >= t, bound=p, samples=100_000, seed=d, alpha=1e-6,
                     direction=">=")
    assert hi.verdict != "violated" and lo.verdict != "violated", (hi, lo)


def test_sphere_d1_linear_law():
    mu = Sphere(1)
    assert mu.linear_tail(np.array([1.0]), 0.5) == 1.0
    assert mu.linear_tail(np.array([1.0]), 1.5) == 0.0


def test_mixture_labels_and_linear_law():
    mu = Mixture([0.25, 0.75], [Gaussian(2), Gaussian(2, mean=(10.0, 0.0))])
    x, lab = mu.sample_with_labels(4000, np.random.default_rng(1))
    assert np.all((x[:, 0] > 5) == (lab == 1))
    assert abs((lab == 1).mean() - 0.75) < 0.05
    assert math.isclose(mu.linear_mean(np.array([1.0, 0.0])), 7.5)


def test_pushforward_checks_shape():
    pf = PushForward(Gaussian(3), lambda x: x[:, :2], lipschitz=1.0)
    assert pf.dim == 2
    bad = PushForward(Gaussian(3), lambda x: x[:, :2] if len(x) == 2 else x[:1, :2], lipschitz=1.0)
    with pytest.raises(InvalidParameter, match="T returned shape"):
        bad.sample(5, np.random.default_rng(0))


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda: Gaussian(0), "d"),
        (lambda: Gaussian(-3), "d"),
        (lambda: Gaussian(2.5), "d"),
        (lambda: Gaussian(True), "d"),
        (lambda: Gaussian("3"), "d"),
        (lambda: Gaussian(3, scale=float("nan")), "scale"),
        (lambda: Gaussian(3, scale=-1), "scale"),
        (lambda: Gaussian(3, mean=(0, 0)), "mean"),
        (lambda: Sphere(0), "d"),
        (lambda: SolidCube(-1), "d"),
        (lambda: DiscreteCube(1.5), "d"),
        (lambda: Mixture([0.5, 0.6], [Gaussian(2), Gaussian(2)]), "weights"),
        (lambda: Mixture([0.5, 0.5], [Gaussian(2), Gaussian(3)]), "dimension"),
        (lambda: Mixture([1.0], [3]), "components"),
        (lambda: Mixture([float("nan"), 1.0], [Gaussian(2), Gaussian(2)]), "weights"),
        (lambda: PushForward(Gaussian(2), lambda x: x, lipschitz=-1), "lipschitz"),
        (lambda: PushForward(Gaussian(2), lambda x: x[:, 0], lipschitz=1), "T"),
        (lambda: Gaussian(3).sample(-1, np.random.default_rng(0)), "size"),
        (lambda: Gaussian(3).sample(10, 0), "rng"),
        (lambda: Gaussian(3).linear_tail(np.ones(2), 0.1), "a"),
        (lambda: Gaussian(3).linear_tail(np.ones(3), -0.1), "t"),
        (lambda: Sphere(3).linear_tail(np.array([1.0, np.nan, 0]), 0.1), "a"),
    ],
)
def test_invalid_input_names_the_parameter(make, name):
    with pytest.raises((ValueError, TypeError), match=name):
        make()


def test_float_constants_are_never_rounded_down():
    # nsimplify would read 0.70710679 as a nearby closed form and give c = 1/2 < M^2; the exact binary value is kept
    for M in (0.70710679, 1.4142136, math.sqrt(2), 0.1):
        pf = PushForward(Gaussian(3), lambda x, M=M: M * x, lipschitz=M)
        assert pf.isoperimetry_constant.expr >= sp.Rational(M) ** 2
        assert Gaussian(3, scale=M).isoperimetry_constant.expr == sp.Rational(M) ** 2
