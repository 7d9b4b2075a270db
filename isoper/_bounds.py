r"""Confidence bounds for a binomial proportion: exact Clopper-Pearson at a fixed n, and an anytime-valid
confidence sequence (Robbins' beta-binomial mixture) for checks that size themselves.

Clopper-Pearson. With K ~ Bin(n, p), the one-sided bounds at level a solve

    lower:  P(Bin(n, p) >= k) = I_p(k, n - k + 1) = a,      upper:  P(Bin(n, p) <= k) = 1 - I_p(k + 1, n - k) = a,

where I is the regularized incomplete beta function. scipy's ``betaincinv`` is off by several percent near
n = 1e9 (issue 14: ``binomial_interval(999, 10**9, 1e-6)`` gave 1.1045e-6 for 1.1624e-6), so the inverse is only a
starting point: the root is found (or confirmed) by bracketing in log p and Brent's method on the forward function
``betainc``/``betaincc``, which scipy evaluates accurately; mpmath is the fallback when the forward value is not finite.

Robbins' mixture (Robbins 1970; Howard, Ramdas, McAuliffe, Sekhon 2021, Sec. 3). For X_1, X_2, ... i.i.d. Bernoulli(p)
and any prior pi on q, M_n(p) = \int prod_i q^{X_i}(1-q)^{1-X_i} d pi(q) / prod_i p^{X_i}(1-p)^{1-X_i} is a nonnegative
martingale with mean 1 under p; by Ville's inequality P(exists n: M_n(p) >= 1/a) <= a. So {p : M_n(p) < 1/a} is a
confidence sequence: it contains p at every n simultaneously with probability >= 1 - a, whenever one stops. With a
beta prior M_n has the closed form B(a0 + S, b0 + n - S) / B(a0, b0) / (p^S (1-p)^(n-S)); we use a finite mixture of
beta priors (a mixture of martingales with mean 1 is one), all with mean at the claimed bound and concentrations
spread over several scales, so both clear and close claims are decided quickly. log M_n is convex in p, so the set
is an interval, found by two root searches.
"""

from __future__ import annotations

import math
from functools import lru_cache

import mpmath
import numpy as np
from scipy import optimize, special

__all__ = ["cp_lower", "cp_upper", "mixture_log_martingale", "mixture_interval", "MixturePrior"]

_LOG_FLOOR = -1e4  # log of a forward value that underflowed: far below any target, keeps Brent's method finite


def _log_forward(side: str, k: int, n: int, p: float) -> float:
    """log P(Bin(n, p) >= k) (side 'lower') or log P(Bin(n, p) <= k) (side 'upper')."""
    if side == "lower":
        v = special.betainc(k, n - k + 1, p)
    else:
        v = special.betaincc(k + 1, n - k, p)
    if not math.isfinite(v):
        with mpmath.workdps(30):
            a, b = (k, n - k + 1) if side == "lower" else (k + 1, n - k)
            r = mpmath.betainc(a, b, 0, p, regularized=True)
            v = float(r if side == "lower" else 1 - r)
    return math.log(v) if v > 0 else _LOG_FLOOR


def _solve(side: str, k: int, n: int, a: float, guess: float) -> float:
    """The p in (0, 1) with forward(p) = a, the forward function monotone in p (increasing for 'lower')."""
    la = math.log(a)
    g = lambda u: _log_forward(side, k, n, math.exp(u)) - la  # noqa: E731
    sign = 1.0 if side == "lower" else -1.0  # g is increasing in u for 'lower', decreasing for 'upper'
    u0 = math.log(guess) if 0 < guess < 1 and math.isfinite(guess) else math.log(max(k, 1) / n)
    u0 = min(u0, -1e-300)
    g0 = g(u0)
    if g0 == 0:
        return math.exp(u0)
    # bracket: step away from u0 in the direction that changes the sign, doubling the step
    step = 1e-6
    direction = -1.0 if sign * g0 > 0 else 1.0
    lo = hi = u0
    for _ in range(200):
        u1 = u0 + direction * step
        if u1 >= 0:
            u1 = math.log1p(-1e-16) if u0 < math.log1p(-1e-16) else u0 / 2
        g1 = g(u1)
        if g1 == 0:
            return math.exp(u1)
        if (g1 > 0) != (g0 > 0):
            lo, hi = min(u0, u1), max(u0, u1)
            break
        u0, g0, step = u1, g1, step * 2
    else:  # pragma: no cover - the forward function spans (0, 1) in p, so a bracket always exists
        raise ArithmeticError(f"no bracket for the Clopper-Pearson bound (side={side}, k={k}, n={n}, a={a})")
    u = optimize.brentq(g, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
    return math.exp(u)


@lru_cache(maxsize=65536)
def cp_lower(k: int, n: int, a: float) -> float:
    """One-sided lower Clopper-Pearson bound at level a: P(bound > p) <= a for every p. 0 when k = 0."""
    if k == 0:
        return 0.0
    if k == n:  # P(Bin >= n) = p^n = a
        return math.exp(math.log(a) / n)
    return _solve("lower", k, n, a, float(special.betaincinv(k, n - k + 1, a)))


@lru_cache(maxsize=65536)
def cp_upper(k: int, n: int, a: float) -> float:
    """One-sided upper Clopper-Pearson bound at level a: P(bound < p) <= a for every p. 1 when k = n."""
    if k == n:
        return 1.0
    if k == 0:  # P(Bin <= 0) = (1 - p)^n = a
        return -math.expm1(math.log(a) / n)
    return _solve("upper", k, n, a, float(special.betaincinv(k + 1, n - k, 1 - a)))


# -------------------------------------------------------------------------------------------------------------
# Robbins' beta-binomial mixture

class MixturePrior:
    """A finite mixture of beta priors on q, all with mean ``centre``, pseudo-event counts ``events``, equal weights.

    A prior with pseudo-event count e (Beta(e, e (1 - c)/c)) is tuned to decide, at level a, a deviation seen after
    about e (2 log(1/a) + log(2 log 1/a)) events (the Gaussian-mixture optimum of Howard et al. 2021, Prop. 2 /
    Robbins' normal mixture); spreading e over powers of 4 costs log(#priors) in the threshold and decides clear and
    close claims alike.
    """

    def __init__(self, centre: float, events: tuple[float, ...] = (0.25, 1.0, 4.0, 16.0, 64.0, 256.0)) -> None:
        c = min(max(centre, 1e-300), 1 - 1e-12)
        self.centre = c
        self.a = np.array(events, dtype=float)
        self.b = self.a * (1 - c) / c
        self.log_w = -math.log(len(events))
        self.betaln0 = special.betaln(self.a, self.b)


def mixture_log_martingale(prior: MixturePrior, s: int, n: int, p: float | np.ndarray) -> np.ndarray:
    """log M_n(p) for S = s events in n draws: log of mean over priors of B(a+s, b+n-s)/B(a, b), minus the log
    likelihood s log p + (n - s) log(1 - p)."""
    num = special.logsumexp(special.betaln(prior.a + s, prior.b + (n - s)) - prior.betaln0) + prior.log_w
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        ll = (s * np.log(p) if s else 0.0) + ((n - s) * np.log1p(-p) if n - s else 0.0)
    return num - ll


def mixture_interval(prior: MixturePrior, s: int, n: int, a: float) -> tuple[float, float]:
    """[L, U] = {p : M_n(p) < 1/a}: with probability >= 1 - a it holds for every n at once that L <= p <= U.

    log M_n(p) is convex in p with its minimum at (near) s/n, so each end is a single root.
    """
    thr = math.log(1 / a)
    f = lambda u: float(mixture_log_martingale(prior, s, n, 1 / (1 + math.exp(-u)))) - thr  # noqa: E731, p = logistic(u)
    phat = min(max(s / n, 1e-300), 1 - 1e-16)
    # the minimiser of log M_n in p is exactly s/n (the likelihood's maximum), where f < 0 unless no p qualifies
    u_hat = math.log(phat) - math.log1p(-phat)
    if f(u_hat) >= 0:  # pragma: no cover - M_n(s/n) >= 1/a cannot happen for a mixture of priors (M <= max likelihood ratio)
        return phat, phat

    def end(direction: float, limit: float) -> float:
        if s == (0 if direction < 0 else n):
            return limit
        step, u0 = 1.0, u_hat
        for _ in range(2000):
            u1 = u_hat + direction * step
            if f(u1) >= 0:
                lo, hi = sorted((u0, u1))
                u = optimize.brentq(f, lo, hi, xtol=1e-13)
                return 1 / (1 + math.exp(-u))
            u0, step = u1, step * 2
            if step > 1e4:
                return limit
        return limit  # pragma: no cover

    lower = end(-1.0, 0.0)
    upper = end(1.0, 1.0)
    # widen by a relative hair so that the root-finder's tolerance never makes the interval too short
    return max(0.0, lower * (1 - 1e-12)), min(1.0, upper * (1 + 1e-12))
