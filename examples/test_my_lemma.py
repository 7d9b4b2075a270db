r"""A lemma of your own, checked in pytest: concentration of the norm of a standard Gaussian vector.

Lemma. For X ~ N(0, I_d) and every t >= 0,

    P( | |X| - E|X| | >= t ) <= 2 exp(-t^2 / 2).

(x -> |x| is 1-Lipschitz, and Gaussian concentration gives the bound for every 1-Lipschitz function.) The centre is
known exactly: E|X| = sqrt(2) Gamma((d+1)/2) / Gamma(d/2).

Run with ``pytest examples/`` (add ``--isoper-seed N`` to replay a run; the seed is printed in the header).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from scipy.special import gammaln

from isoper import Gaussian, testing
from isoper import strategies as ist
from isoper.testfunctions import Norm


def standard_gaussian(d: int) -> Gaussian:
    """N(0, I_d): isoper's Gaussian(d) is N(0, I_d/d), so scale it by sqrt(d)."""
    return Gaussian(d, scale=math.sqrt(d))


def mean_norm(d: int) -> float:
    """E|X| for X ~ N(0, I_d) (the mean of a chi distribution with d degrees of freedom)."""
    return math.sqrt(2.0) * math.exp(gammaln((d + 1) / 2) - gammaln(d / 2))


def lemma_bound(t: float) -> float:
    """The lemma's right-hand side."""
    return 2.0 * math.exp(-t * t / 2.0)


def wrong_bound(t: float) -> float:
    """A deliberately wrong constant: 2 exp(-2 t^2) claims four times the true rate in the exponent."""
    return 2.0 * math.exp(-2.0 * t * t)


@pytest.mark.parametrize("t", [1.0, 2.0, 3.0])
def test_norm_concentrates(t: float, isoper_rng: np.random.Generator, isoper_seed: int) -> None:
    d = int(isoper_rng.integers(1, 65))  # a dimension chosen by this test's reproducible generator
    result = testing.check_concentration(
        standard_gaussian(d), Norm(d), t=t, bound=lemma_bound(t), center=mean_norm(d), samples=100_000,
        seed=isoper_seed,
    )
    testing.assert_holds(result)


def test_wrong_constant_is_caught(isoper_rng: np.random.Generator, isoper_seed: int) -> None:
    d = int(isoper_rng.integers(1, 65))
    t = 2.0  # true probability about 5e-3; the wrong bound says 6.7e-4
    result = testing.check_concentration(
        standard_gaussian(d), Norm(d), t=t, bound=wrong_bound(t), center=mean_norm(d), samples=200_000,
        seed=isoper_seed,
    )
    testing.assert_violated(result)


# Many examples, one error budget: each of the 20 examples checks at alpha = 1e-3 / 20, so the whole test fails on
# this true lemma with probability at most 1e-3. Hypothesis draws the seed, so a failure shrinks and replays. (The
# budget also switches hypothesis' per-example deadline off: Monte Carlo examples are slow.)
@testing.alpha_budget(1e-3, max_examples=20)
@given(d=ist.dimensions(1, 32), t=ist.params("t", min_value=0.5, max_value=4.0), seed=ist.seeds())
def test_norm_concentrates_everywhere(d: int, t: float, seed: int) -> None:
    result = testing.check_concentration(
        standard_gaussian(d), Norm(d), t=t, bound=lemma_bound(t), center=mean_norm(d), samples=40_000, seed=seed,
    )
    testing.assert_holds(result)
