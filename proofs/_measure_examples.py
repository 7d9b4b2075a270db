"""Helpers for the example-measure statements (ex-cube, ex-log-concave, ex-ricci, ex-pushforward, ex-mixture).

Two measures isoper.measures does not have (a product of strongly log-concave laws sampled exactly by rejection, and
a product of two spheres), the exact law of the distance to the discrete half-cube, and a grid comparison of an exact
tail with Definition 1.1's bound.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import NDArray
from scipy import special, stats

from isoper import Evidence, InvalidParameter, IsoperimetryConstant, Measure, Sphere


def definition_bound(d: int, t: float, c: float, L: float = 1.0) -> float:
    """Definition 1.1's right-hand side 2 exp(-d t^2/(2 c L^2))."""
    return 2.0 * math.exp(-d * t * t / (2.0 * c * L * L))


def exact_tail_grid(tail: Callable[[float], float], d: int, c: float, ts: Iterable[float], *, what: str,
                    L: float = 1.0) -> Evidence:
    """Compare an exactly known tail P(|f - Ef| >= t) of an L-Lipschitz f with 2 exp(-d t^2/(2 c L^2)) on a grid.

    'refuted' at the first t where the exact tail exceeds the bound by a relative margin of 1e-9 (well above the
    float rounding of the special functions), 'consistent' otherwise (a grid is not a proof).
    """
    worst, worst_t = 0.0, 0.0
    n = 0
    for t in ts:
        n += 1
        p, b = tail(float(t)), definition_bound(d, float(t), c, L)
        if p > b * (1 + 1e-9):
            return Evidence.refuted(f"{what}: exact tail {p:.6g} > bound {b:.6g} at t={t:.6g} (d={d}, c={c:.6g})",
                                    method="exact-numeric",
                                    counterexample={"d": d, "c": c, "t": float(t), "exact": p, "bound": b})
        if t > 0 and p / b > worst:
            worst, worst_t = p / b, float(t)
    return Evidence.consistent(f"{what}: exact tail <= bound at {n} grid points (d={d}, c={c:.6g}); max ratio "
                               f"{worst:.4g} at t={worst_t:.4g}", method="exact-numeric",
                               data={"max_ratio": worst, "d": d, "c": c})


# ---------------------------------------------------------------------------------------------------------------
# ex-log-concave: a non-Gaussian strongly log-concave product law

def quartic_potential() -> tuple[sp.Symbol, sp.Expr]:
    """V(u) = u^2/2 + u^4/4, the potential of one coordinate (V'' = 1 + 3 u^2 >= 1: kappa = 1)."""
    u = sp.Symbol("u", real=True)
    return u, u**2 / 2 + u**4 / 4


@dataclass(frozen=True)
class QuarticProduct(Measure):
    """X = U/sqrt(d) with U_1..U_d i.i.d. of density proportional to exp(-u^2/2 - u^4/4).

    The potential of X is V(sqrt(d) x) summed over coordinates, whose Hessian is >= d I: kappa = d, so Bakry-Emery
    and Herbst give c = d/kappa = 1, and Brascamp-Lieb (or Bakry-Emery) the Poincare constant 1/kappa = 1/d.
    Sampling is exact: propose u ~ N(0, 1) and accept with probability exp(-u^4/4) <= 1.
    """

    d: int

    def __post_init__(self) -> None:
        if not isinstance(self.d, int) or self.d < 1:
            raise InvalidParameter(f"d={self.d!r} must be an integer >= 1")

    @property
    def dim(self) -> int:
        return self.d

    @property
    def isoperimetry_constant(self) -> IsoperimetryConstant:
        return IsoperimetryConstant(1, "Bakry-Emery (Hess V >= d I) + Herbst: c = d/kappa = 1")

    @property
    def poincare_constant(self) -> float:
        return 1.0 / self.d

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        need = size * self.d
        out = np.empty(need, dtype=np.float64)
        filled = 0
        while filled < need:
            m = int((need - filled) * 1.3) + 64
            u = rng.standard_normal(m)
            keep = u[rng.random(m) < np.exp(-(u**4) / 4)]
            k = min(keep.size, need - filled)
            out[filled:filled + k] = keep[:k]
            filled += k
        out /= math.sqrt(self.d)
        return out.reshape(size, self.d)


# ---------------------------------------------------------------------------------------------------------------
# ex-ricci: the product of two round spheres of radius r in R^m x R^m

@dataclass(frozen=True)
class SphereProduct(Measure):
    """The uniform measure on S^{m-1}(r) x S^{m-1}(r), a submanifold of R^{2m} (intrinsic dimension 2m - 2).

    Ricci curvature of each factor is (m-2)/r^2, and that of the product is the minimum (the Ricci tensor of a product
    is block diagonal). Spectral gap (m-1)/r^2, so the Poincare constant is r^2/(m-1). With r = 1/sqrt(2) the points
    have norm 1 (the paper's normalisation).
    """

    m: int
    r: float = 1 / math.sqrt(2)

    def __post_init__(self) -> None:
        if not isinstance(self.m, int) or self.m < 3:
            raise InvalidParameter(f"m={self.m!r} must be an integer >= 3 (Ric > 0 needs S^{{m-1}} with m >= 3)")
        if not (isinstance(self.r, (int, float)) and math.isfinite(self.r) and self.r > 0):
            raise InvalidParameter(f"r={self.r!r} must be a finite number > 0")

    @property
    def dim(self) -> int:
        return 2 * self.m

    @property
    def isoperimetry_constant(self) -> IsoperimetryConstant:
        r2 = sp.nsimplify(self.r**2)
        return IsoperimetryConstant(2 * self.m * r2 / (self.m - 2),
                                    "Bakry-Emery with Ric >= (m-2)/r^2, Herbst, c = (ambient dim)/R")

    @property
    def poincare_constant(self) -> float:
        return self.r**2 / (self.m - 1)

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        x = rng.standard_normal((size, 2 * self.m))
        for blk in (slice(0, self.m), slice(self.m, 2 * self.m)):
            n = np.linalg.norm(x[:, blk], axis=1, keepdims=True)
            n[n == 0] = 1.0  # probability zero; keeps the division finite
            x[:, blk] *= self.r / n
        return x

    def coordinate_tail(self, t: float) -> float:
        """P(|X_1| >= t) exactly: X_1 = r U_1 with U_1 a coordinate of the uniform law on S^{m-1}."""
        a = np.zeros(self.m)
        a[0] = 1.0
        return Sphere(self.m).linear_tail(a, t / self.r)


# ---------------------------------------------------------------------------------------------------------------
# ex-cube: the distance to the discrete half-cube

def half_cube_distance(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """min(1, dist(x, A)) for x in {+-1/(2 sqrt d)}^d, A = {y in the cube: sum y_i <= 0} (closed form).

    A point with S = sum sign(x_i) > 0 must flip at least ceil(S/2) coordinates to reach A, each flip moving it by
    1/sqrt(d) in its own coordinate, so dist = sqrt(ceil(S/2)/d); the cube has diameter 1, so the cap at 1 is inactive.
    """
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[1]
    S = np.count_nonzero(x > 0, axis=1) * 2 - d
    k = np.ceil(np.maximum(S, 0) / 2)
    return np.minimum(np.sqrt(k / d), 1.0)


half_cube_distance.lipschitz = 1.0  # type: ignore[attr-defined]


def half_cube_law(d: int, width: float = 40.0) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The law of f = dist(X, A) for X uniform on the discrete cube: values and probabilities.

    f depends on X only through B = #{i: X_i > 0} ~ Bin(d, 1/2); values B outside d/2 +- width sqrt(d) are dropped
    (total mass below 1e-300): this can only lower the tail probabilities computed from it.
    """
    sd = math.sqrt(d)
    b = np.arange(max(0, int(d / 2 - width * sd)), min(d, int(d / 2 + width * sd) + 1) + 1)
    p = np.exp(stats.binom.logpmf(b, d, 0.5))
    k = np.ceil(np.maximum(2 * b - d, 0) / 2)
    return np.sqrt(k / d), p


def least_c_half_cube(d: int) -> dict[str, Any]:
    """The least c with P(|f - Ef| >= t) <= 2 exp(-d t^2/(2 c)) for all t, for f the distance to the half-cube.

    The tail is a step function of t, so the supremum of d t^2 / (2 log(2/P(t))) is attained at a deviation value
    t = |f_j - Ef| (where P(t) includes the atom).
    """
    f, p = half_cube_law(d)
    Ef = float(np.dot(p, f))
    dev = np.abs(f - Ef)
    order = np.argsort(-dev, kind="stable")
    P = np.minimum(np.cumsum(p[order]), 1.0)
    t = dev[order]
    ok = P > 1e-280
    ratio = d * t[ok] ** 2 / (2 * np.log(2 / P[ok]))
    j = int(np.argmax(ratio))
    return {"d": d, "c_min": float(ratio[j]), "t": float(t[ok][j]), "P": float(P[ok][j]), "Ef": Ef}


def half_cube_tail(d: int) -> Callable[[float], float]:
    """t -> P(|f - Ef| >= t) for the distance to the half-cube (exact law)."""
    f, p = half_cube_law(d)
    Ef = float(np.dot(p, f))
    dev = np.abs(f - Ef)
    return lambda t: float(min(1.0, p[dev >= t].sum()))


def half_cube_limit_constant() -> dict[str, float]:
    """lim c_min(d)/sqrt(d): by the CLT, d^(1/4) f -> g = sqrt(max(Z, 0)/2), Z ~ N(0, 1), and the limit is
    sup_s s^2/(2 log(2/P(|g - Eg| >= s)))."""
    Eg = 2 ** (-0.25) * special.gamma(0.75) / math.sqrt(2 * math.pi) / math.sqrt(2)
    s = np.linspace(1e-3, 3.0, 30001)
    up = special.ndtr(-2 * (Eg + s) ** 2)
    low = np.where(s < Eg, special.ndtr(2 * np.maximum(Eg - s, 0) ** 2), np.where(s == Eg, 0.5, 0.0))
    P = np.minimum(up + low, 1.0)
    r = s**2 / (2 * np.log(2 / P))
    j = int(np.argmax(r))
    return {"k": float(r[j]), "s": float(s[j]), "Eg": float(Eg)}
