"""ex-mixture: a mixture of two far-apart Gaussians is not c-isoperimetric with a small c.

mu = (1/2) N(a e_1, I_d/d) + (1/2) N(-a e_1, I_d/d). The 1-Lipschitz, bounded f(x) = clip(x_1, -a, a) has E f = 0
(symmetry) and, for 0 < t <= a, P(|f| >= t) = P(|x_1| >= t) = Phi^c((t - a) sqrt d) + Phi^c((t + a) sqrt d); for
t > a it is 0. At t = a the tail is >= 1/2, so Definition 1.1 forces c >= d a^2/(2 log 4); since |f| <= a and tails
are <= 1, this f forces no more than d a^2/(2 log 2). With a fixed (a >> 1/sqrt d) the least c grows linearly in d:
no dimension-free c. Each component alone is 1-isoperimetric (a translate of N(0, I_d/d)); Theorems 2 and 3 use the
components separately.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import sympy as sp
from _isoperimetry_checks import family_check
from _measure_examples import definition_bound
from scipy import special

from isoper import Context, Evidence, Gaussian, Mixture, Statement, Status, check_isoperimetry

ex_mixture = Statement(
    id="ex-mixture",
    title="A mixture of two far-apart isoperimetric laws is not isoperimetric with a small c",
    source="Bubeck-Sellke 2021, discussion of mixtures after Definition 1.1 (Theorems 2 and 3 take k components)",
    hypotheses=("mu = (N(a e_1, I_d/d) + N(-a e_1, I_d/d))/2", "a >> 1/sqrt(d)"),
    conclusion="the least c for mu is at least d a^2/(2 log 4) (the test function clip(x_1, -a, a) forces between "
               "d a^2/(2 log 4) and d a^2/(2 log 2)); each component is 1-isoperimetric",
    order=2.7,
)


def two_gaussians(d: int, a: float) -> Mixture:
    e = np.zeros(d)
    e[0] = a
    return Mixture([0.5, 0.5], [Gaussian(d, mean=tuple(e)), Gaussian(d, mean=tuple(-e))])


def clip_first(a: float):
    """f(x) = clip(x_1, -a, a): 1-Lipschitz, bounded by a."""
    def f(x: np.ndarray) -> np.ndarray:
        return np.clip(x[:, 0], -a, a)
    f.lipschitz = 1.0  # type: ignore[attr-defined]
    return f


def clip_tail(d: int, a: float, t: float) -> float:
    """P(|f - Ef| >= t) exactly (E f = 0)."""
    if t > a:
        return 0.0
    s = math.sqrt(d)
    return float(special.ndtr((a - t) * s) + special.ndtr(-(a + t) * s))


def least_c_clip(d: int, a: float, grid: int = 20001) -> tuple[float, float]:
    """sup over t in (0, a] of d t^2/(2 log(2/P(t))): the least c the test function allows (and the maximising t)."""
    ts = np.linspace(a / grid, a, grid)
    P = special.ndtr((a - ts) * math.sqrt(d)) + special.ndtr(-(a + ts) * math.sqrt(d))
    r = d * ts**2 / (2 * np.log(2 / P))
    j = int(np.argmax(r))
    return float(r[j]), float(ts[j])


@ex_mixture.step(1, "Symbolic: P(|f| >= a) >= 1/2 at t = a, so 2 exp(-d a^2/(2c)) >= 1/2 forces c >= d a^2/(2 log 4); "
                 "since |f| <= a and tails are <= 1, d t^2/(2 log(2/P(t))) <= d a^2/(2 log 2): the least c this f "
                 "forces lies in [d a^2/(2 log 4), d a^2/(2 log 2)]", method="symbolic")
def step_1(ctx: Context) -> Evidence:
    d, a, c = sp.symbols("d a c", positive=True)
    # component N(a e_1, I/d): P(x_1 >= a) = 1/2 exactly (the median of the normal law)
    half = sp.simplify((1 + sp.erf(0)) / 2) == sp.Rational(1, 2)
    c_lo = d * a**2 / (2 * sp.log(4))
    at_lo = sp.simplify(2 * sp.exp(-d * a**2 / (2 * c_lo)) - sp.Rational(1, 2)) == 0
    mono = sp.simplify(sp.diff(2 * sp.exp(-d * a**2 / (2 * c)), c)).is_positive
    c_hi = d * a**2 / (2 * sp.log(2))
    # for 0 < t <= a and 0 < P <= 1: d t^2/(2 log(2/P)) <= d a^2/(2 log 2), as t^2 <= a^2 and log(2/P) >= log 2
    u, v = sp.symbols("u v", nonnegative=True)  # t = a/(1+u)... use t^2 = a^2 - u, log(2/P) = log 2 + v
    gap = sp.simplify(c_hi - d * (a**2 - u) / (2 * (sp.log(2) + v)))
    upper = sp.factor(sp.together(gap)).is_nonnegative
    if half and at_lo and mono and upper:
        return Evidence.verified(f"P(x_1 >= a | +) = 1/2; 2 exp(-d a^2/(2c)) = 1/2 at c = {c_lo} and increases in c; "
                                 f"c_hi - d(a^2 - u)/(2(log 2 + v)) = {sp.factor(sp.together(gap))} >= 0 (sympy)")
    return Evidence.inconclusive(f"sympy: half {half}, at_lo {at_lo}, mono {mono}, upper {upper}", method="symbolic")


@ex_mixture.step(2, "Exact: the least c forced by f, sup_t d t^2/(2 log(2/P(t))), lies in [d a^2/(2 log 4), "
                 "d a^2/(2 log 2)] and tends to the upper end as a sqrt(d) grows (d = 64, 256, 1024, a = 1; "
                 "d = 64, a = 0.5)", method="exact-numeric")
def step_2(ctx: Context) -> Evidence:
    rows = []
    for d, a in ((64, 0.5), (64, 1.0), (256, 1.0), (1024, 1.0)):
        cm, t = least_c_clip(d, a)
        lo, hi = d * a * a / (2 * math.log(4)), d * a * a / (2 * math.log(2))
        if not lo <= cm <= hi:
            return Evidence.refuted(f"d={d}, a={a}: least c {cm:.5g} outside [{lo:.5g}, {hi:.5g}]",
                                    method="exact-numeric", counterexample={"d": d, "a": a, "c_min": cm})
        rows.append((d, a, cm, t, cm / hi))
    fracs = [r[4] for r in rows[1:]]
    if all(x < y for x, y in itertools.pairwise(fracs)):
        table = "; ".join(f"d={d}, a={a}: c_min={cm:.4g} at t={t:.3g} ({fr:.3f} of d a^2/(2 log 2))"
                          for d, a, cm, t, fr in rows)
        return Evidence.consistent(table, method="exact-numeric", data={"rows": rows})
    return Evidence.inconclusive(f"fractions not increasing: {fracs}", method="exact-numeric")


def mixture_claim(ctx: Context, c: float, *, d: int = 64, a: float = 1.0, t_frac: float = 0.9,
                  samples: int = 10_000, alpha: float | None = None) -> Evidence:
    """Monte Carlo test of the claim 'the mixture satisfies Definition 1.1 with constant c' for f = clip(x_1, -a, a)
    at t = t_frac * a (E f = 0 exactly by symmetry)."""
    mu = two_gaussians(d, a)
    r = check_isoperimetry(mu, clip_first(a), c=c, t=t_frac * a, center=0.0,
                           alpha=ctx.alpha if alpha is None else alpha, samples=ctx.samples(samples),
                           seed=ctx.seed_for(f"mixture-{c}-{d}-{a}"))
    return Evidence.from_check(r, what=f"mixture of N(+-{a:g} e_1, I/{d}), f = clip(x_1, -{a:g}, {a:g}), c = {c:g}")


@ex_mixture.step(3, "Monte Carlo: the mixture (d = 64, a = 1) is NOT c-isoperimetric for c = 1 and c = 10: the lower "
                 "confidence bound of P(|f| >= 0.9 a) exceeds 2 exp(-d t^2/(2c)) (exact tail 0.788)",
                 method="monte-carlo")
def step_3(ctx: Context) -> Evidence:
    parts = []
    for c in (1.0, 10.0):
        ev = mixture_claim(ctx, c, alpha=ctx.alpha / 2)
        exact = clip_tail(64, 1.0, 0.9)
        if ev.status is Status.REFUTED:
            parts.append(Evidence.consistent(f"failure of c = {c:g} confirmed (exact tail {exact:.4f} vs bound "
                                             f"{definition_bound(64, 0.9, c):.3g}): {ev.detail}",
                                             interval=ev.interval))
        else:
            parts.append(Evidence.inconclusive(f"failure of c = {c:g} not shown: {ev.detail}", method="monte-carlo"))
    return Evidence.all_of(*parts)


def components_check(ctx: Context, *, c: float = 1.0, d: int = 16, a: float = 1.0, samples: int = 10_000
                     ) -> Evidence:
    """Monte Carlo: each component N(+-a e_1, I_d/d) on the test family at c."""
    e = np.zeros(d)
    e[0] = a
    sub = Context(ctx.step_id, ctx.alpha / 2, ctx.seed, ctx.thorough, ctx.scale)
    return Evidence.all_of(*[family_check(sub, Gaussian(d, mean=tuple(s * e)), c, samples=samples)
                             for s in (1.0, -1.0)])


@ex_mixture.step(4, "Each component N(+-a e_1, I_d/d) alone is 1-isoperimetric (a translate of N(0, I_d/d): the "
                 "exponent does not see the mean); test family, d = 16, a = 1", method="monte-carlo")
def step_4(ctx: Context) -> Evidence:
    return components_check(ctx)


@ex_mixture.conclusion_step(method="symbolic+exact-numeric+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    half = Context(ctx.step_id, ctx.alpha / 2, ctx.seed, ctx.thorough, ctx.scale)
    ev = mixture_claim(half, 10.0, d=128, a=1.0)
    fail = (Evidence.consistent(f"failure of c = 10 at d = 128 confirmed: {ev.detail}", interval=ev.interval)
            if ev.status is Status.REFUTED
            else Evidence.inconclusive(f"failure of c = 10 not shown: {ev.detail}", method="monte-carlo"))
    return Evidence.all_of(step_1(ctx), step_2(ctx), fail, components_check(half, d=32))
