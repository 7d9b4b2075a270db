"""rem-tightness (Remark 1.1): the law is tight at p ~ n d.

Claimed: for n <= poly(d) uniform points on S^{d-1}, w.h.p. all pairwise distances are >= 1, so an O(1)-Lipschitz
interpolant exists for any labels; explicitly f(x) = sum_i g(||x - x_i||) y_i with a bump g(0) = 1, g(r) = 0 for
r >= 1, which has p = n (d + 1) parameters.

Findings: the separation holds (exact law of one inner product + union bound, and Monte Carlo); the count
p = n (d + 1) and interpolation hold; but "g(r) = 0 for r >= 1" does not make f O(1)-Lipschitz: bumps of radius 1
around points at distance >= 1 overlap (the hat of radius 1 at the 2d points +-e_j gives Lip(f) >= sqrt(d); for any
radius R > 1/sqrt 2 the 1-separated sphere points (e_d +- e_j)/sqrt 2 give Lip(f) >= 2 sqrt(d-1)/R). Bumps vanishing
for r >= 1/2 (disjoint supports) repair it: Lip(f) = Lip(g) max |y_i| (= 2 for the hat of radius 1/2). The separation
is also bounded below exactly (Bonferroni: any two of the events {<x_i, x_j> > 1/2} are independent), which showed
the earlier claim text "d = 128: <= 1.6e-5" (not the paper's) to be rounded down (the failure probability is >= 1.6027e-5; the claim now says 1.61e-5).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from isoper import Claim, Context, Evidence, InvalidParameter, Mutant, Sphere, Statement, check_trials
from isoper.law import CONSTANTS, lipschitz_lower_bound
from isoper.models import BumpInterpolant, bump_interpolant, min_pairwise_distance, sample_sphere

rem_tightness = Statement(
    id="rem-tightness",
    title="Remark 1.1: uniform sphere data is 1-separated w.h.p.; a bump interpolant with p = n(d+1) is O(1)-Lipschitz",
    source="Bubeck-Sellke 2021, Remark 1.1",
    hypotheses=("x_1..x_n uniform on S^{d-1}, n <= poly(d)", "labels y_i in [-1, 1]"),
    conclusion="an O(1)-Lipschitz interpolant with p = n(d+1) parameters exists w.h.p., so Theorem 3 is tight at "
               "p ~ n d",
    order=2.9,
)

BALL = "Ball's spherical cap bound P(<x, y> >= eps) <= exp(-d eps^2/2) (K. Ball 1997, Lemma 2.2)"
N_, D_ = sp.symbols("n d", positive=True, integer=True)


def _claim(ctx: Context, of_record: Claim) -> Claim:
    """The claim the run hands the checker (under --mutants, the mutant); the claim of record when called directly."""
    return ctx.claim if ctx.claim is not None else of_record


def _claim_of(ctx: Context, step: str, of_record: Claim) -> Claim:
    try:
        return ctx.claim_of(f"rem-tightness/{step}")
    except InvalidParameter:
        return of_record


def cap_probability(d: int, t: object) -> mpmath.mpf:
    """P(<x, y> > t) for x, y independent uniform on S^(d-1), d >= 2: (1 - <x, y>)/2 ~ Beta((d-1)/2, (d-1)/2), so it is
    I_{(1-t)/2}((d-1)/2, (d-1)/2) (regularized incomplete beta, mpmath at 50 digits)."""
    with mpmath.workdps(50):
        h = mpmath.mpf(d - 1) / 2
        tt = mpmath.mpf(Fraction(t).numerator) / Fraction(t).denominator if isinstance(t, (Fraction, int)) else \
            mpmath.mpf(t)
        return +mpmath.betainc(h, h, 0, (1 - tt) / 2, regularized=True)


def separation_bounds(n: int, d: int, dist: object) -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    """(p, upper, lower) for P(min_{i<j} ||x_i - x_j|| < dist) with n uniform points on S^(d-1): with N = C(n, 2)
    events A_ij = {<x_i, x_j> > 1 - dist^2/2} of probability p each, upper = N p (union bound) and lower = N p -
    C(N, 2) p^2 (Bonferroni): every two distinct events are independent (disjoint pairs trivially; pairs sharing x_i
    are independent given x_i, by rotation invariance), so P(A and B) = p^2."""
    dq = Fraction(dist)  # exact: a float at its binary value
    p = cap_probability(d, 1 - dq * dq / 2)
    N = n * (n - 1) // 2
    with mpmath.workdps(50):
        return p, N * p, N * p - mpmath.mpf(N * (N - 1) // 2) * p * p


def union_bound(n: int, d: int, dist: float = 1.0) -> float:
    """Rigorous bound C(n, 2) P(<x, y> > 1 - dist^2/2) on P(min_{i<j} ||x_i - x_j|| < dist) (exact law of <x, y>)."""
    t = 1.0 - dist**2 / 2
    e1 = np.zeros(d)
    e1[0] = 1.0
    return min(1.0, n * (n - 1) / 2 * Sphere(d).linear_sf(e1, t))


def check_step_1(ctx: Context, *, d: int = 64, n: int = 200, dist: object = 1, claimed_failure: object = 0.35,
                 ub: object = 0.222, d2: int = 128, ub2: object = 1.61e-5, cap: object = 8) -> Evidence:
    """P(min pairwise distance < dist) <= ub (union bound, exact law) and <= claimed_failure (Monte Carlo on whole data
    sets); the same at d2 with ub2; and Ball's cap bound P(<x, y> >= 1/2) <= exp(-d/cap) (cited, spot-checked against
    the exact law at d = 8, 16, 64, 128, 512), with which n^2/2 exp(-d/cap) -> 0 for n = d^a (sympy). A Bonferroni
    lower bound above a claimed bound, or a cap probability above exp(-d/cap), is an exact counterexample."""
    parts = []
    for nn, dd, bound, name in ((n, d, ub, "ub"), (n, d, claimed_failure, "mc_bound"), (n, d2, ub2, "ub2")):
        p, up, lo = separation_bounds(nn, dd, dist)
        b = mpmath.mpf(Fraction(bound).numerator) / Fraction(bound).denominator
        if lo > b:
            return Evidence.refuted(
                f"n = {nn}, d = {dd}: P(min dist < {dist}) >= C(n,2) p - C(C(n,2), 2) p^2 = {mpmath.nstr(lo, 6)} > "
                f"{bound} (Bonferroni; p = P(<x,y> > 1 - dist^2/2) = {mpmath.nstr(p, 8)} from the exact law; pairs of "
                "events are independent)", method="exact",
                counterexample={"n": nn, "d": dd, "dist": str(dist), "p": float(p), "lower": float(lo),
                                "claimed": float(b), "value": name})
        if name != "mc_bound":
            ok = up <= b
            parts.append(Evidence.verified(f"d = {dd}, n = {nn}: union bound C(n,2) p = {mpmath.nstr(up, 6)} <= "
                                           f"{bound} (exact law, mpmath)", method="exact") if ok else
                         Evidence.inconclusive(f"d = {dd}: union bound {mpmath.nstr(up, 6)} > {bound}: not derived",
                                               method="exact"))
    cap_q = Fraction(cap)
    caps = []
    for dd in (8, 16, 64, 128, 512):
        pc = cap_probability(dd, Fraction(1, 2))
        with mpmath.workdps(50):
            bc = mpmath.exp(-mpmath.mpf(dd) * cap_q.denominator / cap_q.numerator)
        if pc > bc:
            return Evidence.refuted(f"cap bound: P(<x, y> > 1/2) = {mpmath.nstr(pc, 8)} > exp(-d/{cap}) = "
                                    f"{mpmath.nstr(bc, 8)} at d = {dd} (exact law, mpmath)", method="exact",
                                    counterexample={"d": dd, "P": float(pc), "bound": float(bc)})
        caps.append(dd)
    bound = float(Fraction(claimed_failure))
    dist_f = float(Fraction(dist))

    def trial(rng: np.random.Generator, m: int) -> np.ndarray:
        G = rng.standard_normal((m, n, d))
        G /= np.linalg.norm(G, axis=2, keepdims=True)
        ip = np.einsum("mij,mkj->mik", G, G)
        ip[:, np.arange(n), np.arange(n)] = -np.inf
        return ip.max(axis=(1, 2)) > 1.0 - dist_f**2 / 2  # ||x - y||^2 = 2 - 2 <x, y> for unit vectors

    res = check_trials(trial, bound=bound, samples=ctx.samples(600), seed=ctx.seed_for("mc"), alpha=ctx.alpha / 2,
                       batch=24, claim=f"P(min dist < {dist}) <= {bound:.4g} (d={d}, n={n})")
    parts.insert(0, Evidence.from_check(res, what=f"d={d}, n={n}: union bound {float(separation_bounds(n, d, dist)[1]):.4g}"))
    if res.verdict == "violated":
        return parts[0]
    dd, a = sp.symbols("d a", positive=True)
    lim = sp.limit(dd ** (2 * a) / 2 * sp.exp(-dd / sp.nsimplify(cap)), dd, sp.oo)
    parts.append(Evidence.verified(
        f"cited: P(<x, y> >= 1/2) <= exp(-d/{cap}) for x, y uniform on S^(d-1) (K. Ball 1997, Lemma 2.2 gives "
        f"exp(-d/8); spot-checked, not proved, against the exact law at d = {caps}); proved: union bound n^2/2 "
        f"exp(-d/{cap}) -> 0 for n = d^a: lim_(d->oo) d^(2a)/2 exp(-d/{cap}) = {lim} (sympy)", cites=(BALL,))
        if lim == 0 else Evidence.inconclusive(f"limit {lim}", method="symbolic"))
    return Evidence.all_of(*parts)


STEP_1 = Claim(
    "Sub-claim: n = {n} uniform points on S^({d}-1) have all pairwise distances >= {dist} except with probability "
    "<= C(n,2) P(<x,y> > 1 - dist^2/2) <= {ub} (exact law; Monte Carlo ~0.20 <= {mc_bound}); at d = {d2}: <= {ub2}; "
    "with Ball's cap bound P(<x,y> >= 1/2) <= exp(-d/{cap}) the failure -> 0 for n = d^a",
    {"n": 200, "d": 64, "dist": 1, "ub": 0.222, "mc_bound": 0.35, "d2": 128, "ub2": 1.61e-5, "cap": 8}, kind="probability", cites=(BALL,),
    mutants=(Mutant({"ub": 0.15}, "Bonferroni: the failure probability is >= N p - C(N,2) p^2 = 0.197"),
             Mutant({"mc_bound": 0.1}, "Bonferroni lower bound 0.197 > 0.1 (Monte Carlo sees ~0.20)"),
             Mutant({"dist": Fraction(6, 5)}, "at d = 64 pairs closer than 1.2 have probability 0.012 each, so among "
                                              "19900 pairs one is (almost surely)"),
             Mutant({"ub2": 1e-6}, "at d = 128 the Bonferroni lower bound is 1.6027e-5 > 1e-6"),
             Mutant({"cap": 4}, "P(<x,y> > 1/2) = 0.0205 > exp(-16/4) = 0.0183 at d = 16 (the exact rate is "
                                "log(4/3)/2 = 1/6.95 per dimension)"),
             Mutant({"cap": 6}, "the exact rate is 1/6.95 per dimension: P(<x,y> > 1/2) = 8.05e-10 > exp(-128/6) = "
                                "5.4e-10 at d = 128")),
)


@rem_tightness.step(1, STEP_1, method="monte-carlo+symbolic")
def step_1(ctx: Context) -> Evidence:
    c = _claim(ctx, STEP_1)
    return check_step_1(ctx, d=c.d, n=c.n, dist=c.dist, claimed_failure=c.mc_bound, ub=c.ub, d2=c.d2, ub2=c.ub2,
                        cap=c.cap)


def _separated_sphere_sample(rng: np.random.Generator, n: int, d: int, sep: float) -> np.ndarray | None:
    for _ in range(50):
        X = sample_sphere(n, d, rng=rng)
        if min_pairwise_distance(X) >= sep:
            return X
    return None


def check_step_2(ctx: Context, *, params_per_point: int | None = None, params: object = None,
                 radius: object = 1, sep: object = 1) -> Evidence:
    """p = n (d + 1) (centres and labels) and f(x_j) = y_j for the bump interpolant of the given radius through
    sep-separated sphere points (n = 100, d = 64)."""
    n, d = N_, D_
    if params is not None:
        e = sp.sympify(params)  # symbols are matched by name, whatever their assumptions
        claimed = e.xreplace({x: {"n": n, "d": d}[x.name] for x in e.free_symbols if x.name in ("n", "d")})
    else:
        claimed = n * (d + 1) if params_per_point is None else n * params_per_point
    counted = n * d + n  # the centres x_i in R^d and the labels y_i
    rng = ctx.rng("data")
    X = _separated_sphere_sample(rng, 100, 64, float(sep))
    if X is None:
        return Evidence.inconclusive(f"no {sep}-separated sample in 50 draws", method="exact")
    y = rng.choice([-1.0, 1.0], 100)
    f = BumpInterpolant(X, y, float(radius))  # not bump_interpolant: a too-large radius must show, not raise
    err = float(np.max(np.abs(f.forward(X) - y)))
    interp = err <= 1e-9
    model_count = f.n_params == int(claimed.subs({n: 100, d: 64}))
    count_ok = sp.simplify(counted - claimed) == 0 and model_count
    if count_ok and interp:
        return Evidence.verified(f"p = n d + n = n(d+1) (sympy; model counts {f.n_params} at n=100, d=64); "
                                 f"f(x_j) = y_j (max error {err:.2g}) since g(0) = 1 and g(||x_j - x_i||) = 0 for i != j "
                                 f"(pairwise distances >= {sep} >= radius {radius})")
    if not count_ok:
        return Evidence.refuted(f"parameter count: claimed {claimed}, counted n d + n = {counted} (centres and labels; "
                                f"at n = 100, d = 64: {claimed.subs({n: 100, d: 64})} vs {f.n_params})",
                                method="symbolic", counterexample={"n": 100, "d": 64, "claimed": str(claimed),
                                                                   "counted": str(counted)})
    j = int(np.argmax(np.abs(f.forward(X) - y)))
    return Evidence.refuted(f"hat of radius {radius} through {sep}-separated points (min distance "
                            f"{min_pairwise_distance(X):.4g} < radius): f(x_{j}) = {f.forward(X)[j]:.6g} != y_{j} = "
                            f"{y[j]:g}", method="exact",
                            counterexample={"j": j, "f(x_j)": float(f.forward(X)[j]), "y_j": float(y[j]),
                                            "seed": ctx.seed, "min_distance": min_pairwise_distance(X)})


STEP_2 = Claim(
    "Sub-claim: f(x) = sum_i g(||x - x_i||) y_i with g(0) = 1, g(r) = 0 for r >= {radius} interpolates the separated "
    "data of step 1 and uses p = {params} parameters",
    {"radius": 1, "params": N_ * (D_ + 1)}, kind="identity",
    mutants=(Mutant({"params": N_ * D_}, "the centres (n d numbers) and the labels (n) make n d + n"),
             Mutant({"params": N_ * (D_ + 2)}, "n d + n parameters, not n d + 2 n"),
             Mutant({"radius": 2}, "pairwise distances on S^63 are ~ sqrt 2 < 2: the bumps overlap at the data points")),
)


@rem_tightness.step(2, STEP_2, method="symbolic")
def step_2(ctx: Context) -> Evidence:
    c = _claim(ctx, STEP_2)
    return check_step_2(ctx, params=c.params, radius=c.radius, sep=_claim_of(ctx, "step-1", STEP_1).dist)


def hat_counterexample(d: int, t: float = 1e-6) -> tuple[float, float]:
    """Points +-e_j (pairwise distances >= sqrt 2), labels +-1, hat of radius 1: the quotient |f(t u) - f(0)| / t along
    u = (1, ..., 1)/sqrt d, and its limit sqrt(d) (sympy)."""
    X = np.vstack([np.eye(d), -np.eye(d)])
    y = np.concatenate([np.ones(d), -np.ones(d)])
    f = bump_interpolant(X, y, radius=1.0)
    u = np.ones(d) / math.sqrt(d)
    q = abs(f.forward((t * u)[None])[0] - f.forward(np.zeros((1, d)))[0]) / t
    return q, float(math.sqrt(d))


def overlap_counterexample(radius: float, lip: float, *, d_min: int = 64, h: float = 1e-6) -> dict:
    """For a hat of radius R > 1/sqrt 2: the 2(d-1) points (w +- e_j)/sqrt 2 on S^(d-1) (w = e_d, j < d; pairwise
    distances 1 or sqrt 2), labels +1 and -1, all at distance 1/sqrt 2 < R from x0 = w/sqrt 2. There
    grad f(x0) = (2/R) sum_{j<d} e_j (each bump is smooth at x0), so Lip(f) >= 2 sqrt(d-1)/R, unbounded in d: d is
    chosen with 2 sqrt(d-1)/R >= 1.2 lip. Returns the explicit pair x0, x0 + h u (u = sum_{j<d} e_j/sqrt(d-1)) and its
    difference quotient, evaluated in closed form at 50 digits: ||x0 + h u - (w +- e_j)/sqrt 2||^2 = 1/2 -+ sqrt 2 h
    /sqrt(d-1) + h^2 for every j, so f(x0 + h u) = (d-1) (g(r+) - g(r-)) and f(x0) = 0. For d <= 256 the quotient is
    also evaluated with the model (BumpInterpolant) as a cross-check."""
    d = max(d_min, math.ceil((0.6 * lip * radius) ** 2) + 2)
    m = d - 1
    with mpmath.workdps(50):
        R, hh = mpmath.mpf(Fraction(radius).numerator) / Fraction(radius).denominator, mpmath.mpf(h)
        g = lambda r: max(mpmath.mpf(0), 1 - r / R)
        rp = mpmath.sqrt(mpmath.mpf(1) / 2 - mpmath.sqrt(2) * hh / mpmath.sqrt(m) + hh**2)
        rm = mpmath.sqrt(mpmath.mpf(1) / 2 + mpmath.sqrt(2) * hh / mpmath.sqrt(m) + hh**2)
        q = abs(m * (g(rp) - g(rm))) / hh
    out = {"d": d, "points": "(e_d +- e_j)/sqrt 2, j < d", "labels": "+1 / -1", "x0": "e_d/sqrt 2", "h": h,
           "quotient": float(q), "grad_norm": 2 * math.sqrt(m) / float(radius), "min_pairwise_distance": 1.0,
           "radius": float(radius)}
    if d <= 256:
        E = np.zeros((m, d))
        E[np.arange(m), np.arange(m)] = 1.0
        w = np.zeros(d)
        w[-1] = 1.0
        f = BumpInterpolant(np.vstack([(w + E) / math.sqrt(2), (w - E) / math.sqrt(2)]),
                            np.concatenate([np.ones(m), -np.ones(m)]), float(radius))
        x0 = w / math.sqrt(2)
        u = np.concatenate([np.ones(m), [0.0]]) / math.sqrt(m)
        out["quotient_model"] = float(abs(f.forward((x0 + h * u)[None])[0] - f.forward(x0[None])[0]) / h)
    return out


def check_step_3(ctx: Context, *, radius: object = 1, claimed_lip: object = 2.0) -> Evidence:
    """Lip(f) <= claimed_lip for every bump g vanishing for r >= radius (the hat of that radius) through 1-separated
    sphere points. False for every radius > 1/sqrt 2 and every constant (:func:`overlap_counterexample`); for
    radius <= 1/2 the supports are disjoint (:func:`check_correction_3`)."""
    R, lip = float(Fraction(radius)), float(Fraction(claimed_lip))
    if Fraction(radius) ** 2 > Fraction(1, 2):
        cex = overlap_counterexample(R, lip)
        if cex["quotient"] > lip:
            return Evidence.refuted(
                f"hat of radius {radius} at the {2 * (cex['d'] - 1)} points (e_d +- e_j)/sqrt 2 of S^{cex['d'] - 1} "
                f"(pairwise distances >= 1, labels +-1), all within 1/sqrt 2 < {radius} of x0 = e_d/sqrt 2: "
                f"|f(x0 + h u) - f(x0)|/h = {cex['quotient']:.6g} > {claimed_lip} at h = {cex['h']} "
                f"(grad f(x0) = (2/R) sum_j e_j, norm 2 sqrt(d-1)/R = {cex['grad_norm']:.6g}: not O(1) as d grows)",
                method="exact", counterexample=cex)
        return Evidence.inconclusive(f"quotient {cex['quotient']:.4g} <= {claimed_lip}", method="exact")
    return check_correction_3(ctx, radius=radius, claimed_lip=claimed_lip)


STEP_3 = Claim(
    "Sub-claim: with g(0) = 1, g(r) = 0 for r >= {radius} (e.g. the hat of radius {radius}), f is O(1)-Lipschitz "
    "(Lip <= {lip})",
    {"radius": 1, "lip": 2}, kind="inequality",
    mutants=(Mutant({"radius": Fraction(3, 4)}, "3/4 > 1/sqrt 2: the 2(d-1) points (e_d +- e_j)/sqrt 2 are 1-separated "
                                                "and all within 1/sqrt 2 of e_d/sqrt 2, so Lip >= 2 sqrt(d-1)/R"),
             Mutant({"radius": 2}, "the same construction: Lip >= 2 sqrt(d-1)/2 = sqrt(d-1)"),
             Mutant({"lip": 100}, "Lip >= 2 sqrt(d-1) exceeds 100 once d > 2501")),
)


@rem_tightness.step(3, STEP_3, method="symbolic",
                    erratum="bumps of radius 1 around points at distance >= 1 overlap: the hat of radius 1 at the "
                            "points (e_d +- e_j)/sqrt 2 (or at +-e_j) gives Lip(f) >= sqrt(d), not O(1); the bump must "
                            "vanish for r >= 1/2 (any radius > 1/sqrt 2 fails)")
def step_3(ctx: Context) -> Evidence:
    c = _claim(ctx, STEP_3)
    return check_step_3(ctx, radius=c.radius, claimed_lip=c.lip)


def check_correction_3(ctx: Context, *, radius: object = 0.5, claimed_lip: object | None = None) -> Evidence:
    """With pairwise distances >= 1 and the hat of radius <= 1/2 the supports are disjoint and Lip(f) = max |y_i| /
    radius (exact: proof in BumpInterpolant.lipschitz_upper), confirmed by a lower-bound search near the centres.
    A radius in (1/2, 1/sqrt 2] makes the supports of two points at distance 1 overlap (refuted: they are not
    disjoint); above 1/sqrt 2 see :func:`overlap_counterexample`."""
    from isoper.lipschitz import lipschitz_lower_bound_search

    R = float(Fraction(radius))
    claim = 1.0 / R if claimed_lip is None else float(Fraction(claimed_lip))
    if Fraction(radius) ** 2 > Fraction(1, 2):
        return check_step_3(ctx, radius=radius, claimed_lip=claim)
    if Fraction(radius) > Fraction(1, 2):
        return Evidence.refuted(f"radius {radius} > 1/2: two sphere points at distance exactly 1 (e.g. (e_1 + e_3)/sqrt 2 "
                                "and (e_2 + e_3)/sqrt 2) are 1-separated, and their midpoint is at distance 1/2 < "
                                f"{radius} from both, so the supports are not disjoint", method="exact",
                                counterexample={"x1": "(e_1 + e_3)/sqrt 2", "x2": "(e_2 + e_3)/sqrt 2",
                                                "distance": 1, "midpoint_distance": 0.5, "radius": R})
    rng = ctx.rng("correction")
    d = 64
    X = _separated_sphere_sample(rng, 200, d, 1.0)  # a draw is 1-separated w.p. >= 1 - 0.222 (step 1)
    if X is None:
        return Evidence.inconclusive("no 1-separated sample in 50 draws", method="exact")
    y = rng.choice([-1.0, 1.0], 200)
    f = bump_interpolant(X, y, radius=R)
    up = f.lipschitz_upper()

    def sampler(r: np.random.Generator, N: int) -> np.ndarray:
        C = X[r.integers(len(X), size=N)]
        return C + R * 0.9 * sample_sphere(N, d, rng=r) * r.uniform(0, 1, (N, 1))

    lo = lipschitz_lower_bound_search(f.forward, f.input_gradient, dim=d, rng=rng, sampler=sampler, samples=200,
                                      starts=4, steps=10)
    if up.kind == "exact" and f.supports_disjoint and up.value <= claim * (1 + 1e-12) and lo.value <= up.value * (
            1 + 1e-8):
        return Evidence.verified(
            f"disjoint supports (radius {radius}); Lip(f) = max|y_i|/radius = {up.value:.6g} <= {claim:g} (proof: "
            f"the segment leaves each ball where f = 0); search lower bound {lo.value:.6g}", method="symbolic")
    if lo.value > claim * (1 + 1e-9):  # an explicit pair of points violates the claimed constant
        return Evidence.refuted(f"Lip(f) >= {lo.value:.6g} > {claim:g} (explicit pair from the search; certified "
                                f"upper bound {up.value:.6g}, {up.kind})", method="search",
                                counterexample={"lipschitz_lower": lo.value, "claimed": claim,
                                                "witness": [np.asarray(w).tolist()[:4] for w in lo.witness]
                                                if lo.witness is not None else None})
    return Evidence.inconclusive(f"Lip {up.value:.6g} ({up.kind}) vs claimed {claim:g}; search {lo.value:.6g}",
                                 method="search")


CORRECTION_3 = Claim(
    "With g(r) = 0 for r >= {radius} (hat of radius {radius}) the supports are disjoint and Lip(f) = Lip(g) max|y_i| "
    "= {lip} max|y_i|",
    {"radius": Fraction(1, 2), "lip": 2}, kind="inequality",
    mutants=(Mutant({"lip": Fraction(3, 2)}, "the hat of radius 1/2 has slope 2 along every ray from a centre"),
             Mutant({"lip": 1}, "the hat of radius 1/2 has slope 2"),
             Mutant({"radius": Fraction(3, 5)}, "two sphere points at distance 1 have supports of radius 3/5 that "
                                                "overlap (their midpoint is at distance 1/2)"),
             Mutant({"radius": 1}, "the erratum itself: Lip >= 2 sqrt(d-1) at (e_d +- e_j)/sqrt 2")),
)


@rem_tightness.correction(3, CORRECTION_3)
def correction_3(ctx: Context) -> Evidence:
    c = _claim(ctx, CORRECTION_3)
    return check_correction_3(ctx, radius=c.radius, claimed_lip=c.lip)


#: Theorem 3's printed prefactor 2^9 (isoper.law)
THM3_PREFACTOR = CONSTANTS["printed"].prefactor

#: Theorem 3's bound at p = n(d+1) is < 2 only when a = log(60 W J/eps) is not tiny: a >= 2^-20 suffices.
A_MIN = sp.Rational(1, 2**20)


def tightness_counterexample(a_min: float) -> dict:
    """Sizes satisfying Theorem 3's hypotheses (2) and 60 W J > eps with log(60 W J/eps) = max(a_min, 1e-7), where
    the bound at p = n(d+1) is largest: n = 1e9, d = 64, eps = 0.99, delta = 0.01, J = 1."""
    a = max(float(a_min), 1e-7)
    eps = 0.99
    vals = {"n": 10**9, "d": 64, "p": 10**9 * 65, "eps": eps, "delta": 0.01, "W": eps / 60 * math.exp(a), "J": 1.0}
    return {**vals, "log(60WJ/eps)": a, "bound": lipschitz_lower_bound(**vals)}


def check_bound_below_lip(*, a_min: float | sp.Expr = A_MIN, lip: float = 2.0) -> Evidence:
    """Theorem 3's bound at p = n(d+1) is < lip (the corrected interpolant's Lipschitz constant) for every n, d >= 1,
    eps in (0, 1), delta in (0, 1) and a = log(60 W J/eps) >= a_min, b = log(4/delta) > 0.

    Proof (sympy): (i) bound^2 <= eps^2 d/(2^18 (d+1) a) (dropping b); (ii) with a = a_min + s, s >= 0, and
    eps = v/(1 + v), v > 0, the numerator of lip^2 - eps^2 d/(2^18 (d+1) a) is a polynomial in (v, d, s) with positive
    coefficients (so it is > 0), and the denominator is a product of positive factors. If (ii) fails (a_min too small)
    an explicit instance within Theorem 3's hypotheses is evaluated and reported."""
    n, d, eps, a, b = sp.symbols("n d eps a b", positive=True)  # a = log(60 W J/eps) > 0, b = log(4/delta) > 0
    pre = sp.Integer(THM3_PREFACTOR)
    bound = eps / pre * sp.sqrt(n * d / (n * (d + 1) * a + b))
    gap = sp.factor(sp.simplify(eps**2 / pre**2 * d / ((d + 1) * a) - bound**2))
    drop_b = bool(gap.is_nonnegative)
    v, s = sp.symbols("v s", positive=True)
    am = sp.nsimplify(a_min)
    target = sp.nsimplify(lip) ** 2 - eps**2 * d / (pre**2 * (d + 1) * a)
    num, den = sp.fraction(sp.together(target.subs({a: am + s, eps: v / (1 + v)})))
    poly = sp.Poly(sp.expand(num), v, d, s)
    coeffs = poly.coeffs()
    below = (bool(am >= 0) and all(cf > 0 for cf in coeffs) and poly.eval({v: 0, d: 0, s: 0}) > 0
             and bool(den.is_positive))
    if drop_b and below:
        return Evidence.verified(
            f"bound^2 <= eps^2 d/(2^18 (d+1) a) (sympy: gap {gap} >= 0); for a = log(60WJ/eps) >= {am}, eps in (0, 1): "
            f"{lip:g}^2 - eps^2 d/(2^18 (d+1) a) has numerator a polynomial with {len(coeffs)} positive coefficients in "
            f"(v, d, s), eps = v/(1+v), a = {am} + s (sympy), so bound < {lip:g}", method="symbolic")
    cex = tightness_counterexample(float(am))
    if cex["bound"] >= lip:
        return Evidence.refuted(
            f"not for every a >= {am}: at {cex} (hypothesis (2) and 60 W J > eps hold) the bound is "
            f"{cex['bound']:.4g} >= {lip:g}", method="symbolic+exact-numeric", counterexample=cex)
    return Evidence.inconclusive(f"sympy: drop-b {drop_b}, positivity {below}; instance bound {cex['bound']:.4g}",
                                 method="symbolic")


CONCLUSION = Claim(
    "Tightness: the corrected interpolant has p = {params} and Lip = {lip} and exists w.h.p. (separation, step 1); "
    "Theorem 3's bound at p = n(d+1) is <= eps/2^9 sqrt(d/(d+1)) / sqrt(log(60WJ/eps)), which is < {lip} whenever "
    "log(60WJ/eps) >= {a_min}: p ~ nd suffices",
    {"params": N_ * (D_ + 1), "lip": 2, "a_min": A_MIN}, kind="statement", cites=(BALL,),
    mutants=(Mutant({"a_min": 0}, "log(60WJ/eps) -> 0 is allowed: the bound eps/2^9 sqrt(nd/(p a + b)) grows without "
                                  "limit (n = 1e9, d = 64, eps = 0.99, a = 1e-7: bound > 2)"),
             Mutant({"a_min": sp.Rational(1, 2**22)}, "at a = 2^-22, eps = 0.99, d = 64: bound ~ 3.9 > 2"),
             Mutant({"lip": sp.Rational(1, 2)}, "the corrected interpolant's Lipschitz constant is 2 (hat of radius 1/2)"),
             Mutant({"params": N_ * (D_ + 2)}, "the interpolant has n d + n parameters")),
)


@rem_tightness.conclusion_step(CONCLUSION, method="symbolic+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    c = _claim(ctx, CONCLUSION)
    lip = c.lip
    law = check_bound_below_lip(a_min=c.a_min, lip=float(lip))
    count = check_step_2(ctx, params=c.params, radius=_claim_of(ctx, "step-3/correction", CORRECTION_3).radius)
    num = lipschitz_lower_bound(n=10**6, d=64, p=10**6 * 65, eps=0.5, delta=0.01, W=10.0, J=10.0)
    inst = (Evidence.verified(f"instance n=1e6, d=64, p=n(d+1), eps=.5, delta=.01, W=J=10: bound {num:.3g} < {lip} = "
                              "Lip of the corrected interpolant", method="exact-numeric") if num < float(lip) else
            Evidence.refuted(f"instance bound {num:.4g} >= {lip}", method="exact-numeric",
                             counterexample={"bound": num}))
    corr = _claim_of(ctx, "step-3/correction", CORRECTION_3)
    lipc = check_correction_3(ctx, radius=corr.radius, claimed_lip=lip)
    exact = [law, count, inst, lipc]
    if any(e.status.value == "refuted" for e in exact):
        return Evidence.all_of(*exact)
    # the interpolant's existence w.h.p. rests on step 1 (Monte Carlo + rigorous union bound), so this is at most
    # as strong as step 1
    s1 = _claim_of(ctx, "step-1", STEP_1)
    sep = check_step_1(ctx, d=s1.d, n=s1.n, dist=s1.dist, claimed_failure=s1.mc_bound, ub=s1.ub, d2=s1.d2, ub2=s1.ub2,
                       cap=s1.cap)
    return Evidence.all_of(*exact, sep)
