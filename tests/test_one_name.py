"""One name, one behaviour: the top-level checks are the testing layer's (alpha budget, --isoper-alpha, recording),
their reproduce line reruns the same check, and the textbook Gaussian is one call."""

from __future__ import annotations

import math

import numpy as np
import pytest

import isoper
from isoper import Gaussian, montecarlo, standard_gaussian, testing


def f(x: np.ndarray) -> np.ndarray:
    return x[:, 0]


def test_top_level_checks_honour_the_alpha_budget() -> None:
    with testing.alpha_budget(1e-3, max_examples=4) as budget:
        r = isoper.check_concentration(Gaussian(4), f, t=1.0, bound=0.5, center=0.0, samples=2000, seed=1)
    assert r.alpha == budget.alpha == 2.5e-4
    r = isoper.check_concentration(Gaussian(4), f, t=1.0, bound=0.5, center=0.0, samples=2000, seed=1)
    assert r.alpha == testing.DEFAULT_ALPHA
    testing.set_default_alpha(1e-2)  # what --isoper-alpha does
    try:
        assert isoper.check_event(Gaussian(4), lambda x: x[:, 0] > 0, bound=0.6, samples=1000, seed=1).alpha == 1e-2
    finally:
        testing.set_default_alpha(None)


def test_reproduce_line_reruns_the_same_check_for_a_scaled_measure() -> None:
    mu = Gaussian(16, scale=4.0)  # N(0, I): x_0 ~ N(0, 1)
    r = isoper.check_concentration(mu, f, t=2.5, bound=0.02, lipschitz=1.0, samples=100_000, seed=5)
    assert "Gaussian(d=16, mean=None, scale=4.0)" in r.reproduce and "lipschitz=1.0" in r.reproduce
    assert "seed=5" in r.reproduce and "samples=100000" in r.reproduce
    python = r.extra["python"]
    assert python.startswith("check_concentration(")
    again = eval(python, {"check_concentration": isoper.check_concentration, "Gaussian": Gaussian, "f": f})
    assert (again.count, again.samples, again.lower, again.upper, again.verdict) == \
        (r.count, r.samples, r.lower, r.upper, r.verdict)
    assert "python:" in testing.describe(r) and python in testing.describe(r)
    # the engine's own line names the measure by its dimension only: run literally, it checks another claim
    engine = montecarlo.check_concentration(mu, f, t=2.5, bound=0.02, lipschitz=1.0, samples=100_000, seed=5)
    assert "Gaussian(d=16)" in engine.call
    literal = montecarlo.check_concentration(Gaussian(16), f, t=2.5, bound=0.02, lipschitz=1.0, samples=100_000,
                                             seed=5)
    assert literal.count != r.count


def test_given_center_appears_in_the_reproduce_line() -> None:
    r = isoper.check_concentration(Gaussian(4), f, t=1.0, bound=0.5, center=0.0, samples=1000, seed=2)
    assert "center=0.0" in r.reproduce


def test_standard_gaussian_is_the_textbook_normalisation() -> None:
    mu = standard_gaussian(9)
    assert mu == Gaussian(9, scale=3.0)
    x = mu.sample(200_000, np.random.default_rng(0))
    assert abs(x.var() - 1.0) < 0.01  # N(0, I_d): unit variance per coordinate
    assert abs(Gaussian(9).sample(200_000, np.random.default_rng(0)).var() - 1 / 9) < 0.01
    assert float(mu.isoperimetry_constant) == pytest.approx(9.0)
    assert math.isclose(mu.poincare_constant, 1.0)
    with pytest.raises(ValueError, match="d"):
        standard_gaussian(0)
