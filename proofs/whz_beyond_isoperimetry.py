"""whz-beyond-isoperimetry (Wu, Huang, Zhang 2023): for bounded-support laws, Lip >= Omega(eps sqrt(n/p)) for
p-parameter networks with polynomial weights, and Lip >= Omega(eps n^(1/d)) for any interpolant.

Checked: the packing argument behind the n^(1/d) rate (n points of the unit ball of R^d with pairwise distances > r
give disjoint balls of radius r/2 inside the ball of radius 1 + r/2, so n (r/2)^d <= (1 + r/2)^d and
min distance <= 2/(n^(1/d) - 1) <= 4 n^(-1/d) once n >= 2^d; two such points with labels differing by 2 force
Lip >= 2/r >= n^(1/d)/2), and that sqrt(n/p) and the law's sqrt(nd/p) differ by exactly sqrt d. The network bound
itself is a cited result and is recorded as unchecked.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import sympy as sp

from isoper import Context, Evidence, Statement
from isoper.certify import prove_identity, prove_symbolic

whz_beyond_isoperimetry = Statement(
    id="whz-beyond-isoperimetry",
    title="Wu-Huang-Zhang: bounded-support laws give Lip >= Omega(eps sqrt(n/p)) for networks and "
          "Omega(eps n^(1/d)) for any interpolant",
    source="Wu, Huang, Zhang, ICML 2023 (beyond the paper)",
    hypotheses=("covariates with support in the unit ball of R^d", "n data points"),
    conclusion="Lip >= Omega(eps n^(1/d)) for any interpolant (packing); sqrt(n/p) = sqrt(nd/p)/sqrt(d)",
    order=10.1,
)


def packing_radius(n: int, d: int) -> float:
    """The pigeonhole bound: min pairwise distance of n points in the unit ball is <= 2/(n^(1/d) - 1)."""
    return 2.0 / (n ** (1.0 / d) - 1.0)


def lattice_config(h: float, d: int) -> np.ndarray:
    """The points of h Z^d inside the closed unit ball (pairwise distances >= h)."""
    k = math.floor(1 / h)
    pts = np.array(list(itertools.product(range(-k, k + 1), repeat=d)), dtype=float) * h
    return pts[np.linalg.norm(pts, axis=1) <= 1.0]


def min_dist(P: np.ndarray) -> float:
    D2 = np.sum((P[:, None, :] - P[None, :, :]) ** 2, axis=2)
    np.fill_diagonal(D2, np.inf)
    return float(np.sqrt(D2.min()))


def check_step_1(ctx: Context, *, const: float = 4.0) -> Evidence:
    """min pairwise distance <= const n^(-1/d) for n >= 2^d points in the unit ball."""
    uu = sp.Symbol("u", positive=True)  # u = n^(1/d) >= 2
    pr = prove_symbolic(2 / (uu - 1), "<=", const / uu, domain={"u": (2, sp.oo)}, timeout=5.0)
    # packed configurations (lattices) and uniform samples: the claim and the pigeonhole bound
    worst, cex = 0.0, None
    for d, h in ((1, 0.05), (2, 0.1), (2, 0.3), (3, 0.2), (4, 0.45)):
        P = lattice_config(h, d)
        n = len(P)
        if n < 2**d:
            continue
        r = min_dist(P)
        ratio = r / (const * n ** (-1.0 / d))
        if r > packing_radius(n, d):
            return Evidence.refuted(f"pigeonhole bound fails at d={d}, n={n}?", method="exact")
        if ratio > worst:
            worst, cex = ratio, {"d": d, "lattice_step": h, "n": n, "min_distance": r, "claimed": const * n ** (-1 / d)}
    rng = ctx.rng("ball")
    sampled_ok = True
    for d, n in ((2, 200), (3, 500), (5, 1000)):
        G = rng.standard_normal((n, d))
        P = G / np.linalg.norm(G, axis=1, keepdims=True) * rng.uniform(0, 1, (n, 1)) ** (1 / d)
        sampled_ok &= min_dist(P) <= min(packing_radius(n, d), const * n ** (-1.0 / d))
    if worst > 1:
        return Evidence.refuted(f"lattice configuration with min distance above {const} n^(-1/d): {cex}",
                                method="exact", counterexample=cex)
    if pr.status == "verified" and sampled_ok:
        return Evidence.verified(f"n (r/2)^d <= (1 + r/2)^d gives r <= 2/(n^(1/d) - 1) <= {const} n^(-1/d) for "
                                 f"n^(1/d) >= 2 (sympy: {pr.detail[:60]}); lattices reach {worst:.3g} of the bound; "
                                 "uniform samples in the ball obey it")
    return Evidence.inconclusive(f"sympy {pr.status}; samples ok {sampled_ok}; worst lattice ratio {worst:.3g}",
                                 method="symbolic")


@whz_beyond_isoperimetry.step(1, "Packing: n >= 2^d points in the unit ball of R^d have two points at distance "
                              "<= 2/(n^(1/d) - 1) <= 4 n^(-1/d) (so an interpolant of labels differing there has "
                              "Lip >= n^(1/d)/2)", method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return check_step_1(ctx)


def check_step_2(ctx: Context, *, factor: sp.Expr | None = None) -> Evidence:
    n, d, p = sp.symbols("n d p", positive=True)
    f = sp.sqrt(d) if factor is None else factor
    pr = prove_identity(sp.sqrt(n * d / p), f * sp.sqrt(n / p))
    if pr.status == "verified":
        return Evidence.from_proof(pr)
    at = {n: 1, d: 4, p: 1}
    lhs, rhs = sp.sqrt(n * d / p).subs(at), (f * sp.sqrt(n / p)).subs(at)
    if sp.simplify(lhs - rhs) != 0:
        return Evidence.refuted(f"sqrt(nd/p) = {lhs} but {f} sqrt(n/p) = {rhs} at n = p = 1, d = 4", method="symbolic",
                                counterexample={"n": 1, "d": 4, "p": 1})
    return Evidence.from_proof(pr)


@whz_beyond_isoperimetry.step(2, "sqrt(nd/p) = sqrt(d) sqrt(n/p): the bounded-support rate is the law's divided by "
                              "sqrt d", method="symbolic")
def step_2(ctx: Context) -> Evidence:
    return check_step_2(ctx)


whz_beyond_isoperimetry.unchecked(3, "Lip >= Omega(eps sqrt(n/p)) for p-parameter networks with polynomial weights "
                                  "under any bounded-support law, tight up to constants (cited; not checked here)")


@whz_beyond_isoperimetry.conclusion_step("Omega(eps n^(1/d)) for any interpolant rests on the packing bound (checked); "
                                         "the sqrt d gap to the law (checked)", method="symbolic")
def conclusion(ctx: Context) -> Evidence:
    return Evidence.all_of(step_1(ctx), step_2(ctx))
