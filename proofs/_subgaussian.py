"""Shared by the subgaussian statements (def-subgaussian, prop-subgaussian-sum, thm-finite).

Convention (PAPER.md, text after Definition 1.1): X is C-subgaussian if P(|X| >= t) <= 2 exp(-t^2/C) for all t >= 0.

What lives here:

* rigorous Gaussian tail facts: Phi^c(x) <= exp(-x^2/2) and the Mills lower bound Phi^c(x) >= phi(x) x/(1 + x^2),
  both proved with sympy; ``gaussian_violation`` uses the lower bound in interval arithmetic to exhibit a t at
  which N(0, v) fails to be C-subgaussian when C < 2 v (a certified counterexample);
* the explicit MGF route to Proposition 1.2 (constant ``K_MGF`` = 2 log 3, sum constant ``SUM_CONST`` = 8 log 3);
* the extremal C-subgaussian law (P(|X| >= t) = min(1, 2 exp(-t^2/C)) exactly), a sampler for it, and exact tails
  of normalised Rademacher sums.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp
from mpmath import iv

from isoper import Evidence

# --------------------------------------------------------------------------------------------------------------
# constants derived here (sympy, exact)

K_MGF = 2 * sp.log(3)
"""A mean-zero C-subgaussian X has E exp(lam X) <= exp(K_MGF C lam^2) for every real lam (proved below)."""

SUM_CONST = 4 * K_MGF
"""(1/sqrt n) sum X_i of independent mean-zero C-subgaussian X_i is SUM_CONST*C-subgaussian: 8 log 3 ~ 8.79."""

SUM_CONST_LOWER = 2 * (1 + sp.log(2))
"""No factor below 2(1 + log 2) ~ 3.39 can replace SUM_CONST: the extremal law has variance (1 + log 2) C (CLT)."""

PAPER_SUM_CONST = sp.Integer(18)


# --------------------------------------------------------------------------------------------------------------
# Gaussian tails

@functools.lru_cache(maxsize=None)
def prove_gaussian_upper() -> Evidence:
    """Phi^c(x) <= exp(-x^2/2) on [0, oo): h = exp(-x^2/2) - Phi^c(x) has h(0) = 1/2, h(oo) = 0 and h' = exp(-x^2/2)
    (1/sqrt(2 pi) - x) changes sign once (+ then -), so h >= min(h(0), h(oo)) = 0."""
    x = sp.Symbol("x", nonnegative=True)
    h = sp.exp(-x**2 / 2) - sp.erfc(x / sp.sqrt(2)) / 2
    facts = {
        "h(0) = 1/2": sp.simplify(h.subs(x, 0) - sp.Rational(1, 2)) == 0,
        "h(oo) = 0": sp.limit(h, x, sp.oo) == 0,
        "h' = exp(-x^2/2)(1/sqrt(2 pi) - x)":
            sp.simplify(sp.diff(h, x) - sp.exp(-x**2 / 2) * (1 / sp.sqrt(2 * sp.pi) - x)) == 0,
    }
    if all(facts.values()):
        return Evidence.verified("Phi^c(x) <= exp(-x^2/2) for x >= 0 [" + "; ".join(facts) + ": sympy; h rises "
                                 "then falls, so h >= 0]")
    return Evidence.inconclusive(f"sympy could not establish {[k for k, v in facts.items() if not v]}",
                                 method="symbolic")


@functools.lru_cache(maxsize=None)
def prove_mills_lower() -> Evidence:
    """Phi^c(x) >= phi(x) x/(1 + x^2) on [0, oo): the difference h has h' = -2 phi(x)/(1 + x^2)^2 < 0 and h(oo) = 0."""
    x = sp.Symbol("x", nonnegative=True)
    phi = sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)
    h = sp.erfc(x / sp.sqrt(2)) / 2 - phi * x / (1 + x**2)
    facts = {
        "h' = -2 phi/(1 + x^2)^2": sp.simplify(sp.diff(h, x) + 2 * phi / (1 + x**2) ** 2) == 0,
        "h(oo) = 0": sp.limit(h, x, sp.oo) == 0,
    }
    if all(facts.values()):
        return Evidence.verified("Mills lower bound Phi^c(x) >= phi(x) x/(1+x^2), x >= 0 [" + "; ".join(facts)
                                 + ": sympy; h decreases to 0, so h >= 0]")
    return Evidence.inconclusive(f"sympy could not establish {[k for k, v in facts.items() if not v]}",
                                 method="symbolic")


def _log_gaussian_lower(x: iv.mpf, sides: int = 2) -> iv.mpf:
    """Interval enclosure of log(sides phi(x) x/(1+x^2)), a lower bound on log P(N(0,1) >= x) (sides = 1) or
    log P(|N(0,1)| >= x) (sides = 2) (Mills lower bound)."""
    return iv.log(sides) - x**2 / 2 - iv.log(iv.sqrt(2 * iv.pi)) + iv.log(x) - iv.log(1 + x**2)


def _iv(v: float | int | Fraction) -> iv.mpf:
    """An exact interval for a float, int or Fraction."""
    if isinstance(v, Fraction):
        return iv.mpf(v.numerator) / iv.mpf(v.denominator)
    return iv.mpf(v)


def gaussian_violation(var: float | Fraction, C: float | Fraction, *, t_max_sd: float = 1e4, sides: int = 2,
                       bound_factor: int = 2) -> dict | None:
    """A certified t at which X ~ N(0, var) violates P(|X| >= t) <= 2 exp(-t^2/C), or None if none was found.

    The lower bound on the probability is the Mills bound in interval arithmetic (outward rounding), so a returned
    point is a rigorous counterexample. It exists exactly when C < 2 var (for C >= 2 var, see prove_gaussian_upper).
    With ``sides=1`` the probability is the one-sided P(X >= t); ``bound_factor`` replaces the 2 in the bound.
    """
    sd = iv.sqrt(_iv(var))
    Civ = _iv(C)
    x = 0.25
    while x <= t_max_sd:
        xi = iv.mpf(x)
        lo = _log_gaussian_lower(xi, sides)
        t = xi * sd
        log_bound = iv.log(bound_factor) - t**2 / Civ
        if lo.a > log_bound.b:  # certified: lower bound on the log-probability above the log-bound
            with mpmath.workdps(30):
                xs = mpmath.mpf(x)
                exact = mpmath.erfc(xs / mpmath.sqrt(2)) * sides / 2
                tt = float(xs * mpmath.sqrt(var))
                return {"var": float(var), "C": float(C), "t": tt, "P(|X|>=t)": float(exact),
                        "P_lower_certified": float(mpmath.exp(lo.a)),
                        "bound": float(bound_factor * mpmath.exp(-mpmath.mpf(tt) ** 2 / mpmath.mpf(float(C))))}
        x *= 1.05
    return None


# --------------------------------------------------------------------------------------------------------------
# the extremal law and exact sums

def extremal_sample(rng: np.random.Generator, shape: tuple[int, ...], C: float = 1.0) -> np.ndarray:
    """Samples of the symmetric law with P(|X| >= t) = min(1, 2 exp(-t^2/C)): |X| = sqrt(C (log 2 + E)), E ~ Exp(1)."""
    mag = np.sqrt(C * (math.log(2.0) + rng.standard_exponential(shape)))
    return np.where(rng.random(shape) < 0.5, -mag, mag)


def two_point_sample(rng: np.random.Generator, shape: tuple[int, ...], q: float) -> tuple[np.ndarray, float]:
    """Mean-zero asymmetric two-point law: b = 1 w.p. q, -q/(1-q) w.p. 1-q; returns samples and its exact C."""
    a2 = q / (1 - q)
    C = max(a2**2 / math.log(2.0), 1.0 / math.log(2.0 / q))
    return np.where(rng.random(shape) < q, 1.0, -a2), C


def rademacher_sum_tail(n: int, t: float) -> Fraction:
    """Exact P(|(1/sqrt n) sum eps_i| >= t) for independent fair signs eps_i (a rational number)."""
    hits = sum(math.comb(n, k) for k in range(n + 1) if abs(2 * k - n) >= t * math.sqrt(n) - 1e-12)
    return Fraction(hits, 2**n)


def bound_log(t: float, C: float) -> float:
    """log of 2 exp(-t^2/C)."""
    return math.log(2.0) - t * t / C


# --------------------------------------------------------------------------------------------------------------
# the MGF route to Proposition 1.2 (all with C = 1 after rescaling X -> X/sqrt(C))

def _facts(facts: dict[str, bool], what: str) -> Evidence:
    if all(facts.values()):
        return Evidence.verified(what + " [" + "; ".join(facts) + ": sympy]")
    return Evidence.inconclusive(f"{what}: sympy could not establish {[k for k, v in facts.items() if not v]}",
                                 method="symbolic")


@functools.lru_cache(maxsize=None)
def prove_square_mgf() -> Evidence:
    """A 1-subgaussian Y has E exp(s Y^2) <= (1+s)/(1-s) for 0 <= s < 1.

    Layer cake: E exp(s Y^2) = 1 + int_0^oo 2 s t e^{s t^2} P(|Y| >= t) dt <= 1 + int_0^oo 4 s t e^{-(1-s) t^2} dt, and the
    last integral is 2s/(1-s) (antiderivative A(t) = -2s/(1-s) e^{-(1-s)t^2}: A' is the integrand, A(oo) = 0)."""
    t, r = sp.symbols("t r", positive=True)  # r = 1 - s in (0, 1]
    s = 1 - r
    integrand = 2 * s * t * sp.exp(s * t**2) * 2 * sp.exp(-t**2)
    A = -2 * s / r * sp.exp(-r * t**2)
    facts = {
        "A' = 2 s t e^{s t^2} 2 e^{-t^2}": sp.simplify(sp.diff(A, t) - integrand) == 0,
        "A(oo) = 0": sp.limit(A, t, sp.oo) == 0,
        "1 + (A(oo) - A(0)) = (1+s)/(1-s)": sp.simplify(1 - A.subs(t, 0) - (1 + s) / (1 - s)) == 0,
    }
    return _facts(facts, "E exp(s Y^2) <= (1+s)/(1-s) for a 1-subgaussian Y and 0 <= s < 1")


@functools.lru_cache(maxsize=None)
def prove_exp_le_x_plus_exp_x2() -> Evidence:
    """e^x <= x + e^{x^2} for every real x (so E e^{lam Y} <= E e^{lam^2 Y^2} when E Y = 0). Three cases:
    x <= 0: e^x <= 1 + x + x^2/2 (k = 1 + x + x^2/2 - e^x has k(0) = 0 and k' = 1 + x - e^x <= 0) and e^{x^2} >= 1 + x^2;
    0 <= x <= 1: e^x <= 1 + x + (e - 2) x^2 <= 1 + x + x^2 (termwise: x^k <= x^2 for k >= 2) and e^{x^2} >= 1 + x^2;
    x >= 1: x^2 >= x so e^{x^2} >= e^x, and x >= 0."""
    x = sp.Symbol("x", real=True)
    y = sp.Symbol("y", real=True)
    k = sp.Symbol("k", integer=True, positive=True)
    tail = sp.summation(1 / sp.factorial(k), (k, 2, sp.oo))
    facts = {
        "e^y - 1 - y has derivative e^y - 1, zero only at y = 0, value 0 there (so e^y >= 1 + y)":
            sp.solve(sp.Eq(sp.diff(sp.exp(y) - 1 - y, y), 0), y) == [0] and
            sp.diff(sp.exp(y) - 1 - y, y, 2) == sp.exp(y),
        "k(0) = 0, k' = 1 + x - e^x": sp.simplify((1 + x + x**2 / 2 - sp.exp(x)).subs(x, 0)) == 0 and
            sp.simplify(sp.diff(1 + x + x**2 / 2 - sp.exp(x), x) - (1 + x - sp.exp(x))) == 0,
        "sum_{k>=2} 1/k! = e - 2 <= 1": sp.simplify(tail - (sp.E - 2)) == 0 and bool(sp.E - 2 <= 1),
        "x + (1 + x^2) - (1 + x + x^2/2) = x^2/2 >= 0 (case x <= 0)":
            sp.expand(x + 1 + x**2 - (1 + x + x**2 / 2) - x**2 / 2) == 0,
        "x + (1 + x^2) - (1 + x + x^2) = 0 (case 0 <= x <= 1)": sp.expand(x + 1 + x**2 - (1 + x + x**2)) == 0,
    }
    xs = np.linspace(-6.0, 2.5, 20001)
    facts["float grid sanity check on [-6, 2.5]"] = bool(np.all(xs + np.exp(xs**2) - np.exp(xs) >= -1e-12))
    return _facts(facts, "e^x <= x + e^{x^2} for all real x (three-case argument)")


@functools.lru_cache(maxsize=None)
def prove_mgf_bound(K: sp.Expr = K_MGF) -> Evidence:
    """A mean-zero 1-subgaussian Y has E exp(lam Y) <= exp(K lam^2) for every lam, with K = 2 log 3. With u = lam^2:
    u <= 1/2: E e^{lam Y} <= E e^{u Y^2} <= (1+u)/(1-u) <= e^{2 log(3) u} (log((1+u)/(1-u)) is convex on (0, 1), 0 at
    u = 0 and log 3 at u = 1/2: the chord bound); u >= 1/2: lam Y <= lam^2 + Y^2/4 (a square), so E e^{lam Y} <=
    e^u E e^{Y^2/4} <= e^u 5/3 <= e^{2 log(3) u} because log(5/3) <= (2 log 3 - 1)/2."""
    u = sp.Symbol("u", positive=True)
    w = sp.Symbol("w", positive=True)  # u = w/(1+w) ranges over (0, 1)
    lam, Y = sp.symbols("lam Y", real=True)
    h = sp.log((1 + u) / (1 - u))
    h2 = sp.factor(sp.simplify(sp.diff(h, u, 2)).subs(u, w / (1 + w)))
    K = sp.sympify(K)
    facts = {
        "h'' > 0 on (0, 1) (u = w/(1+w), w > 0)": bool(h2.is_positive),
        "h(0) = 0 and h(1/2) = log 3": sp.simplify(h.subs(u, 0)) == 0 and
            sp.simplify(h.subs(u, sp.Rational(1, 2)) - sp.log(3)) == 0,
        "chord slope log(3)/(1/2) <= K": bool(sp.N(K - 2 * sp.log(3), 50) >= 0),
        "lam^2 + Y^2/4 - lam Y = (lam - Y/2)^2": sp.expand(lam**2 + Y**2 / 4 - lam * Y - (lam - Y / 2) ** 2) == 0,
        "(1+s)/(1-s) at s = 1/4 is 5/3": sp.Rational(5, 4) / sp.Rational(3, 4) == sp.Rational(5, 3),
        "log(5/3) <= (K - 1)/2": bool(sp.N((K - 1) / 2 - sp.log(sp.Rational(5, 3)), 50) >= 0),
    }
    return _facts(facts, f"E exp(lam Y) <= exp({K} lam^2) for mean-zero 1-subgaussian Y, every real lam")


@functools.lru_cache(maxsize=None)
def prove_sum_tail(K: sp.Expr = K_MGF, factor: sp.Expr = PAPER_SUM_CONST) -> Evidence:
    """Tensorisation and Chernoff: E e^{lam S} = prod E e^{lam X_i/sqrt n} <= exp(K C lam^2), so P(S >= t) <=
    min_lam exp(K C lam^2 - lam t) = exp(-t^2/(4 K C)) and P(|S| >= t) <= 2 exp(-t^2/(4 K C)): S is 4KC-subgaussian,
    and 4 K <= factor makes it factor*C-subgaussian."""
    n, C, lam, t = sp.symbols("n C lam t", positive=True)
    K = sp.sympify(K)
    expo = K * C * lam**2 - lam * t
    lam_star = sp.solve(sp.diff(expo, lam), lam)
    facts = {
        "n K C (lam/sqrt n)^2 = K C lam^2": sp.simplify(n * K * C * (lam / sp.sqrt(n)) ** 2 - K * C * lam**2) == 0,
        "argmin lam* = t/(2KC) > 0": lam_star == [t / (2 * K * C)],
        "min = -t^2/(4KC)": sp.simplify(expo.subs(lam, t / (2 * K * C)) + t**2 / (4 * K * C)) == 0,
        f"4K = {sp.nsimplify(4 * K)} <= {factor}": bool(sp.N(sp.sympify(factor) - 4 * K, 50) >= 0),
    }
    return _facts(facts, f"(1/sqrt n) sum X_i is {4 * K}*C-subgaussian, and {4 * K} <= {factor}")


@functools.lru_cache(maxsize=None)
def prove_variance_max() -> Evidence:
    """A 1-subgaussian Y has E Y^2 <= int_0^oo 2t min(1, 2e^{-t^2}) dt = log 2 + 1, with equality for the extremal law."""
    t = sp.Symbol("t", positive=True)
    t0 = sp.sqrt(sp.log(2))
    A = -2 * sp.exp(-t**2)  # antiderivative of 4 t e^{-t^2}
    val = t0**2 + (sp.limit(A, t, sp.oo) - A.subs(t, t0))
    facts = {
        "A' = 4 t e^{-t^2}": sp.simplify(sp.diff(A, t) - 4 * t * sp.exp(-t**2)) == 0,
        "2 e^{-t0^2} = 1 at t0 = sqrt(log 2)": sp.simplify(2 * sp.exp(-t0**2) - 1) == 0,
        "total = 1 + log 2": sp.simplify(val - 1 - sp.log(2)) == 0,
    }
    return _facts(facts, "Var Y <= 1 + log 2 for a mean-zero 1-subgaussian Y; attained by the extremal law, so "
                         "by the CLT no factor below 2(1 + log 2) works in Proposition 1.2")
