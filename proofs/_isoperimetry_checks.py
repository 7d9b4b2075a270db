"""Shared by the example-measure statements: Definition 1.1 checked by Monte Carlo on a family of test functions, and
the exact tail of a linear functional compared with the claimed bound on a grid of t."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from scipy import special

from isoper import Context, Evidence, Gaussian, Measure, Status, check_isoperimetry
from isoper.testfunctions import standard_family

# t sqrt(d) on a fine linear grid up to 8, then geometrically out to 2000. Far out only log-space tails are usable
# (2 Phi^c(40) is below the float range); there a Gaussian claim with c < 1 fails once
# x^2 (1/c - 1)/2 > log(x sqrt(2 pi)), e.g. c = 0.99 near x = 30, c = 0.9999 near x = 400.
DEFAULT_XS = np.concatenate([np.linspace(0.0, 8.0, 161), np.geomspace(8.0, 2000.0, 241)[1:]])

# relative margin (in log space) above the rounding of log_ndtr / the special functions before a grid point counts as
# a violation
_LOG_MARGIN = 1e-9
# float tails below this are treated as underflowed (not known to the needed relative accuracy)
_TINY = 1e-290


def family_check(ctx: Context, measure: Measure, c: float, *, bounds=(0.02,), samples=100_000,
                 alpha: float | None = None) -> Evidence:
    """Check P(|f - Ef| >= t) <= 2 exp(-d t^2/(2 c L^2)) for every f of the standard family, at the t where the
    claimed bound equals each value in ``bounds``. ``alpha`` (default: the whole ctx.alpha) is this call's error
    budget, split evenly over its checks: a caller running several family checks in one step must pass its share."""
    a_total = ctx.alpha if alpha is None else alpha
    if not 0 < a_total <= ctx.alpha:
        raise ValueError(f"alpha={alpha!r} must be in (0, ctx.alpha={ctx.alpha!r}]")
    d = measure.dim
    family = standard_family(d, ctx.rng(f"family-{d}"))
    n_checks = len(family) * len(bounds)
    parts = []
    for i, f in enumerate(family):
        L = f.lipschitz
        for j, b in enumerate(bounds):
            t = L * math.sqrt(2 * c * math.log(2 / b) / d)
            r = check_isoperimetry(measure, f, c=c, t=t, alpha=a_total / n_checks, samples=ctx.samples(samples),
                                   seed=ctx.seed_for(f"{d}-{i}-{j}"))
            parts.append(Evidence.from_check(r, what=f"{type(measure).__name__}(d={d}), {f.name}, L={L:.3g}"))
    return Evidence.all_of(*parts, method="monte-carlo")


def _log_linear_tail(measure: Measure, a: np.ndarray, t: float, dilation: float = 1.0) -> float | None:
    """log P(|<a, s X> - E<a, s X>| >= t) for the unit vector a and s = ``dilation``: exact in log space for a Gaussian
    (log_ndtr), else the log of the float tail, or None where that tail is below the float range (undecidable here)."""
    t = t / dilation
    if isinstance(measure, Gaussian):
        s = measure.scale / math.sqrt(measure.dim)  # <a, X> ~ N(<a, mean>, scale^2/d) for |a| = 1
        return math.log(2.0) + float(special.log_ndtr(-t / s)) if t > 0 else 0.0
    p = measure.linear_tail(a, t)
    if p == 0.0:
        return -math.inf if _exactly_zero(measure, a, t) else None
    return math.log(p) if p > _TINY else None


def _exactly_zero(measure: Measure, a: np.ndarray, t: float) -> bool:
    """Whether a zero tail is exact rather than underflow: <a, X> = X_1 on the sphere S^{d-1} (d >= 2) has no atom
    at +-1, so P(|X_1| >= t) = 0 for t >= 1."""
    from isoper import Sphere

    return isinstance(measure, Sphere) and measure.dim >= 2 and t >= 1.0


def until_refuted(*parts: Callable[[], Evidence], method: str | None = None) -> Evidence:
    """Run the parts of a conjunction in order (cheap exact parts first) and stop at the first refuted one: one
    counterexample refutes the conjunction, so the later (Monte Carlo) parts need not run. Otherwise
    Evidence.all_of of every part."""
    done: list[Evidence] = []
    for i, part in enumerate(parts):
        ev = part()
        if not isinstance(ev, Evidence):
            raise TypeError(f"parts[{i}] must return an Evidence, got {type(ev).__name__}")
        if ev.status is Status.REFUTED:
            skipped = len(parts) - i - 1
            return Evidence(ev.status, method or ev.method, f"[part {i + 1} of {len(parts)} refuted"
                            + (f"; {skipped} later part(s) not run" if skipped else "") + f"] {ev.detail}",
                            interval=ev.interval, counterexample=ev.counterexample, seed=ev.seed, data=ev.data,
                            cites=tuple(c for p in (*done, ev) for c in p.cites))
        done.append(ev)
    return Evidence.all_of(*done, method=method)


def exact_then_monte_carlo(exact: Evidence, *monte_carlo: Callable[[], Evidence]) -> Evidence:
    """An exact part and Monte Carlo parts (callables) of one conjunction: the Monte Carlo parts run only when the
    exact part did not refute (:func:`until_refuted` with the exact part first)."""
    return until_refuted(lambda: exact, *monte_carlo)


def at_values(expr: Any, **vals: Any) -> sp.Expr:
    """expr with its symbols replaced by name (d, kappa, M, ...) by the given numbers (exact rationals)."""
    e = sp.sympify(expr)
    return e.xreplace({s: sp.nsimplify(vals[s.name]) for s in e.free_symbols if s.name in vals})


def numeric_at(expr: Any, **vals: Any) -> float:
    """:func:`at_values` as a float; an expression that keeps a free symbol is an error naming it."""
    v = at_values(expr, **vals)
    if v.free_symbols:
        raise ValueError(f"{expr} still has free symbols {sorted(map(str, v.free_symbols))} at {vals}")
    return float(v)


def exact_linear_check(measure: Measure, c: float, *, xs=None, dilation: float = 1.0) -> Evidence:
    """Compare the exact tail of a unit linear functional with the claimed bound 2 exp(-d t^2/(2c)) at t = x/sqrt(d)
    for x in ``xs`` (default DEFAULT_XS: 0..8 finely, then geometrically to 2000), in log space (numeric, not a proof:
    'consistent' when it holds at every decidable grid point, 'refuted' with the first failing t otherwise; points
    where a non-Gaussian tail underflows a float are skipped and counted). ``dilation`` = s checks the image of the
    measure under x -> s x (e.g. the sphere of radius s) instead of the measure itself."""
    if not (isinstance(dilation, (int, float)) and math.isfinite(dilation) and dilation > 0):
        raise ValueError(f"dilation={dilation!r} must be a finite number > 0")
    d = measure.dim
    xs = DEFAULT_XS if xs is None else np.asarray(xs, dtype=float)
    a = np.zeros(d)
    a[0] = 1.0
    worst, worst_t, skipped, n = -math.inf, 0.0, 0, 0
    for x in xs:
        t = float(x) / math.sqrt(d)
        log_bound = math.log(2.0) - d * t * t / (2 * c)
        log_exact = _log_linear_tail(measure, a, t, dilation)
        if log_exact is None:
            skipped += 1
            continue
        n += 1
        if log_exact > log_bound + _LOG_MARGIN * max(1.0, abs(log_bound)):
            exact, bound = math.exp(log_exact), math.exp(log_bound)
            shown = (f"exact tail {exact:.6g} > bound {bound:.6g}" if bound > 1e-300 else
                     "exact tail > bound (both below the float range)")
            return Evidence.refuted(f"{shown} at t={t:.6g} (d={d}, c={c:.6g}"
                                    + (f", dilation {dilation:g}" if dilation != 1 else "") + f"; log tail {log_exact:.10g} > log bound "
                                    f"{log_bound:.10g})", method="exact-numeric",
                                    counterexample={"d": d, "c": c, "t": t, "exact": exact, "bound": bound,
                                                    "measure": repr(measure), "dilation": dilation,
                                                    "log_exact": log_exact, "log_bound": log_bound})
        if t > 0 and log_exact - log_bound > worst:
            worst, worst_t = log_exact - log_bound, t
    ratio = math.exp(worst) if worst > -math.inf else 0.0
    return Evidence.consistent(f"exact linear tail <= bound at {n} grid points t sqrt(d) in [0, {float(xs[-1]):g}], "
                               f"d={d}; max ratio {ratio:.4g} at t={worst_t:.4g}"
                               + (f"; {skipped} points skipped (tail below the float range)" if skipped else ""),
                               method="exact-numeric", data={"max_ratio": ratio, "skipped": skipped})


# ---------------------------------------------------------------------------------------------------------------
# Large dimensions: the exact tail of a sphere coordinate, searched over a geometric grid of dimensions.
#
# For U uniform on S^{q-1}, B = (1 + U_1)/2 ~ Beta(h, h) with h = (q-1)/2, so P(|U_1| >= u) = 2 I_x(h, h) with
# x = (1 - u)/2, and I_x(a, b) = x^a (1-x)^b/(a B(a, b)) * sum_n prod_{k<n} r_k, r_k = (a+b+k) x/(a+1+k) (the series of
# 2F1(a+b, 1; a+1; x), all terms positive; DLMF 8.17.8). A partial sum is therefore a LOWER bound on the tail, which is
# all a refutation needs. sqrt(q) U_1 -> N(0, 1), so a claimed c(q) whose limit is below 1 fails at some large q (far
# out in x = t sqrt(q)); fixed small dimensions never see it.

GEOMETRIC_DIMS = tuple(int(round(v)) for v in np.geomspace(16, 1e8, 29))
# x = t sqrt(ambient dimension) for the screen: the region where a Gaussian-limit violation shows (c >= ~1/2)
SEARCH_XS = np.geomspace(1.0, 400.0, 64)


def _log_prefactor(h: Any, x: Any) -> Any:
    """log of x^h (1-x)^h/(h B(h, h)) in mpmath."""
    return h * mpmath.log(x) + h * mpmath.log1p(-x) - mpmath.log(h) - (2 * mpmath.loggamma(h) - mpmath.loggamma(2 * h))


def _series_terms_float(h: float, x: float, rel: float = 1e-17, chunk: int = 4096, cap: int = 4_000_000) -> float:
    """log of sum_n prod_{k<n} r_k (float screen; terms are summed until the geometric remainder bound is < rel)."""
    logs, acc, k0 = [], 0.0, 0
    while k0 < cap:
        k = np.arange(k0, k0 + chunk, dtype=np.float64)
        lr = np.log((2 * h + k) * x / (h + 1 + k))
        cum = acc + np.concatenate([[0.0], np.cumsum(lr)[:-1]])
        logs.append(cum)
        acc = cum[-1] + lr[-1]
        k0 += chunk
        r_last = math.exp(lr[-1])
        top = max(float(np.max(c)) for c in logs)
        if acc - math.log1p(-r_last) < top + math.log(rel):
            break
    allv = np.concatenate(logs)
    top = float(allv.max())
    return top + math.log(float(np.exp(allv - top).sum()))


def sphere_coordinate_log_tail(q: int, u: float) -> float:
    """log P(|U_1| >= u), U uniform on S^{q-1} (q >= 2, 0 < u < 1), float accuracy, any q (log space)."""
    if not 0 < u < 1:
        raise ValueError(f"u={u!r} must lie in (0, 1)")
    h, x = (q - 1) / 2, (1 - u) / 2
    with mpmath.workdps(30):
        pre = float(_log_prefactor(mpmath.mpf(q - 1) / 2, mpmath.mpf(x)))
    return math.log(2.0) + pre + _series_terms_float(h, x)


def sphere_coordinate_log_tail_lower(q: int, u: Any, *, dps: int = 40, rel: Any = "1e-25") -> Any:
    """A lower bound (mpmath, ``dps`` digits) on log P(|U_1| >= u) for U uniform on S^{q-1}: 2 I_x(h, h) with the
    2F1 series summed in mpmath until its geometric remainder is below ``rel`` of the partial sum (the partial sum
    alone is the lower bound; the remainder bound is returned too, as the relative gap to the exact value)."""
    with mpmath.workdps(dps):
        u = mpmath.mpf(u)
        h, x = mpmath.mpf(q - 1) / 2, (1 - u) / 2
        rel = mpmath.mpf(rel)
        s, term, k = mpmath.mpf(0), mpmath.mpf(1), 0
        while True:
            s += term
            r = (2 * h + k) * x / (h + 1 + k)
            term *= r
            k += 1
            if r < 1 and term / (1 - r) < rel * s:  # r_k decreases in k (a + b > a + 1), so a geometric bound
                break
        return mpmath.log(2) + _log_prefactor(h, x) + mpmath.log(s)


def coordinate_dimension_search(c_of_q: Callable[[int], float], *, scale: float = 1.0,
                                ambient: Callable[[int], int] = lambda q: q, qs=GEOMETRIC_DIMS, xs=SEARCH_XS,
                                what: str = "S^{q-1}") -> Evidence:
    """Definition 1.1 for f = s U_1 (U uniform on S^{q-1}, s = ``scale``, ambient dimension D = ambient(q)) against
    2 exp(-D t^2/(2 c(q))), over q on a geometric grid (default 16 .. 1e8) and x = t sqrt(D) on a geometric grid,
    refined around the most violating point. A violation found by the float screen is confirmed by the mpmath lower
    bound on the exact tail (:func:`sphere_coordinate_log_tail_lower`) with a 1e-9 relative log margin: 'refuted'
    with that point ('inconclusive' if the screen's violation is not confirmed), else 'consistent' with the largest
    log ratio seen (a grid is not a proof)."""
    best = (-math.inf, None, None)
    for q in qs:
        D, c = ambient(q), float(c_of_q(q))
        for x in xs:
            t = float(x) / math.sqrt(D)
            u = t / scale
            if not 0 < u < 1:
                continue
            g = sphere_coordinate_log_tail(q, u) - (math.log(2.0) - D * t * t / (2 * c))
            if g > best[0]:
                best = (g, q, float(x))
    if best[1] is None:
        return Evidence.consistent("no grid point with 0 < t/s < 1", method="exact-numeric")
    # refine around the best point: neighbouring q, and x on a fine local grid
    g0, q0, x0 = best
    near_q = sorted({min(max(qs), max(min(qs), int(round(q0 * f)))) for f in (0.5, 0.7, 0.85, 1.0, 1.2, 1.4, 2.0)})
    for q in near_q:
        D, c = ambient(q), float(c_of_q(q))
        for x in np.geomspace(x0 / 1.3, x0 * 1.3, 41):
            t = float(x) / math.sqrt(D)
            if not 0 < t / scale < 1:
                continue
            g = sphere_coordinate_log_tail(q, t / scale) - (math.log(2.0) - D * t * t / (2 * c))
            if g > best[0]:
                best = (g, q, float(x))
    g, q, x = best
    D, c = ambient(q), float(c_of_q(q))
    t = x / math.sqrt(D)
    if g > 0:
        with mpmath.workdps(40):
            tt = mpmath.mpf(x) / mpmath.sqrt(D)
            lo = sphere_coordinate_log_tail_lower(q, tt / mpmath.mpf(scale))
            log_bound = mpmath.log(2) - D * tt**2 / (2 * mpmath.mpf(c))
            if lo > log_bound + _LOG_MARGIN * max(1, abs(log_bound)):
                return Evidence.refuted(
                    f"{what} at q = {q} (ambient d = {D}), f = " + (f"{scale:.6g} U_1" if scale != 1 else "U_1")
                    + f", t = {t:.6g} (t sqrt(d) = {x:.4g}): "
                    f"log P(|f - Ef| >= t) >= {mpmath.nstr(lo, 12)} > log 2 exp(-d t^2/(2c)) = "
                    f"{mpmath.nstr(log_bound, 12)} with c = {c:.8g} (exact Beta tail, mpmath 40 digits, a lower bound "
                    "by a partial sum of positive terms)", method="exact-numeric",
                    counterexample={"q": q, "d": D, "t": t, "x": x, "c": c, "scale": scale,
                                    "log_exact_lower": float(lo), "log_bound": float(log_bound)})
        return Evidence.inconclusive(f"{what}: the float screen puts the tail above the bound at q = {q}, t sqrt(d) = "
                                     f"{x:.4g} (log ratio {g:.3g}) but the mpmath lower bound does not confirm it",
                                     method="exact-numeric", data={"max_log_ratio": g, "q": q, "x": x})
    return Evidence.consistent(f"{what}: exact coordinate tail <= bound on q in [{min(qs)}, {max(qs)}] "
                               f"({len(qs)} geometric points) x t sqrt(d) in [{float(min(xs)):g}, {float(max(xs)):g}]; "
                               f"largest log(tail/bound) {g:.4g} at q = {q}, t sqrt(d) = {x:.4g}",
                               method="exact-numeric", data={"max_log_ratio": g, "q": q, "x": x})
