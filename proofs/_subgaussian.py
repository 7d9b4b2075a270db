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

from isoper import Evidence, InvalidParameter

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
# exact inputs: a claimed constant is taken at its exact value, never rounded to a nearby "nice" number

def exact_fraction(name: str, value: object) -> Fraction:
    """``value`` (int, float, Fraction or a sympy Rational) as the exact rational it denotes: a float is taken at its
    binary value (Fraction(0.9999999) is not 1). Anything else, NaN, infinities and values <= 0 are rejected."""
    if isinstance(value, bool):
        raise TypeError(f"{name}={value!r} must be a number, not a bool")
    if isinstance(value, (int, Fraction)):
        out = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidParameter(f"{name}={value!r} must be finite")
        out = Fraction(value)  # exact: every finite float is a dyadic rational
    elif isinstance(value, sp.Rational):
        out = Fraction(int(value.p), int(value.q))
    elif isinstance(value, (np.integer, np.floating)):
        return exact_fraction(name, value.item())
    else:
        raise TypeError(f"{name}={value!r} must be an int, float, Fraction or sympy Rational "
                        f"(got {type(value).__name__})")
    if out <= 0:
        raise InvalidParameter(f"{name}={value!r} must be > 0")
    return out


def exact_rational(name: str, value: object) -> sp.Rational:
    """:func:`exact_fraction` as a sympy Rational (no nsimplify: 3.9999999 stays below 4)."""
    q = exact_fraction(name, value)
    return sp.Rational(q.numerator, q.denominator)


def show_number(q: Fraction | sp.Rational) -> str:
    """A short display of an exact rational: itself if short; a float's shortest repr (the value is that float's
    exact binary value); else 17 significant digits, marked as rounded for display only."""
    q = Fraction(int(q.p), int(q.q)) if isinstance(q, sp.Rational) else Fraction(q)
    s = str(q)
    if len(s) <= 24:
        return s
    if Fraction(float(q)) == q:
        return f"{float(q)!r} (exact binary value)"
    return f"{float(q):.17g} (display rounded; exact {len(s)}-character ratio)"


# --------------------------------------------------------------------------------------------------------------
# Gaussian tails

@functools.cache
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


@functools.cache
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


def _iv(v: float | Fraction) -> iv.mpf:
    """An exact interval for a float, int or Fraction."""
    if isinstance(v, Fraction):
        return iv.mpf(v.numerator) / iv.mpf(v.denominator)
    return iv.mpf(v)


def violation_search_limit(var: float | Fraction, C: float | Fraction) -> float | None:
    """How far (in standard deviations) :func:`gaussian_violation` must search so that a violation exists there
    when C < 2 var: with a = var/C - 1/2 > 0 the log-ratio of the Mills lower bound to the claimed bound is
    a x^2 + log(x/(1 + x^2)) - log sqrt(2 pi) >= a x^2 - log(2.6 x), positive once x >= 2 sqrt(L/a) with
    L = max(1, log(1/a)). None when C >= 2 var (no violation exists)."""
    a = float(Fraction(var) / Fraction(C) - Fraction(1, 2))
    if a <= 0:
        return None
    L = max(1.0, math.log(1.0 / a))
    return 2.0 * math.sqrt(L / a) * 1.1 + 10.0


def gaussian_violation(var: float | Fraction, C: float | Fraction, *, t_max_sd: float | None = 1e4, sides: int = 2,
                       bound_factor: int = 2) -> dict | None:
    """A certified t at which X ~ N(0, var) violates P(|X| >= t) <= 2 exp(-t^2/C), or None if none was found.

    The lower bound on the probability is the Mills bound in interval arithmetic (outward rounding), so a returned
    point is a rigorous counterexample. It exists exactly when C < 2 var (for C >= 2 var, see prove_gaussian_upper).
    With ``sides=1`` the probability is the one-sided P(X >= t); ``bound_factor`` replaces the 2 in the bound.
    The search runs over t/sd = 0.25 * 1.05^k up to ``t_max_sd``; ``t_max_sd=None`` searches as far as
    :func:`violation_search_limit` shows is needed (for C just below 2 var the violation is far out). The returned
    dict also holds the natural logs of the certified lower bound and of the bound, which do not underflow.
    """
    sd = iv.sqrt(_iv(var))
    Civ = _iv(C)
    if t_max_sd is None:
        lim = violation_search_limit(var, C)
        if lim is None:
            return None
        t_max_sd = max(1e4, lim)
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
                tt = xs * mpmath.sqrt(mpmath.mpf(Fraction(var).numerator) / Fraction(var).denominator)
                Cm = mpmath.mpf(Fraction(C).numerator) / Fraction(C).denominator
                log_b = mpmath.log(bound_factor) - tt**2 / Cm
                return {"var": float(var), "C": float(C), "t": float(tt), "P(|X|>=t)": float(exact),
                        "P_lower_certified": float(mpmath.exp(lo.a)),
                        "bound": float(mpmath.exp(log_b)),
                        "log_P": float(mpmath.log(exact)), "log_P_lower_certified": float(lo.a),
                        "log_bound": float(log_b), "log_bound_certified_upper": float(log_bound.b),
                        "certified_log_margin": float(lo.a - log_bound.b)}
        x *= 1.05
    return None


def describe_violation(cex: dict) -> str:
    """The certified counterexample as text, in logs when the probabilities underflow a float."""
    if cex["bound"] > 1e-300 and cex["P_lower_certified"] > 1e-300:
        return (f"at t = {cex['t']:.6g}, P = {cex['P(|X|>=t)']:.6g} (certified >= {cex['P_lower_certified']:.6g}) "
                f"> 2 exp(-t^2/C) = {cex['bound']:.6g}")
    return (f"at t = {cex['t']:.6g}, log P = {cex['log_P']:.12g} > log(2 exp(-t^2/C)) = {cex['log_bound']:.12g} (certified: "
            f"log P - log bound >= {cex['certified_log_margin']:.4g} > 0)")


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


@functools.cache
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


@functools.cache
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


@functools.cache
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


@functools.cache
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


@functools.cache
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


def variance_max_lower() -> Fraction:
    """A rational lower bound (53-bit, outward-rounded interval) on 1 + log 2, the extremal law's variance."""
    v = iv.mpf(1) + iv.log(2)
    lo = Fraction(float(v.a))  # v.a is a 53-bit binary number, exactly a float
    assert lo <= Fraction(16931471805599453, 10**16)  # 1 + log 2 = 1.69314718055994530941...
    return lo


def refute_sum_factor_by_clt(factor: float | Fraction | sp.Rational) -> Evidence:
    """The claim 'for every n, (1/sqrt n) sum X_i is (factor C)-subgaussian' (X_i independent, mean 0,
    C-subgaussian), refuted by proof when factor < 2(1 + log 2).

    Take C = 1 and X_i i.i.d. with the extremal law P(|X| >= t) = min(1, 2 e^{-t^2}): mean 0, 1-subgaussian, variance
    v = 1 + log 2 (:func:`prove_variance_max`, sympy). By the CLT (cited: Lindeberg-Levy) S_n -> N(0, v) in law, and
    the portmanteau theorem (cited) for the open set {|x| > t} gives P(|Z| > t) <= liminf P(|S_n| > t) <=
    2 exp(-t^2/factor) for every t. A certified t with P(|N(0, v_lo)| >= t) > 2 exp(-t^2/factor), v_lo <= v rational
    (the tail grows with the variance; Z has no atoms), contradicts this. For factor >= 2(1 + log 2) the argument
    says nothing and the result is inconclusive."""
    f = exact_fraction("factor", factor)
    var = prove_variance_max()
    v_lo = variance_max_lower()
    if not sp.Rational(f.numerator, f.denominator) < SUM_CONST_LOWER:
        return Evidence.inconclusive(f"factor {show_number(f)} >= 2(1 + log 2) = {float(SUM_CONST_LOWER):.6g}: the "
                                     "variance/CLT lower bound does not refute it", method="symbolic+interval")
    if var.status.value != "verified" or not f < 2 * v_lo:
        return Evidence.inconclusive(f"factor {show_number(f)}: variance proof {var.status}, or factor within "
                                     "float rounding of 2(1 + log 2)", method="symbolic+interval")
    cex = gaussian_violation(v_lo, f, t_max_sd=None)
    if cex is None:
        return Evidence.inconclusive(f"no certified violation of N(0, {float(v_lo):.6g}) at C = {show_number(f)}",
                                     method="interval")
    return Evidence.refuted(
        f"factor {show_number(f)} < 2(1 + log 2) = {float(SUM_CONST_LOWER):.6g} is false: i.i.d. extremal X_i (C = 1, "
        f"variance 1 + log 2 >= v_lo = {float(v_lo):.17g}; {var.detail}) have S_n -> N(0, 1 + log 2) (CLT and "
        "portmanteau, cited), so N(0, 1 + log 2) would have to be factor-subgaussian; it is not: "
        + describe_violation(cex) + " (Mills lower bound in interval arithmetic; the tail grows with the variance)",
        method="symbolic+interval", counterexample={"law": "extremal, C = 1", "n": "oo (CLT)", **cex})


# --------------------------------------------------------------------------------------------------------------
# claim-driven checks (issue 11): each takes the claim's constants and either proves the claim, finds a certified
# counterexample, or says the route does not decide it. Comparisons of real numbers run in ball arithmetic (arb).

def _arb(v: object):
    """An arb ball for an exact rational, an int, a float (its binary value) or a sympy number (evaluated with
    rigorous error bounds by arb's own functions where sympy gives a closed form in log, sqrt, exp, pi)."""
    from flint import arb

    if isinstance(v, bool):
        raise TypeError(f"expected a number, got {v!r}")
    if isinstance(v, Fraction):
        return arb(v.numerator) / v.denominator
    if isinstance(v, (int, np.integer)):
        return arb(int(v))
    if isinstance(v, float):
        return arb(Fraction(v).numerator) / Fraction(v).denominator
    e = sp.sympify(v)
    if e.is_Rational:
        return arb(int(e.p)) / int(e.q)
    if e.is_Add:
        out = arb(0)
        for a in e.args:
            out += _arb(a)
        return out
    if e.is_Mul:
        out = arb(1)
        for a in e.args:
            out *= _arb(a)
        return out
    if e.is_Pow:
        base, ex = e.args
        if ex.is_Rational and ex.q == 2 and ex.p > 0:
            return _arb(base).sqrt() ** int(ex.p)
        if ex.is_Integer:
            return _arb(base) ** int(ex)
        return _arb(base) ** _arb(ex)
    if isinstance(e, sp.log):
        return _arb(e.args[0]).log()
    if isinstance(e, sp.exp):
        return _arb(e.args[0]).exp()
    if e is sp.pi:
        return arb.pi()
    if e is sp.E:
        return arb(1).exp()
    raise TypeError(f"no ball rule for {e!r}")


def certainly_less(a: object, b: object) -> bool:
    """a < b, certified in ball arithmetic (False when the balls overlap)."""
    return bool(_arb(a) < _arb(b))


def rational_above(v: object, digits: int = 12) -> Fraction:
    """A rational >= v (certified: the upper end of v's ball, rounded up at ``digits`` decimals)."""
    x = _arb(v)
    hi = Fraction(str(x.mid().str(30, radius=False))) + Fraction(str(x.rad().str(5, radius=False)))
    out = Fraction(math.ceil(hi * 10**digits), 10**digits)
    assert _arb(out) >= x
    return out


def rational_below(v: object, digits: int = 12) -> Fraction:
    """A rational <= v (certified)."""
    x = _arb(v)
    lo = Fraction(str(x.mid().str(30, radius=False))) - Fraction(str(x.rad().str(5, radius=False)))
    out = Fraction(math.floor(lo * 10**digits), 10**digits)
    assert _arb(out) <= x
    return out


@functools.cache
def prove_extremal_square_mgf() -> Evidence:
    """The extremal 1-subgaussian law (P(|Y| >= t) = min(1, 2 e^{-t^2})) has E exp(s Y^2) = 2^s/(1-s) for 0 <= s < 1:
    layer cake 1 + int_0^t0 2 s t e^{s t^2} dt + int_t0^oo 2 s t e^{s t^2} 2 e^{-t^2} dt with t0 = sqrt(log 2) (sympy)."""
    t = sp.Symbol("t", positive=True)
    s = sp.Symbol("s", positive=True)
    r = sp.Symbol("r", positive=True)  # r = 1 - s
    t0 = sp.sqrt(sp.log(2))
    inner = sp.exp(s * t0**2) - 1  # antiderivative e^{s t^2} of 2 s t e^{s t^2}, from 0 to t0
    A = -2 * s / r * sp.exp(-r * t**2)  # antiderivative of 4 s t e^{-r t^2}
    outer = (sp.limit(A, t, sp.oo) - A.subs(t, t0)).subs(r, 1 - s)
    total = sp.simplify(1 + inner + outer - 2**s / (1 - s))
    facts = {
        "d/dt e^{s t^2} = 2 s t e^{s t^2}": sp.simplify(sp.diff(sp.exp(s * t**2), t) - 2 * s * t * sp.exp(s * t**2)) == 0,
        "A' = 4 s t e^{-(1-s) t^2}": sp.simplify(sp.diff(A, t) - 4 * s * t * sp.exp(-r * t**2)) == 0,
        "1 + (2^s - 1) + 2s/(1-s) 2^{s-1} = 2^s/(1-s)": sp.simplify(sp.expand_power_exp(total)) == 0
        or sp.simplify(sp.powsimp(sp.expand(total * (1 - s)), force=True)) == 0,
    }
    return _facts(facts, "extremal law: E exp(s Y^2) = 2^s/(1-s), 0 <= s < 1")


def square_mgf_claim(a: object, s_max: object) -> Evidence:
    """The claim 'a C-subgaussian X has E exp(s X^2/C) <= (1 + a s)/(1 - s) for 0 <= s < s_max' (C = 1 by scaling).
    Proved for a >= 1, s_max <= 1 (:func:`prove_square_mgf`: the bound is (1+s)/(1-s)). For a < 1 the extremal law
    (E exp(s Y^2) = 2^s/(1-s), :func:`prove_extremal_square_mgf`) violates it near s = 1 (2^s > 1 + a s there); for
    s_max > 1 the bound at s = (1 + s_max)/2 > 1 is negative while X = 0 has E exp(s X^2) = 1."""
    a_q, s_q = exact_fraction("a", a), exact_fraction("s_max", s_max)
    if s_q > 1:
        s = (1 + s_q) / 2
        bound = (1 + a_q * s) / (1 - s)
        if bound < 1:
            return Evidence.refuted(f"at s = {show_number(s)} < s_max = {show_number(s_q)}: (1 + a s)/(1 - s) = "
                                    f"{show_number(bound)} < 1 = E exp(s X^2) for X = 0 (0-subgaussian, so "
                                    "C-subgaussian; exact)", method="exact",
                                    counterexample={"X": 0, "s": str(s), "bound": str(bound), "E exp(s X^2)": 1})
    if a_q < 1:
        ext = prove_extremal_square_mgf()
        if ext.status.value == "verified":
            for s in (Fraction(1, 2), Fraction(3, 4), Fraction(9, 10), Fraction(99, 100), Fraction(999, 1000)):
                if s >= s_q:
                    continue
                val, bound = _arb(2) ** _arb(s) / _arb(1 - s), _arb(1 + a_q * s) / _arb(1 - s)
                if val > bound:
                    return Evidence.refuted(
                        f"the extremal law (P(|Y| >= t) = min(1, 2 e^(-t^2)), 1-subgaussian) has E exp(s Y^2) = "
                        f"2^s/(1-s) = {val.mid()} > (1 + a s)/(1 - s) = {bound.mid()} at s = {show_number(s)} "
                        f"(a = {show_number(a_q)}; ball arithmetic; {ext.detail})", method="symbolic+interval",
                        counterexample={"law": "extremal, C = 1", "s": str(s), "E exp(s Y^2)": float(val.mid()),
                                        "bound": float(bound.mid())})
        return Evidence.inconclusive(f"a = {show_number(a_q)} < 1: the layer-cake bound (1+s)/(1-s) does not give it "
                                     "and no extremal-law violation was found", method="symbolic")
    if s_q > 1:
        return Evidence.inconclusive(f"s_max = {show_number(s_q)} > 1 not refuted", method="exact")
    ev = prove_square_mgf()
    if ev.status.value != "verified":
        return ev
    return Evidence.verified(f"(1+s)/(1-s) <= (1 + {show_number(a_q)} s)/(1 - s) on [0, {show_number(s_q)}) since "
                             f"{show_number(a_q)} >= 1 and {show_number(s_q)} <= 1; " + ev.detail)


def exp_linear_square_claim(b: object, c: object) -> Evidence:
    """The claim 'e^x <= b x + e^{c x^2} for all real x'. Proved for b = 1, c >= 1 (:func:`prove_exp_le_x_plus_exp_x2`
    and e^{c x^2} >= e^{x^2}); otherwise a certified x is sought (b != 1 fails near 0, where e^x = 1 + x + O(x^2))."""
    b_q = Fraction(0) if b == 0 else exact_fraction("b", b)
    c_q = exact_fraction("c", c)
    if b_q == 1 and c_q >= 1:
        ev = prove_exp_le_x_plus_exp_x2()
        if ev.status.value != "verified":
            return ev
        return Evidence.verified(f"e^x <= x + e^(x^2) <= x + e^({show_number(c_q)} x^2) since {show_number(c_q)} >= 1; "
                                 + ev.detail)
    grid = [Fraction(k, 8) for k in range(-24, 25)] + [s * Fraction(1, 10**k) for k in range(2, 7) for s in (1, -1)]
    for x in grid:
        lhs = _arb(x).exp()
        rhs = _arb(b_q * x) + (_arb(c_q * x * x)).exp()
        if lhs > rhs:
            return Evidence.refuted(f"at x = {show_number(x)}: e^x = {lhs.mid()} > {show_number(b_q)} x + "
                                    f"e^({show_number(c_q)} x^2) = {rhs.mid()} (ball arithmetic)", method="interval",
                                    counterexample={"x": str(x), "e^x": float(lhs.mid()), "rhs": float(rhs.mid())})
    return Evidence.inconclusive(f"b = {show_number(b_q)}, c = {show_number(c_q)}: not proved, no violation on the grid",
                                 method="interval")


def extremal_moment(k: int):
    """E Y^(2k) for the extremal 1-subgaussian law: |Y|^2 = log 2 + E, E ~ Exp(1), so E (log 2 + E)^k =
    sum_j C(k, j) (log 2)^(k-j) j! (an arb ball)."""
    from flint import arb

    l2 = arb(2).log()
    return sum((math.comb(k, j) * l2 ** (k - j) * math.factorial(j) for j in range(k + 1)), arb(0))


def extremal_mgf_lower(lam: object, terms: int = 12):
    """A certified lower bound on E exp(lam Y) = E cosh(lam Y) for the (symmetric, mean-zero) extremal 1-subgaussian
    law: the first ``terms`` terms of sum_k lam^(2k) E Y^(2k)/(2k)!, all nonnegative."""
    lam_b = _arb(lam)
    return sum((lam_b ** (2 * k) * extremal_moment(k) / math.factorial(2 * k) for k in range(terms)), _arb(0))


def mgf_claim(K: object) -> Evidence:
    """The claim 'a mean-zero C-subgaussian X has E exp(lam X) <= exp(K C lam^2) for every lam'. Proved when the
    two-regime argument of :func:`prove_mgf_bound` goes through with this K (K >= 2 log 3); otherwise the extremal law
    (mean 0, variance 1 + log 2) is tried: E cosh(lam Y) >= 1 + lam^2 (1 + log 2)/2 + ... beats exp(K lam^2) for small
    lam whenever K < (1 + log 2)/2 (certified, ball arithmetic)."""
    K = sp.sympify(K)
    if not certainly_less(0, K):
        raise InvalidParameter(f"K={K} must be > 0")
    ev = prove_mgf_bound(K)
    if ev.status.value == "verified":
        return ev
    for lam in (Fraction(1, 100), Fraction(1, 20), Fraction(1, 10), Fraction(1, 4), Fraction(1, 2), Fraction(1),
                Fraction(2)):
        lo = extremal_mgf_lower(lam)
        bound = (_arb(K) * _arb(lam) ** 2).exp()
        if lo > bound:
            return Evidence.refuted(f"the extremal law (P(|Y| >= t) = min(1, 2 e^(-t^2)), mean 0, C = 1) has "
                                    f"E exp(lam Y) >= {lo.mid()} > exp(K lam^2) = {bound.mid()} at lam = "
                                    f"{show_number(lam)}, K = {K} (truncated cosh series, exact moments, ball "
                                    "arithmetic)", method="interval",
                                    counterexample={"law": "extremal, C = 1", "lam": str(lam),
                                                    "E exp(lam Y) lower": float(lo.mid()), "bound": float(bound.mid())})
    return Evidence.inconclusive(f"K = {K}: the two-regime argument does not give it ({ev.detail[:200]}) and the "
                                 "extremal law does not violate it on the grid", method="symbolic+interval")


def chernoff_claim(K: object, chernoff: object, factor: object) -> Evidence:
    """The arithmetic of 'tensorisation and Chernoff make S (chernoff K C)-subgaussian, and chernoff K <= factor':
    min_lam (K C lam^2 - lam t) = -t^2/(4 K C) (sympy), which must equal -t^2/(chernoff K C); and chernoff K <= factor
    (ball arithmetic). A failed identity or inequality is refuted at an explicit point."""
    K, ch, fa = sp.sympify(K), sp.sympify(chernoff), sp.sympify(factor)
    n, C, lam, t = sp.symbols("n C lam t", positive=True)
    k = sp.Symbol("K", positive=True)
    expo = k * C * lam**2 - lam * t
    crit = sp.solve(sp.diff(expo, lam), lam)
    mn = sp.simplify(expo.subs(lam, crit[0]))
    facts = {
        "n K C (lam/sqrt n)^2 = K C lam^2": sp.simplify(n * k * C * (lam / sp.sqrt(n)) ** 2 - k * C * lam**2) == 0,
        "argmin lam* = t/(2KC) > 0": crit == [t / (2 * k * C)],
    }
    if not all(facts.values()):
        return Evidence.inconclusive(f"sympy could not establish {[a for a, v in facts.items() if not v]}",
                                     method="symbolic")
    if sp.simplify(mn + t**2 / (ch * k * C)) != 0:
        pt = {k: K, C: 1, t: 1}
        got, claimed = mn.subs(pt), -1 / (ch * K)
        return Evidence.refuted(f"min_lam (K C lam^2 - lam t) = {mn} (sympy), not -t^2/({ch} K C): at K = {K}, C = 1, "
                                f"t = 1 it is {got} = {float(got):.6g}, not {sp.nsimplify(claimed)} = "
                                f"{float(claimed):.6g}", method="symbolic",
                                counterexample={"K": str(K), "C": 1, "t": 1, "min": str(got), "claimed": str(claimed)})
    prod = ch * K
    if certainly_less(fa, prod):
        return Evidence.refuted(f"{ch} K = {prod} = {float(prod):.10g} > {fa} (ball arithmetic)", method="interval",
                                counterexample={"chernoff*K": float(prod), "factor": str(fa)})
    if not certainly_less(prod, fa) and sp.simplify(prod - fa) != 0:
        return Evidence.inconclusive(f"could not compare {prod} with {fa}", method="interval")
    return Evidence.verified("S = (1/sqrt n) sum X_i has E e^(lam S) <= exp(K C lam^2) (" + "; ".join(facts) +
                             f"); min_lam exp(K C lam^2 - lam t) = exp(-t^2/({ch} K C)) (sympy), so S is "
                             f"({prod}) C-subgaussian, and {prod} = {float(prod):.6g} <= {fa} (ball arithmetic)",
                             method="symbolic")
