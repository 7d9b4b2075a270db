r"""Covering and packing numbers, constructive nets, and discretisation of parametrised classes.

Conventions (used throughout, and by ``proofs/`` for Theorem 3, step 1):

* A set :math:`C` is an *eta-net* of :math:`S` if every :math:`x \in S` has :math:`\|x - c\| \le \eta` for some
  :math:`c \in C`. The net is *internal* if :math:`C \subseteq S` (what the paper needs: "a net of W_L inside W_L"),
  *external* otherwise. :math:`N_{int}(S, \eta) \ge N_{ext}(S, \eta)` are the least sizes.
* A set is *eta-separated* (an eta-packing) if distinct points are at distance :math:`> \eta` (strict).
  :math:`M(S, \eta)` is the largest size of an eta-separated subset of :math:`S`.
* A maximal eta-separated subset of :math:`S` is an internal eta-net (a point farther than eta from all of it
  could be added). Each closed ball of radius eta/2 holds at most one point of an eta-separated set. Hence

  .. math:: N_{ext}(\eta) \le N_{int}(\eta) \le M(\eta) \le N_{ext}(\eta / 2).

* For a convex set the metric projection onto it is 1-Lipschitz and fixes the set, so projecting an external net
  gives an internal one of the same radius: :math:`N_{int} = N_{ext}` for balls and intervals.

Bounds for a ball :math:`B_r \subset \mathbb{R}^p` (volume comparison; e.g. Vershynin, *High-Dimensional
Probability*, Cor. 4.2.13): :math:`\max(1, (r/\eta)^p) \le N(B_r, \eta) \le M(B_r, \eta) \le (1 + 2r/\eta)^p`, and
:math:`N = 1` when :math:`\eta \ge r`. For a set :math:`S` of diameter :math:`\le W`: :math:`S` lies in the ball of
radius :math:`W` around any of its points, so :math:`M(S, \eta) \le (1 + 2W/\eta)^p` ("ball" method). Sharper, by the
isodiametric inequality, the disjoint balls of radius eta/2 around a packing lie in :math:`S + B_{\eta/2}`, a set of
diameter :math:`\le W + \eta` and so of volume at most that of a ball of radius :math:`(W + \eta)/2`:
:math:`M(S, \eta) \le (1 + W/\eta)^p` ("isodiametric" method). Externally, Jung's theorem puts :math:`S` in a ball of
radius :math:`W\sqrt{p/(2(p+1))}`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Protocol

import numpy as np
import sympy as sp
from numpy.typing import NDArray
from scipy import stats
from scipy.spatial import cKDTree

from ._validate import InvalidParameter, check_bool, check_int, check_open_unit, check_positive, check_rng

__all__ = [
    "DISK_COVERING_RADII",
    "BallNet",
    "Discretisation",
    "GreedyNet",
    "LinearMaps",
    "LipschitzTransferExample",
    "NetSizeCheck",
    "ParametrisedClass",
    "RandomFeatures",
    "ReluNetwork",
    "W",
    "ball_covering_bounds",
    "ball_covering_lower_expr",
    "ball_covering_radius",
    "ball_covering_upper_expr",
    "ball_packing_bounds",
    "discretise",
    "disk_covering_number",
    "eta",
    "greedy_net",
    "interval_covering_number",
    "jung_radius",
    "lipschitz_transfer_example",
    "p",
    "paper_net_size_check",
    "paper_net_size_holds",
    "r",
    "sample_ball",
    "sample_ball_net",
    "set_covering_upper_bound",
    "set_covering_upper_expr",
]

# ----------------------------------------------------------------------------------------------------------------
# 1. Bounds: symbolic forms and log-space numbers
# ----------------------------------------------------------------------------------------------------------------

p = sp.Symbol("p", integer=True, positive=True)
r = sp.Symbol("r", positive=True)
eta = sp.Symbol("eta", positive=True)
W = sp.Symbol("W", positive=True)

Method = Literal["ball", "isodiametric"]


def ball_covering_lower_expr() -> sp.Expr:
    """:math:`\\max(1, (r/\\eta)^p) \\le N(B_r, \\eta)` (volume: N balls of radius eta cover volume of B_r)."""
    return sp.Max(1, (r / eta) ** p)


def ball_covering_upper_expr() -> sp.Expr:
    """:math:`N(B_r, \\eta) \\le M(B_r, \\eta) \\le (1 + 2r/\\eta)^p`, and 1 for eta >= r (the centre)."""
    return sp.Piecewise((1, eta >= r), ((1 + 2 * r / eta) ** p, True))


def set_covering_upper_expr(*, internal: bool = True, method: Method = "ball") -> sp.Expr:
    """Upper bound on the covering number of a set of diameter W in R^p, as a sympy expression.

    Args:
        internal: centres inside the set (one point suffices once eta >= W) or anywhere (Jung: once eta >= R_J).
        method: "ball" gives (1 + 2W/eta)^p, "isodiametric" gives (1 + W/eta)^p (see the module docstring).
    """
    if method not in ("ball", "isodiametric"):
        raise InvalidParameter(f"method={method!r} must be 'ball' or 'isodiametric'")
    internal = check_bool("internal", internal)
    base = 1 + (2 if method == "ball" else 1) * W / eta
    if internal:
        return sp.Piecewise((1, eta >= W), (base**p, True))
    rj = W * sp.sqrt(p / (2 * (p + 1)))
    return sp.Piecewise((1, eta >= rj), (sp.Min(base, 1 + 2 * rj / eta) ** p, True))


def _finish(logval: float, log: bool, name: str) -> float:
    if log:
        return logval
    if logval > 709.0:
        raise OverflowError(f"{name} = exp({logval:.6g}) exceeds the float range; call with log=True")
    return math.exp(logval)


def _log_ratio(k: float, r: float, e: float) -> float:
    """log(1 + k r/e) (or log(k r/e)) when k r/e overflows the float range: then the 1 is far below rounding."""
    return math.log(k) + math.log(r) - math.log(e)


def _pow(base: float, dim: int, log: bool, name: str, parts: tuple[float, float, float] | None = None) -> float:
    """base**dim, exactly as float pow when it fits (so p = 1 is exact), else via logs.

    ``parts = (k, r, e)`` with base = 1 + k r/e (or k r/e) lets the log be taken when base itself overflows.
    """
    logval = dim * (_log_ratio(*parts) if math.isinf(base) and parts is not None else math.log(base))
    if log:
        return logval
    try:
        out = math.pow(base, dim)
    except OverflowError:
        out = math.inf
    return _finish(logval, False, name) if math.isinf(out) else out


def ball_covering_bounds(*, dim: int, radius: float, eta: float, log: bool = False) -> tuple[float, float]:
    """Lower and upper bounds on the covering number N(B_r, eta) of a Euclidean ball in R^p.

    .. math:: \\max(1, (r/\\eta)^p) \\le N(B_r, \\eta) \\le (1 + 2r/\\eta)^p, \\qquad N = 1 \\text{ if } \\eta \\ge r.

    Args:
        dim: p >= 1. radius: r > 0. eta: the net radius, > 0.
        log: return natural logarithms (works for p = 1e9).

    Returns:
        (lower, upper) as floats (or their logs). Internal and external numbers agree for a ball (convexity).

    Raises:
        InvalidParameter, TypeError: naming the bad parameter. OverflowError: value too large, use log=True.
    """
    d = check_int("dim", dim, minimum=1)
    rr = check_positive("radius", radius)
    ee = check_positive("eta", eta)
    if not isinstance(log, bool):
        raise TypeError(f"log must be a bool, got {log!r}")
    if ee >= rr:
        return (0.0, 0.0) if log else (1.0, 1.0)
    return (_pow(rr / ee, d, log, "lower", (1.0, rr, ee)),
            _pow(1.0 + 2.0 * rr / ee, d, log, "upper", (2.0, rr, ee)))


def ball_packing_bounds(*, dim: int, radius: float, eta: float, log: bool = False) -> tuple[float, float]:
    """Bounds on the packing number M(B_r, eta) (strict separation > eta).

    ``N(eta) <= M(eta)`` gives the lower bound; disjoint balls of radius eta/2 inside B_{r + eta/2} give
    ``M(eta) <= (1 + 2r/eta)^p``; two points of B_r are at distance <= 2r, so M = 1 once eta >= 2r.
    """
    d = check_int("dim", dim, minimum=1)
    rr = check_positive("radius", radius)
    ee = check_positive("eta", eta)
    lo = ball_covering_bounds(dim=d, radius=rr, eta=ee, log=log)[0]
    if ee >= 2 * rr:
        return lo, (0.0 if log else 1.0)
    return lo, _pow(1.0 + 2.0 * rr / ee, d, log, "upper", (2.0, rr, ee))


def jung_radius(*, dim: int, diameter: float) -> float:
    """Jung's theorem (1901): a set of diameter W in R^p lies in a closed ball of radius W sqrt(p / (2(p+1)))."""
    d = check_int("dim", dim, minimum=1)
    w = check_positive("diameter", diameter)
    return w * math.sqrt(d / (2.0 * (d + 1)))


def set_covering_upper_bound(
    *, dim: int, diameter: float, eta: float, log: bool = False, internal: bool = True, method: Method = "ball"
) -> float:
    """Upper bound on the eta-covering number of any set S of diameter <= W in R^p.

    Internal (centres in S): 1 if eta >= W, else (1 + 2W/eta)^p (method "ball", the maximal-packing argument) or
    (1 + W/eta)^p (method "isodiametric"). External: additionally at most N(B_{R_J}, eta) with R_J the Jung
    radius, and 1 if eta >= R_J; the smaller valid bound is returned. Note N_int(eta) <= N_ext(eta/2).

    Args:
        dim: p >= 1. diameter: W > 0. eta: > 0. log: natural log. internal: see above. method: "ball" or
            "isodiametric".
    """
    d = check_int("dim", dim, minimum=1)
    w = check_positive("diameter", diameter)
    ee = check_positive("eta", eta)
    if method not in ("ball", "isodiametric"):
        raise InvalidParameter(f"method={method!r} must be 'ball' or 'isodiametric'")
    if not isinstance(internal, bool):
        raise TypeError(f"internal must be a bool, got {internal!r}")
    if not isinstance(log, bool):
        raise TypeError(f"log must be a bool, got {log!r}")
    k = 2.0 if method == "ball" else 1.0
    base, parts = 1.0 + k * w / ee, (k, w, ee)
    if not internal:
        rj = jung_radius(dim=d, diameter=w)
        if ee >= rj:
            return 0.0 if log else 1.0
        jung = 1.0 + 2.0 * rj / ee
        if jung < base or (math.isinf(base) and 2.0 * rj < k * w):
            base, parts = jung, (2.0, rj, ee)
    elif ee >= w:
        return 0.0 if log else 1.0
    return _pow(base, d, log, "set covering bound", parts)


def interval_covering_number(*, radius: float, eta: float) -> int:
    """Exact N([-r, r], eta) = ceil(r / eta): intervals of length 2 eta cover length 2r; computed in exact
    rational arithmetic on the two floats (no rounding)."""
    rr = check_positive("radius", radius)
    ee = check_positive("eta", eta)
    return max(1, math.ceil(Fraction(rr) / Fraction(ee)))


# Least radius r_n such that n equal disks of radius r_n cover the unit disk, for n <= 7 where optimality is
# proved. r_1 = r_2 = 1 and r_3 = sqrt(3)/2, r_4 = sqrt(2)/2 are elementary (boundary arcs: r_n >= sin(pi/n), attained
# by n disks centred at the midpoints of the chords of a regular n-gon). r_7 = 1/2: a central disk plus six at the
# chord midpoints of a regular hexagon (upper bound); optimality Kershner (1939) / K. Bezdek (1983). r_5 and r_6:
# K. Bezdek (1979, 1983); values as tabulated by Nurmela & Ostergard (2000), Finch, *Mathematical Constants* (2003)
# sec. 2.2. Best known (not all proved) beyond: r_8 = 0.445041..., r_9 = sqrt(2) - 1, r_10 = 0.394930...
DISK_COVERING_RADII: dict[int, float] = {
    1: 1.0, 2: 1.0, 3: math.sqrt(3) / 2, 4: math.sqrt(2) / 2, 5: 0.609382, 6: 0.555905, 7: 0.5,
}


def disk_covering_number(eta: float) -> int:
    """N(unit disk, eta) = min{n : r_n <= eta} for eta >= 1/2 (exact values from the literature).

    For eta inside (r_n - 1e-6, r_n + 1e-6) with n = 5, 6 (six-digit literature values) the answer is ambiguous and
    InvalidParameter is raised.
    """
    ee = check_positive("eta", eta)
    if ee < 0.5:
        raise InvalidParameter(f"eta={eta!r} < 1/2: the unit-disk covering number is tabulated here for eta >= 1/2")
    for n in sorted(DISK_COVERING_RADII):
        rn = DISK_COVERING_RADII[n]
        if n in (5, 6) and abs(ee - rn) < 1e-6:
            raise InvalidParameter(f"eta={eta!r} is within 1e-6 of r_{n}, known only to six digits")
        if rn <= ee:
            return n
    raise AssertionError("unreachable: r_7 = 1/2")


@dataclass(frozen=True)
class NetSizeCheck:
    """Theorem 3, step 1 as data: an internal eta-net of a diameter-W set of size <= (10 W/eta)^p, eta = eps/(6J).

    Attributes:
        claim: the paper's claim in words. paper_bound: (10 W/eta)^p = (60 W J/eps)^p at eta = eps/(6J).
        derived_bound: the proved internal bound ((1 + 2W/eta)^p for "ball", (1 + W/eta)^p for "isodiametric").
        key_inequality: derived base <= paper base, a sympy relation. proved_domain: where it holds (for eta < W);
        holds_domain: where the paper's count is correct (eta <= 10 W; beyond, (10 W/eta)^p < 1 <= any net of a
        non-empty set). method, source: how it was proved and where the argument comes from.
    """

    claim: str
    paper_bound: sp.Expr
    derived_bound: sp.Expr
    key_inequality: sp.Rel
    proved_domain: sp.Rel
    holds_domain: sp.Rel
    method: str
    source: str
    status: str = "verified"


def paper_net_size_check(method: Method = "ball") -> NetSizeCheck:
    """Prove with sympy where the paper's net size (60 W J/eps)^p holds.

    Everything is homogeneous of degree 0 in (W, eta): with u = eta/W, sympy solves 1 + 2/u <= 10/u over u > 0
    ("ball", giving u <= 8) or 1 + 1/u <= 10/u ("isodiametric", u <= 9). For eta >= W one point suffices and
    1 <= (10/u)^p iff u <= 10. Since eta < W implies eta <= 8W, the paper's count holds exactly when eta <= 10 W,
    i.e. eps <= 60 W J.
    """
    if method not in ("ball", "isodiametric"):
        raise InvalidParameter(f"method={method!r} must be 'ball' or 'isodiametric'")
    u = sp.Symbol("u", positive=True)
    k = 2 if method == "ball" else 1
    sol = sp.solve_univariate_inequality(1 + k / u <= 10 / u, u, relational=False, domain=sp.Interval.open(0, sp.oo))
    if sol != sp.Interval.Lopen(0, 10 - k):
        raise AssertionError(f"sympy returned {sol}, expected (0, {10 - k}]")
    one = sp.solve_univariate_inequality(1 <= 10 / u, u, relational=False, domain=sp.Interval.open(0, sp.oo))
    if one != sp.Interval.Lopen(0, 10):
        raise AssertionError(f"sympy returned {one}, expected (0, 10]")
    return NetSizeCheck(
        claim="an eps/(6J)-net of W_L inside W_L has size <= (60 W J/eps)^p = (10 W/eta)^p",
        paper_bound=(10 * W / eta) ** p,
        derived_bound=set_covering_upper_expr(internal=True, method=method),
        key_inequality=sp.Le(1 + k * W / eta, 10 * W / eta),
        proved_domain=sp.Le(eta, (10 - k) * W),
        holds_domain=sp.Le(eta, 10 * W),
        method="sympy solve_univariate_inequality in u = eta/W > 0 (degree-0 homogeneity)",
        source=("maximal packing inside W_L is an internal net; volume comparison"
                + (" in a ball of radius W + eta/2" if method == "ball" else " with the isodiametric inequality")),
    )


def paper_net_size_holds(*, W: float, eta: float) -> bool:
    """Whether the paper's count (10 W/eta)^p bounds an internal eta-net of a diameter-W set: iff eta <= 10 W."""
    return check_positive("eta", eta) <= 10.0 * check_positive("W", W)


# ----------------------------------------------------------------------------------------------------------------
# 2. Constructive nets
# ----------------------------------------------------------------------------------------------------------------


def _points(name: str, x: object, dim: int | None = None) -> NDArray[np.float64]:
    a = np.asarray(x)
    if a.dtype == bool or not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
        raise TypeError(f"{name} must be a real array of shape (m, p), got dtype {a.dtype}")
    if a.ndim != 2 or a.shape[0] < 1 or a.shape[1] < 1:
        raise InvalidParameter(f"{name} must have shape (m, p) with m, p >= 1, got shape {a.shape}")
    if dim is not None and a.shape[1] != dim:
        raise InvalidParameter(f"{name} must have {dim} columns, got shape {a.shape}")
    a = a.astype(np.float64)
    if not np.all(np.isfinite(a)):
        raise InvalidParameter(f"{name} contains NaN or inf")
    return a


@dataclass(frozen=True, eq=False)
class GreedyNet:
    """An internal eta-net of a finite point set, chosen greedily in the given order.

    Attributes:
        centers: (k, p) array, ``points[indices]``. indices: (k,) indices into the points, increasing.
        assignment: (m,) for each point the index (into ``centers``) of its nearest centre.
        max_distance: max over points of the distance to the assigned centre, recomputed after construction.
        eta: the requested radius; ``max_distance <= eta`` is checked exactly before returning.
    """

    centers: NDArray[np.float64]
    indices: NDArray[np.intp]
    assignment: NDArray[np.intp]
    max_distance: float
    eta: float

    @property
    def size(self) -> int:
        return int(self.indices.shape[0])


def greedy_net(points: NDArray[np.float64], eta: float) -> GreedyNet:
    """Greedy internal eta-net: scan points in order, a point becomes a centre if no centre is within eta.

    The centres are eta-separated (pairwise distance > eta), since a later centre was farther than eta from every
    earlier one; so the net is also a packing and its size is at most M(eta) <= N(eta/2). Coverage is then checked
    by recomputing every point's distance to its nearest centre with numpy (a point the tree's rounding missed is
    promoted to a centre: it is farther than eta from all centres, so separation survives).

    Args:
        points: (m, p) array. eta: radius > 0.

    Complexity: one ball query per centre on a cKDTree of the points.
    """
    x = _points("points", points)
    e = check_positive("eta", eta)
    tree = cKDTree(x)
    m = x.shape[0]
    covered = np.zeros(m, dtype=bool)
    chosen: list[int] = []
    pos, chunk = 0, 16
    while pos < m:
        # Neighbour lists are fetched for a block of still-uncovered points at once (one C call); the scan below
        # is still strictly sequential, so the result is the same as one query per point. The block grows while
        # most of its points become centres and shrinks when fetched lists are wasted on covered points.
        block = np.arange(pos, min(pos + chunk, m))
        pos += chunk
        block = block[~covered[block]]
        if block.size == 0:
            chunk = min(4096, 2 * chunk)
            continue
        made = 0
        for i, nb in zip(block.tolist(), tree.query_ball_point(x[block], e, return_sorted=False)):
            if not covered[i]:
                chosen.append(i)
                covered[nb] = True
                covered[i] = True
                made += 1
        chunk = min(4096, 2 * chunk) if 2 * made >= block.size else max(16, chunk // 2)
    idx = np.asarray(chosen, dtype=np.intp)
    for _ in range(100):
        _, assign = cKDTree(x[idx]).query(x, k=1)
        dist = np.linalg.norm(x - x[idx][assign], axis=1)
        bad = np.flatnonzero(dist > e)
        if bad.size == 0:
            break
        idx = np.unique(np.concatenate([idx, bad[:1]]))
    else:
        raise RuntimeError("greedy_net: coverage check failed after repair")
    return GreedyNet(x[idx], idx, np.asarray(assign, dtype=np.intp), float(dist.max()), e)


def sample_ball(*, dim: int, radius: float, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """Uniform points of the closed ball B_r in R^p: Gaussian direction times r U^(1/p)."""
    d = check_int("dim", dim, minimum=1)
    rr = check_positive("radius", radius)
    n = check_int("size", size, minimum=1)
    g = check_rng("rng", rng).standard_normal((n, d))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    return g * (rr * rng.random(n) ** (1.0 / d))[:, None]


def ball_covering_radius(
    centers: NDArray[np.float64], *, radius: float, step: float, max_grid: int = 2_000_000
) -> tuple[float, float]:
    """Certified bracket on the covering radius sup_{||x|| <= r} dist(x, centers) of the ball B_r.

    Every x in B_r is within h sqrt(p)/2 of a point g of the lattice h Z^p, and such g has ||g|| <= r + h sqrt(p)/2.
    Let g' be the projection of g onto B_r; projection is 1-Lipschitz and fixes x, so ||x - g'|| <= h sqrt(p)/2 too.
    The points g' lie in B_r, so with D = max_{g'} dist(g', C) the covering radius is in [D, D + h sqrt(p)/2].
    Exact up to float rounding of distances (a relative 1e-12 is added to the upper end).

    Args:
        centers: (k, p) array. radius: r > 0. step: lattice spacing h > 0. max_grid: refuse larger lattices.
    """
    c = _points("centers", centers)
    rr = check_positive("radius", radius)
    h = check_positive("step", step)
    max_grid = check_int("max_grid", max_grid, minimum=1)
    dim = c.shape[1]
    slack = h * math.sqrt(dim) / 2
    if not (rr + slack) / h <= max_grid:  # also catches a ratio that overflows to inf
        raise InvalidParameter(f"step={step!r} gives a lattice of more than max_grid={max_grid} points")
    m = math.floor((rr + slack) / h)
    if (2 * m + 1) ** dim > max_grid:
        raise InvalidParameter(f"step={step!r} gives a lattice of {(2 * m + 1) ** dim} points > max_grid={max_grid}")
    axis = h * np.arange(-m, m + 1, dtype=np.float64)
    g = np.stack(np.meshgrid(*([axis] * dim), indexing="ij"), axis=-1).reshape(-1, dim)
    norms = np.linalg.norm(g, axis=1)
    keep = norms <= rr + slack
    g = g[keep] * np.minimum(1.0, rr / np.maximum(norms[keep], 1e-300))[:, None]
    dist, _ = cKDTree(c).query(g, k=1)
    lower = float(dist.max())
    return lower * (1 - 1e-12), (lower + slack) * (1 + 1e-12)


@dataclass(frozen=True, eq=False)
class BallNet:
    """A net of the ball B_r built from samples, with an honest account of how much of the ball it covers.

    Attributes:
        net: the greedy net of the samples (radius ``net_eta``). eta: radius at which ball coverage is assessed.
        bounds: ``ball_covering_bounds`` at eta. fresh: number of independent uniform test points; uncovered: how
            many were farther than eta from every centre; uncovered_upper: one-sided Clopper-Pearson upper bound,
            at confidence 1 - alpha, on the uncovered fraction (volume) of the ball.
        radius_bracket: certified (lower, upper) covering radius of the ball by the centres (lattice certificate;
            None when p > 3). certified: the upper end is <= eta, i.e. the centres are a proved eta-net of B_r.
    """

    net: GreedyNet
    eta: float
    net_eta: float
    bounds: tuple[float, float]
    fresh: int
    uncovered: int
    uncovered_upper: float
    alpha: float
    radius_bracket: tuple[float, float] | None
    certified: bool


def sample_ball_net(
    *, dim: int, radius: float, eta: float, samples: int, rng: np.random.Generator,
    net_eta: float | None = None, fresh: int | None = None, alpha: float = 1e-3, certify: bool = True,
) -> BallNet:
    """Greedy net over uniform samples of B_r, then an honest coverage assessment of the whole ball.

    The samples are covered at ``net_eta`` (default eta) by construction. That says nothing about the rest of the
    ball, so ``fresh`` independent uniform points estimate the uncovered volume fraction with an exact one-sided
    Clopper-Pearson bound at level alpha, and for p <= 3 :func:`ball_covering_radius` certifies the covering radius.
    Choosing ``net_eta < eta`` leaves room for the certificate to reach eta.
    """
    d = check_int("dim", dim, minimum=1)
    rr = check_positive("radius", radius)
    e = check_positive("eta", eta)
    ne = e if net_eta is None else check_positive("net_eta", net_eta)
    n = check_int("samples", samples, minimum=1)
    nf = n if fresh is None else check_int("fresh", fresh, minimum=1)
    a = check_open_unit("alpha", alpha)
    certify = check_bool("certify", certify)
    check_rng("rng", rng)
    net = greedy_net(sample_ball(dim=d, radius=rr, size=n, rng=rng), ne)
    dist, _ = cKDTree(net.centers).query(sample_ball(dim=d, radius=rr, size=nf, rng=rng), k=1)
    k = int(np.count_nonzero(dist > e))
    upper = 1.0 if k == nf else float(stats.beta.ppf(1 - a, k + 1, nf - k))
    bracket = None
    if certify and d <= 3:
        step = 2 * rr / ({1: 20_000, 2: 400, 3: 60}[d])
        bracket = ball_covering_radius(net.centers, radius=rr, step=step)
    return BallNet(net, e, ne, ball_covering_bounds(dim=d, radius=rr, eta=e), nf, k, upper, a, bracket,
                   bracket is not None and bracket[1] <= e)


# ----------------------------------------------------------------------------------------------------------------
# 3. Discretisation of a parametrised class f_w, sup_x |f_w1(x) - f_w2(x)| <= J ||w1 - w2||
# ----------------------------------------------------------------------------------------------------------------


class ParametrisedClass(Protocol):
    """A class {f_w : w in R^p} on the data domain {||x|| <= radius} in R^d with a J-Lipschitz parametrisation."""

    n_params: int
    dim: int
    radius: float

    @property
    def J(self) -> float: ...

    def values(self, w: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
        """f_w(x) for w of shape (k, p) and x of shape (n, d): an array (k, n)."""
        ...

    def lipschitz(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        """An upper bound on Lip(f_w) in x for each row of w (exact where stated): shape (k,)."""
        ...

    def sup_distance(self, w1: NDArray[np.float64], w2: NDArray[np.float64]) -> NDArray[np.float64] | None:
        """Exact sup over the data domain of |f_w1 - f_w2| row by row, or None if no closed form."""
        ...


@dataclass(frozen=True)
class LinearMaps:
    """f_w(x) = <w, x> on ||x|| <= R: sup |f_w1 - f_w2| = R ||w1 - w2|| exactly, so J = R; Lip(f_w) = ||w||."""

    dim: int
    radius: float = 1.0

    def __post_init__(self) -> None:
        check_int("dim", self.dim, minimum=1)
        check_positive("radius", self.radius)

    @property
    def n_params(self) -> int:
        return self.dim

    @property
    def J(self) -> float:
        return float(self.radius)

    def values(self, w: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
        return w @ x.T

    def lipschitz(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.linalg.norm(w, axis=1)

    def sup_distance(self, w1: NDArray[np.float64], w2: NDArray[np.float64]) -> NDArray[np.float64]:
        return self.radius * np.linalg.norm(w1 - w2, axis=1)


@dataclass(frozen=True, eq=False)
class RandomFeatures:
    """f_w(x) = sum_j w_j relu(<a_j, x>) with fixed features a_j (rows of ``features``, shape (k, d)).

    By Cauchy-Schwarz, |f_w1(x) - f_w2(x)| <= ||w1 - w2|| (sum_j relu(<a_j, x>)^2)^(1/2), and
    sup_{||x|| <= R} relu(<a_j, x>) = R ||a_j||, so J = R ||A||_F. Lip(f_w) <= ||A||_op ||w|| (the gradient is
    A^T (w * s) with s in {0, 1}^k).
    """

    features: NDArray[np.float64]
    radius: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", _points("features", self.features))
        check_positive("radius", self.radius)

    @property
    def n_params(self) -> int:
        return int(self.features.shape[0])

    @property
    def dim(self) -> int:
        return int(self.features.shape[1])

    @property
    def J(self) -> float:
        return float(self.radius * np.linalg.norm(self.features))

    def values(self, w: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
        return w @ np.maximum(self.features @ x.T, 0.0)

    def lipschitz(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.linalg.norm(self.features, 2) * np.linalg.norm(w, axis=1)

    def sup_distance(self, w1: NDArray[np.float64], w2: NDArray[np.float64]) -> None:
        return None


@dataclass(frozen=True)
class ReluNetwork:
    """Bias-free ReLU network x -> W_D relu(... relu(W_1 x)) with layer widths (d, h_1, ..., 1); w lists all entries.

    Lemma 3.1 (each parameter tied to Q = 1 entry): if B(w1), B(w2) <= bbar, with
    B(w) = max_{i in 0..D} prod_{j != i} ||W_j||_op, then |f_w1(x) - f_w2(x)| <= bbar R sqrt(p) ||w1 - w2|| for
    ||x|| <= R, so J = bbar R sqrt(p). B(w) bounds Lip(f_w) (i = 0, the full product). Departure: no biases.
    """

    widths: tuple[int, ...]
    radius: float = 1.0
    bbar: float = 1.0

    def __post_init__(self) -> None:
        if isinstance(self.widths, (str, bytes)) or not isinstance(self.widths, Iterable):
            raise TypeError(f"widths must be a sequence of integers (d, h_1, ..., 1), got {self.widths!r}")
        widths = tuple(check_int("widths", k, minimum=1) for k in self.widths)
        if len(widths) < 2 or widths[-1] != 1:
            raise InvalidParameter(f"widths={self.widths!r} must be (d, h_1, ..., 1) with at least two entries")
        object.__setattr__(self, "widths", widths)
        check_positive("radius", self.radius)
        check_positive("bbar", self.bbar)

    @property
    def dim(self) -> int:
        return self.widths[0]

    @property
    def n_params(self) -> int:
        return sum(a * b for a, b in zip(self.widths[:-1], self.widths[1:]))

    @property
    def J(self) -> float:
        return float(self.bbar * self.radius * math.sqrt(self.n_params))

    def layers(self, w: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        """Split (k, p) parameters into matrices of shape (k, h_j, h_{j-1})."""
        out, start = [], 0
        for a, b in zip(self.widths[:-1], self.widths[1:]):
            out.append(w[:, start:start + a * b].reshape(-1, b, a))
            start += a * b
        return out

    def values(self, w: NDArray[np.float64], x: NDArray[np.float64]) -> NDArray[np.float64]:
        h = np.broadcast_to(x.T, (w.shape[0],) + x.T.shape)
        mats = self.layers(w)
        for j, m in enumerate(mats):
            h = m @ h
            if j < len(mats) - 1:
                h = np.maximum(h, 0.0)
        return h[:, 0, :]

    def B(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        norms = np.stack([np.linalg.norm(m, ord=2, axis=(1, 2)) for m in self.layers(w)], axis=1)
        full = np.prod(norms, axis=1)
        drop = [np.prod(np.delete(norms, i, axis=1), axis=1) for i in range(norms.shape[1])]
        return np.max(np.stack([full, *drop], axis=1), axis=1)

    def lipschitz(self, w: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.prod(np.stack([np.linalg.norm(m, ord=2, axis=(1, 2)) for m in self.layers(w)], axis=1), axis=1)

    def sup_distance(self, w1: NDArray[np.float64], w2: NDArray[np.float64]) -> None:
        return None


@dataclass(frozen=True, eq=False)
class Discretisation:
    """Result of :func:`discretise`.

    Attributes:
        net: greedy internal eta-net of the (kept) parameters. J, eta, J_eta: the constant, the radius, J * eta.
        max_sup_error: max over parameters of max over the data points of |f_w - f_centre| (a lower estimate of
            the sup-norm error). max_sup_error_exact: the exact sup over the domain where the class has a closed
            form, else None. max_ratio: max over tested pairs (each parameter with its centre and with its
            predecessor) of (data sup |f_w1 - f_w2|) / ||w1 - w2||, must be <= J. abs_tol: the rounding allowance
            in err <= J ||w1 - w2|| + abs_tol (1e-9 (1 + max |f|)). L: the Lipschitz level if the parameters were restricted to W_L; kept: parameters kept.
        centre_lipschitz: max over centres of the class's Lip bound; <= L for a net inside W_L.
        verdict: "holds" if every check passed (on the data points: evidence, not proof, where no closed form),
            "violated" otherwise.
    """

    net: GreedyNet
    J: float
    eta: float
    J_eta: float
    max_sup_error: float
    max_sup_error_exact: float | None
    max_ratio: float
    abs_tol: float
    L: float | None
    kept: int
    centre_lipschitz: float
    verdict: str


def discretise(
    model: ParametrisedClass, *, eta: float, params: NDArray[np.float64], data: NDArray[np.float64],
    L: float | None = None,
) -> Discretisation:
    """Build an internal eta-net of sampled parameters and check sup_x |f_w - f_net(w)| <= J eta.

    If ``L`` is given, only parameters in W_L = {w : Lip(f_w) <= L} (by the class's Lipschitz bound) are kept and
    netted among themselves, as in Theorem 3, step 1: every centre then has Lip <= L. Closeness in sup norm does not
    transfer Lipschitz constants, which is why the net must lie inside W_L (see :func:`lipschitz_transfer_example`).

    Args:
        model: a :class:`ParametrisedClass`. eta: > 0. params: (m, p) parameters. data: (n, d) points with
            ||x|| <= model.radius. L: optional Lipschitz level > 0.
    """
    e = check_positive("eta", eta)
    needed = ("n_params", "dim", "radius", "J", "values", "lipschitz", "sup_distance")
    if not all(hasattr(model, a) for a in needed):
        raise TypeError(f"model must be a ParametrisedClass ({', '.join(needed)}), got {type(model).__name__}")
    w = _points("params", params, model.n_params)
    x = _points("data", data, model.dim)
    if np.any(np.linalg.norm(x, axis=1) > model.radius * (1 + 1e-12)):
        raise InvalidParameter(f"data must lie in the ball of radius {model.radius} (the class's domain)")
    if L is not None:
        lv = check_positive("L", L)
        w = w[model.lipschitz(w) <= lv]
        if w.shape[0] == 0:
            raise InvalidParameter(f"L={L!r}: no parameter in params has Lip(f_w) <= L")
    if isinstance(model, ReluNetwork) and np.any(model.B(w) > model.bbar):
        raise InvalidParameter(f"params: some B(w) exceeds bbar={model.bbar}, so J = bbar R sqrt(p) does not apply")
    net = greedy_net(w, e)
    vals = model.values(w, x)
    cvals = vals[net.indices][net.assignment]
    err = np.max(np.abs(vals - cvals), axis=1)
    dist = np.linalg.norm(w - net.centers[net.assignment], axis=1)
    other = np.roll(np.arange(w.shape[0]), 1)
    dist2 = np.linalg.norm(w - w[other], axis=1)
    err2 = np.max(np.abs(vals - vals[other]), axis=1)
    # Values carry rounding errors of a few ulps of max |f|; a difference of two values is compared with
    # J ||w1 - w2|| up to abs_tol, and ratios are reported only for pairs not dominated by that rounding.
    abs_tol = 1e-9 * (1.0 + float(np.max(np.abs(vals))))
    J = float(model.J)
    far = dist * J > 1e3 * abs_tol
    far2 = dist2 * J > 1e3 * abs_tol
    ratios = np.concatenate([err[far] / dist[far], err2[far2] / dist2[far2]])
    ratio = float(ratios.max()) if ratios.size else 0.0
    exact = model.sup_distance(w, net.centers[net.assignment])
    exact_max = None if exact is None else float(np.max(exact))
    clip = float(np.max(model.lipschitz(net.centers)))
    ok = bool(np.all(err <= J * dist + abs_tol) and np.all(err2 <= J * dist2 + abs_tol))
    ok = ok and float(err.max()) <= J * e + abs_tol
    ok = ok and (exact_max is None or exact_max <= J * e * (1 + 1e-12)) and (L is None or clip <= L)
    return Discretisation(net, J, e, J * e, float(err.max()), exact_max, ratio, abs_tol, L, int(w.shape[0]),
                          clip, "holds" if ok else "violated")


@dataclass(frozen=True)
class LipschitzTransferExample:
    """Why the net must lie inside W_L: an external net's centre can have a larger Lipschitz constant.

    Class f_w(x) = w_1 w_2 x on [-1, 1] (p = 2, d = 1), Lip(f_w) = |w_1 w_2|, W_L = {|w_1 w_2| <= L} (not convex).
    Attributes: points (in W_L), eta, external_center (covers both at radius eta), its Lipschitz constant (> L),
    internal_size (least internal eta-net of the points: 2, as they are 2 eta apart).
    """

    L: float
    points: tuple[tuple[float, float], tuple[float, float]]
    eta: float
    external_center: tuple[float, float]
    external_center_lipschitz: float
    internal_size: int


def lipschitz_transfer_example(L: float = 1.0) -> LipschitzTransferExample:
    """The points (2 sqrt L, sqrt L / 2) and (sqrt L / 2, 2 sqrt L) lie in W_L; their midpoint
    (5 sqrt L / 4)(1, 1) covers both at eta = half their distance, and has Lip = 25 L / 16 > L."""
    lv = check_positive("L", L)
    s = math.sqrt(lv)
    a, b = (2 * s, s / 2), (s / 2, 2 * s)
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    return LipschitzTransferExample(lv, (a, b), math.dist(a, b) / 2, mid, mid[0] * mid[1], 2)
