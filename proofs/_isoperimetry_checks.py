"""Shared by the example-measure statements: Definition 1.1 checked by Monte Carlo on a family of test functions."""

from __future__ import annotations

import math

import numpy as np

from isoper import Context, Evidence, Measure, check_isoperimetry
from isoper.testfunctions import standard_family


def family_check(ctx: Context, measure: Measure, c: float, *, bounds=(0.02,), samples=100_000) -> Evidence:
    """Check P(|f - Ef| >= t) <= 2 exp(-d t^2/(2 c L^2)) for every f of the standard family, at the t where the
    claimed bound equals each value in ``bounds``. The step's alpha is split evenly over the checks."""
    d = measure.dim
    family = standard_family(d, ctx.rng(f"family-{d}"))
    n_checks = len(family) * len(bounds)
    parts = []
    for i, f in enumerate(family):
        L = f.lipschitz
        for j, b in enumerate(bounds):
            t = L * math.sqrt(2 * c * math.log(2 / b) / d)
            r = check_isoperimetry(measure, f, c=c, t=t, alpha=ctx.alpha / n_checks, samples=ctx.samples(samples),
                                   seed=ctx.seed_for(f"{d}-{i}-{j}"))
            parts.append(Evidence.from_check(r, what=f"{type(measure).__name__}(d={d}), {f.name}, L={L:.3g}"))
    return Evidence.all_of(*parts, method="monte-carlo")


def exact_linear_check(measure: Measure, c: float, *, xs=np.linspace(0.0, 8.0, 161)) -> Evidence:
    """Compare the exact tail of a unit linear functional with the claimed bound on a grid of t (numeric, not a
    proof: 'consistent' when it holds at every grid point, 'refuted' with the first failing t otherwise)."""
    d = measure.dim
    a = np.zeros(d)
    a[0] = 1.0
    worst = 0.0
    for x in xs:
        t = x / math.sqrt(d)
        exact = measure.linear_tail(a, t)
        bound = 2 * math.exp(-d * t * t / (2 * c))
        if exact > bound:
            return Evidence.refuted(f"exact tail {exact:.6g} > bound {bound:.6g} at t={t:.6g} (d={d})",
                                    method="exact-numeric", counterexample={"d": d, "t": t, "exact": exact,
                                                                            "bound": bound})
        worst = max(worst, exact / bound)
    return Evidence.consistent(f"exact linear tail <= bound at {len(xs)} grid points, d={d}; max ratio "
                               f"{worst:.4g}", method="exact-numeric", data={"max_ratio": worst})
