"""Clopper-Pearson bounds exact at every n (issue 14, part 0), against an independent evaluation in mpmath.

The reference is the binomial tail as a finite sum at 50 digits: P(Bin(n, p) >= k) = 1 - sum_{j<k} pmf(j) and
P(Bin(n, p) <= k) = sum_{j<=k} pmf(j). A bound p* is accepted with relative error <= 1e-9 when the reference tail
brackets the target level between p*(1 - 1e-9) and p*(1 + 1e-9) (the tails are monotone in p).
"""

from __future__ import annotations

import math
import os

import mpmath
import pytest

from isoper import binomial_interval
from isoper._bounds import cp_lower, cp_upper

REL = 1e-9
SLOW = pytest.mark.skipif(os.environ.get("ISOPER_SLOW") != "1", reason="long run: set ISOPER_SLOW=1")


def tail(side: str, k: int, n: int, p: float) -> mpmath.mpf:
    """P(Bin(n, p) >= k) for side 'lower', P(Bin(n, p) <= k) for side 'upper', at 50 digits."""
    with mpmath.workdps(50):
        p = mpmath.mpf(p)
        q = 1 - p
        if q <= 0:  # p = 1: Bin(n, 1) = n
            return mpmath.mpf(1 if side == "lower" or k >= n else 0)
        term = q**n
        s = mpmath.mpf(0)
        top = k if side == "lower" else k + 1
        for j in range(top):
            s += term
            term = term * (n - j) / (j + 1) * p / q
        return 1 - s if side == "lower" else s


def assert_exact(side: str, k: int, n: int, a: float) -> None:
    b = cp_lower(k, n, a) if side == "lower" else cp_upper(k, n, a)
    if (side == "lower" and k == 0) or (side == "upper" and k == n):
        return
    lo, hi = tail(side, k, n, b * (1 - REL)), tail(side, k, n, min(b * (1 + REL), 1.0))
    if side == "lower":  # increasing in p
        assert lo <= a <= hi, (side, k, n, a, b, float(lo), float(hi))
    else:  # decreasing in p
        assert hi <= a <= lo, (side, k, n, a, b, float(lo), float(hi))


KS = (0, 1, 2, 3, 5, 10, 50, 100, 500, 999, 1000, 1500, 2000)
NS = (10**4, 10**6, 10**9, 10**12)


@pytest.mark.parametrize("n", NS)
@pytest.mark.parametrize("a", [5e-7, 0.025])
def test_bounds_exact_on_grid(n, a):
    for k in KS:
        assert_exact("lower", k, n, a)
        assert_exact("upper", k, n, a)
        assert cp_lower(k, n, a) <= cp_upper(k, n, a)


def test_small_n_and_k_near_n():
    for n in (1, 2, 3, 7, 60, 2001):
        for k in sorted({0, 1, n // 2, n - 1, n}):
            for a in (0.1, 1e-6):
                assert_exact("lower", k, n, a)
                assert_exact("upper", k, n, a)
                assert cp_lower(k, n, a) <= cp_upper(k, n, a)


def test_issue_reproducers_are_exact():
    """scipy's betaincinv gave 1.1045e-6 (wrong) and an impossible interval (lower 1.90e-6 > upper)."""
    lo, hi = binomial_interval(999, 10**9, 1e-6)
    assert math.isclose(hi, 1.1624e-6, rel_tol=1e-4)  # the exact value, to the issue's 5 digits
    assert_exact("lower", 999, 10**9, 5e-7)
    assert_exact("upper", 999, 10**9, 5e-7)
    lo, hi = binomial_interval(1000, 10**9, 1e-6)
    assert lo < 1000 / 10**9 < hi
    assert_exact("lower", 1000, 10**9, 5e-7)
    assert_exact("upper", 1000, 10**9, 5e-7)
    # a claim with bound 1.12e-6 at k = 999 must not be confirmed: the upper bound lies above it
    assert hi > 1.12e-6


def test_checker_catches_a_wrong_bound():
    """The reference check itself can fail: scipy's old inverse at n = 1e9 is rejected."""
    from scipy import special

    wrong = float(special.betaincinv(1000, 10**9 - 999, 1 - 5e-7))
    ok = tail("upper", 999, 10**9, wrong * (1 + REL)) <= 5e-7 <= tail("upper", 999, 10**9, wrong * (1 - REL))
    assert not ok


@pytest.mark.slow
@SLOW
@pytest.mark.parametrize("n", NS)
def test_bounds_exact_every_k_up_to_2000(n):
    """Every k in 0..2000 (the issue's grid), alpha = 1e-6 split in two sides; ~1 min per n."""
    for k in range(0, 2001):
        assert_exact("lower", k, n, 5e-7)
        assert_exact("upper", k, n, 5e-7)
