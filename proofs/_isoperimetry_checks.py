"""Shared by the example-measure statements: Definition 1.1 checked by Monte Carlo on a family of test functions, and
the exact tail of a linear functional compared with the claimed bound on a grid of t."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

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
