"""Function classes for experiments: random and NTK features, two-layer ReLU nets, minimum-norm fits, and the
explicit interpolants that show the law is tight.

- :class:`RandomFeatures`: x -> phi(W^T x), W in R^{d x k} (``bkm-random-features``);
- :class:`NTKFeatures`: x -> x (x) phi'(W^T x) in R^{d k} (``bkm-random-features``);
- :class:`TwoLayerReLU`: x -> a^T relu(W x + b);
- :func:`min_norm_fit`: theta* = Phi^+ y;
- :func:`bump_interpolant`: Remark 1.1's f(x) = sum_i y_i g(||x - x_i||) with p = n (d + 1) parameters
  (``rem-tightness``);
- :func:`cap_ramp_interpolant`: the width-2n ReLU interpolant of n sphere points (``two-layer-upper-bound``).

Randomness always comes from an explicit ``rng`` (a numpy Generator).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.linalg
from numpy.typing import NDArray
from scipy.special import expit

from ._validate import InvalidParameter, check_int, check_positive, check_rng
from .lipschitz import ROUNDING_SLACK, LipschitzEstimate, _matrix, two_layer_lipschitz_upper

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "BumpInterpolant",
    "MinNormFit",
    "NTKFeatures",
    "RandomFeatures",
    "TwoLayerReLU",
    "bump_interpolant",
    "cap_ramp_interpolant",
    "max_inner_product",
    "min_norm_fit",
    "min_pairwise_distance",
    "sample_sphere",
]

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Activation:
    """An activation phi with its first two derivatives (elementwise on arrays)."""

    name: str
    phi: Callable[[Array], Array]
    dphi: Callable[[Array], Array]
    d2phi: Callable[[Array], Array]


ACTIVATIONS: dict[str, Activation] = {
    "relu": Activation(
        "relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(np.float64), lambda z: np.zeros_like(z)
    ),
    "tanh": Activation(
        "tanh",
        np.tanh,
        lambda z: 1.0 - np.tanh(z) ** 2,
        lambda z: -2.0 * np.tanh(z) * (1.0 - np.tanh(z) ** 2),
    ),
    "cos": Activation("cos", np.cos, lambda z: -np.sin(z), lambda z: -np.cos(z)),
    "softplus": Activation("softplus", lambda z: np.logaddexp(0.0, z), expit, lambda z: expit(z) * expit(-z)),
    "quadratic": Activation("quadratic", lambda z: 0.5 * z**2, lambda z: z, lambda z: np.ones_like(z)),
}


def _activation(activation: Any) -> Activation:
    if isinstance(activation, Activation):
        return activation
    if not isinstance(activation, str):
        raise TypeError(
            f"activation must be a name in ACTIVATIONS or an Activation, got {type(activation).__name__}"
        )
    if activation not in ACTIVATIONS:
        raise InvalidParameter(f"activation={activation!r} is not one of {sorted(ACTIVATIONS)}")
    return ACTIVATIONS[activation]


def _inputs(X: Any, d: int, name: str = "X") -> Array:
    Xm = _matrix(name, X, ndim=(1, 2))
    Xm = Xm.reshape(1, -1) if Xm.ndim == 1 else Xm
    if Xm.shape[1] != d:
        raise InvalidParameter(f"{name} must have {d} columns, got shape {Xm.shape}")
    return Xm


def _vector(name: str, v: Any, size: int) -> Array:
    vm = _matrix(name, v, ndim=(1,))
    if vm.shape != (size,):
        raise InvalidParameter(f"{name} must have shape ({size},), got {vm.shape}")
    return vm


# ---------------------------------------------------------------------------------------------------------- #
# feature models


@dataclass(frozen=True, eq=False)
class RandomFeatures:
    """Random features x -> phi(W^T x) in R^k, W of shape (d, k) (Bombari et al.: W_ij ~ N(0, 1/d))."""

    W: Array
    activation: Activation

    def __post_init__(self) -> None:
        object.__setattr__(self, "W", _matrix("W", self.W))
        object.__setattr__(self, "activation", _activation(self.activation))

    @classmethod
    def sample(cls, d: int, k: int, *, rng: np.random.Generator, activation: Any = "tanh") -> RandomFeatures:
        """Draw W_ij ~ N(0, 1/d) with shape (d, k)."""
        d, k = check_int("d", d, minimum=1), check_int("k", k, minimum=1)
        return cls(check_rng("rng", rng).standard_normal((d, k)) / math.sqrt(d), activation)

    @property
    def d(self) -> int:
        return self.W.shape[0]

    @property
    def n_params(self) -> int:
        """p = k, the number of trained weights theta."""
        return self.W.shape[1]

    def features(self, X: Any) -> Array:
        """Phi of shape (N, k): row i is phi(W^T x_i)."""
        return self.activation.phi(_inputs(X, self.d) @ self.W)

    def predict(self, X: Any, theta: Any) -> Array:
        """f(x) = phi(W^T x)^T theta, shape (N,)."""
        return self.features(X) @ _vector("theta", theta, self.n_params)

    def input_gradient(self, X: Any, theta: Any) -> Array:
        """grad_x f(x) = W (phi'(W^T x) * theta), shape (N, d)."""
        th = _vector("theta", theta, self.n_params)
        return (self.activation.dphi(_inputs(X, self.d) @ self.W) * th) @ self.W.T


@dataclass(frozen=True, eq=False)
class NTKFeatures:
    """NTK features x -> x (x) phi'(W^T x) in R^{d k}, W of shape (d, k); entry (j, l) at index j k + l."""

    W: Array
    activation: Activation

    def __post_init__(self) -> None:
        object.__setattr__(self, "W", _matrix("W", self.W))
        object.__setattr__(self, "activation", _activation(self.activation))

    @classmethod
    def sample(
        cls, d: int, k: int, *, rng: np.random.Generator, activation: Any = "quadratic"
    ) -> NTKFeatures:
        """Draw W_ij ~ N(0, 1/d) with shape (d, k)."""
        d, k = check_int("d", d, minimum=1), check_int("k", k, minimum=1)
        return cls(check_rng("rng", rng).standard_normal((d, k)) / math.sqrt(d), activation)

    @property
    def d(self) -> int:
        return self.W.shape[0]

    @property
    def n_params(self) -> int:
        """p = d k."""
        return self.W.size

    def features(self, X: Any) -> Array:
        """Phi of shape (N, d k): row i is x_i (x) phi'(W^T x_i)."""
        Xm = _inputs(X, self.d)
        D = self.activation.dphi(Xm @ self.W)
        return np.einsum("nj,nl->njl", Xm, D).reshape(Xm.shape[0], -1)

    def predict(self, X: Any, theta: Any) -> Array:
        return self.features(X) @ _vector("theta", theta, self.n_params)

    def input_gradient(self, X: Any, theta: Any) -> Array:
        """With Theta = theta as a (d, k) matrix, f(x) = x^T Theta phi'(W^T x) and
        grad f(x) = Theta phi'(W^T x) + W (phi''(W^T x) * (Theta^T x)), shape (N, d)."""
        Xm = _inputs(X, self.d)
        T = _vector("theta", theta, self.n_params).reshape(self.d, -1)
        Z = Xm @ self.W
        return self.activation.dphi(Z) @ T.T + (self.activation.d2phi(Z) * (Xm @ T)) @ self.W.T


@dataclass(frozen=True, eq=False)
class TwoLayerReLU:
    """x -> a^T relu(W x + b) with W of shape (h, d), b and a of shape (h,); p = h (d + 2) parameters."""

    W: Array
    b: Array
    a: Array

    def __post_init__(self) -> None:
        W = _matrix("W", self.W)
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "b", _vector("b", self.b, W.shape[0]))
        object.__setattr__(self, "a", _vector("a", self.a, W.shape[0]))

    @classmethod
    def sample(cls, d: int, h: int, *, rng: np.random.Generator) -> TwoLayerReLU:
        """W_ij ~ N(0, 1/d), b_j ~ N(0, 1), a_j ~ N(0, 1/h)."""
        d, h = check_int("d", d, minimum=1), check_int("h", h, minimum=1)
        rng = check_rng("rng", rng)
        return cls(
            rng.standard_normal((h, d)) / math.sqrt(d),
            rng.standard_normal(h),
            rng.standard_normal(h) / math.sqrt(h),
        )

    @property
    def d(self) -> int:
        return self.W.shape[1]

    @property
    def n_params(self) -> int:
        return self.W.size + 2 * self.b.size

    def forward(self, X: Any) -> Array:
        return np.maximum(_inputs(X, self.d) @ self.W.T + self.b, 0.0) @ self.a

    def input_gradient(self, X: Any) -> Array:
        """W^T D(x) a, D(x) = diag(1[W x + b > 0]) (right derivative convention at kinks), shape (N, d)."""
        return ((_inputs(X, self.d) @ self.W.T + self.b > 0) * self.a) @ self.W

    def lipschitz_upper(self) -> LipschitzEstimate:
        """Certified upper bound on the Lipschitz constant over R^d (:func:`two_layer_lipschitz_upper`)."""
        return two_layer_lipschitz_upper(self.W, self.b, self.a)


# ---------------------------------------------------------------------------------------------------------- #
# minimum-norm interpolation


@dataclass(frozen=True, eq=False)
class MinNormFit:
    """theta = Phi^+ y, how it was computed, and how well it fits.

    Attributes:
        theta: shape (p,).
        residual: ||Phi theta - y||_2.
        relative_residual: residual / ||y||_2 (0 if y = 0).
        method: "cholesky" (N < p, well conditioned Gram matrix) or "lstsq-gelsd".
        rank: numerical rank of Phi (N for the Cholesky route).
    """

    theta: Array
    residual: float
    relative_residual: float
    method: str
    rank: int


def min_norm_fit(Phi: Any, y: Any, *, rcond: float | None = None, gram_cond_max: float = 1e10) -> MinNormFit:
    """The minimum-norm least-squares solution theta* = Phi^+ y (an interpolant when Phi has full row rank).

    For N < p the Gram route solves (Phi Phi^T) alpha = y by Cholesky and returns theta = Phi^T alpha, which
    lies in the row space of Phi and is therefore the minimum-norm solution. It is used only when the Cholesky
    factor's diagonal ratio (a lower estimate of the Gram matrix's condition number) is below
    ``gram_cond_max`` and the relative residual is below 1e-8; otherwise, and for N >= p, SVD-based
    ``scipy.linalg.lstsq`` (LAPACK gelsd) is used.

    Args:
        Phi: feature matrix, shape (N, p).
        y: targets, shape (N,).
        rcond: singular-value cutoff for lstsq (relative to the largest); default machine precision times
            max(N, p).
        gram_cond_max: the conditioning threshold of the Cholesky route.
    """
    P = _matrix("Phi", Phi)
    yv = _vector("y", y, P.shape[0])
    gram_cond_max = check_positive("gram_cond_max", gram_cond_max)
    if rcond is not None:
        rcond = check_positive("rcond", rcond)
    N, p = P.shape
    ynorm = float(np.linalg.norm(yv))

    def result(theta: Array, method: str, rank: int) -> MinNormFit:
        r = float(np.linalg.norm(P @ theta - yv))
        return MinNormFit(theta, r, r / ynorm if ynorm > 0 else r, method, rank)

    if N < p:
        try:
            c, low = scipy.linalg.cho_factor(P @ P.T, lower=True)
            dg = np.abs(np.diag(c))
            if dg.min() > 0 and (dg.max() / dg.min()) ** 2 < gram_cond_max:
                fit = result(P.T @ scipy.linalg.cho_solve((c, low), yv), "cholesky", N)
                if fit.relative_residual <= 1e-8:
                    return fit
        except np.linalg.LinAlgError:
            pass
    cutoff = rcond if rcond is not None else np.finfo(np.float64).eps * max(N, p)
    theta, _, rank, _ = scipy.linalg.lstsq(P, yv, cond=cutoff, lapack_driver="gelsd")
    return result(np.asarray(theta), "lstsq-gelsd", int(rank))


# ---------------------------------------------------------------------------------------------------------- #
# points on the sphere


def sample_sphere(n: int, d: int, *, rng: np.random.Generator) -> Array:
    """n points uniform on the unit sphere S^{d-1} in R^d, shape (n, d)."""
    n, d = check_int("n", n, minimum=1), check_int("d", d, minimum=1)
    G = check_rng("rng", rng).standard_normal((n, d))
    return G / np.linalg.norm(G, axis=1, keepdims=True)


def max_inner_product(X: Any) -> float:
    """max_{i != j} <x_i, x_j> over the rows of X (shape (n, d), n >= 2)."""
    Xm = _matrix("X", X)
    if Xm.shape[0] < 2:
        raise InvalidParameter(f"X needs at least two rows, got shape {Xm.shape}")
    G = Xm @ Xm.T
    np.fill_diagonal(G, -np.inf)
    return float(G.max())


def min_pairwise_distance(X: Any) -> float:
    """min_{i != j} ||x_i - x_j|| over the rows of X (shape (n, d), n >= 2)."""
    Xm = _matrix("X", X)
    if Xm.shape[0] < 2:
        raise InvalidParameter(f"X needs at least two rows, got shape {Xm.shape}")
    sq = np.sum(Xm**2, axis=1)
    D2 = sq[:, None] + sq[None, :] - 2 * Xm @ Xm.T
    np.fill_diagonal(D2, np.inf)
    i, j = np.unravel_index(np.argmin(D2), D2.shape)
    return float(np.linalg.norm(Xm[i] - Xm[j]))  # recomputed directly: the expansion above cancels


# ---------------------------------------------------------------------------------------------------------- #
# Remark 1.1: the bump interpolant


@dataclass(frozen=True, eq=False)
class BumpInterpolant:
    """f(x) = sum_i y_i g(||x - x_i||) with the hat g(r) = max(0, 1 - r / radius); p = n (d + 1) parameters.

    g(0) = 1 and g(r) = 0 for r >= radius, so f(x_j) = y_j as soon as radius <= min_{i != j} ||x_i - x_j||.
    The hat is (1 / radius)-Lipschitz.
    """

    centers: Array
    labels: Array
    radius: float

    def __post_init__(self) -> None:
        C = _matrix("centers", self.centers)
        object.__setattr__(self, "centers", C)
        object.__setattr__(self, "labels", _vector("labels", self.labels, C.shape[0]))
        object.__setattr__(self, "radius", check_positive("radius", self.radius))

    @property
    def d(self) -> int:
        return self.centers.shape[1]

    @property
    def n_params(self) -> int:
        """n (d + 1): the centres and the labels."""
        return self.centers.size + self.labels.size

    @property
    def supports_disjoint(self) -> bool:
        """Whether the open balls B(x_i, radius) are pairwise disjoint (min distance >= 2 radius)."""
        return self.centers.shape[0] < 2 or min_pairwise_distance(self.centers) >= 2 * self.radius

    def forward(self, X: Any) -> Array:
        R = self._dist(X)
        return np.maximum(0.0, 1.0 - R / self.radius) @ self.labels

    def input_gradient(self, X: Any) -> Array:
        """sum over active bumps of -(y_i / radius) (x - x_i) / ||x - x_i|| (0 at a centre by convention)."""
        Xm = _inputs(X, self.d)
        R = self._dist(Xm)
        active = (R < self.radius) & (R > 0)
        w = np.where(active, -self.labels / (self.radius * np.where(R > 0, R, 1.0)), 0.0)  # (N, n)
        return w.sum(axis=1)[:, None] * Xm - w @ self.centers

    def lipschitz_upper(self) -> LipschitzEstimate:
        """Certified upper bound on Lip(f) over R^d.

        Disjoint supports: Lip(f) = max_i |y_i| / radius. Proof: f = y_i g(||x - x_i||) on B_i = B(x_i,
            radius) and 0
        outside the union; for x in B_i, y outside B_i, the segment [x, y] leaves B_i at a point z with f(z) =
        0, so |f(x) - f(y)| <= |f(x) - f(z)| + |f(z) - f(y)| <= (|y_i| ||x - z|| + |y_j| ||z - y||) / radius,
        and ||x - z|| + ||z - y|| = ||x - y||. The value is attained along a ray from a centre, so it is
        exact.
        Overlapping supports: only the triangle inequality, sum_i |y_i| / radius.
        """
        if self.supports_disjoint:
            v = float(np.max(np.abs(self.labels))) / self.radius
            return LipschitzEstimate(v, "exact", "disjoint bumps: max |y_i| / radius", None, "")
        v = float(np.sum(np.abs(self.labels))) / self.radius * (1 + ROUNDING_SLACK)
        return LipschitzEstimate(
            v,
            "upper",
            "overlapping bumps: sum |y_i| / radius",
            None,
            "supports overlap: no dimension-free bound",
        )

    def _dist(self, X: Any) -> Array:
        Xm = _inputs(X, self.d)
        return np.linalg.norm(Xm[:, None, :] - self.centers[None, :, :], axis=2)


def bump_interpolant(X: Any, y: Any, *, radius: float | None = None) -> BumpInterpolant:
    """Remark 1.1's interpolant through (x_i, y_i).

    Remark 1.1 uses pairwise distances >= 1 and a bump vanishing for r >= 1. Interpolation needs only radius
    <= min distance, but a dimension-free Lipschitz bound needs disjoint supports, radius <= min distance / 2,
    and then Lip(f) = max |y_i| / radius exactly. With the Remark's radius 1 and data on the unit sphere every
    support reaches the origin; near x = t u about half of the bumps are active and the gradient tends to
    sum_{<x_i, u> > 0} y_i x_i, of norm about (n/2) sqrt(2/(pi d)) for labels y_i = sign <x_i, u> (n = 400
    points at distances >= 1 in d = 30: an explicit pair with quotient ~ 29, against 2 for radius 1/2). The
    default is radius = min distance / 2, giving Lip(f) = 2 max |y_i| / min distance.

    Args:
        X: centres, shape (n, d).
        y: labels, shape (n,).
        radius: the bump radius, 0 < radius <= min pairwise distance.
    """
    Xm = _matrix("X", X)
    yv = _vector("y", y, Xm.shape[0])
    dmin = min_pairwise_distance(Xm) if Xm.shape[0] > 1 else math.inf
    if Xm.shape[0] > 1 and dmin == 0:
        raise InvalidParameter("X has repeated points: no interpolant exists for arbitrary labels")
    if radius is None:
        radius = dmin / 2 if math.isfinite(dmin) else 1.0
    radius = check_positive("radius", radius)
    if radius > dmin:
        raise InvalidParameter(
            f"radius={radius!r} exceeds the minimum pairwise distance {dmin:.6g}: f would not interpolate"
        )
    return BumpInterpolant(Xm, yv, radius)


# ---------------------------------------------------------------------------------------------------------- #
# the width-2n cap-ramp ReLU interpolant


def cap_ramp_interpolant(X: Any, y: Any, *, s: float = 0.25, check: bool = True) -> TwoLayerReLU:
    """f(x) = sum_i y_i phi_i(x), phi_i(x) = (1/s)[relu(<x_i, x> - (1 - s)) - relu(<x_i, x> - 1)], width 2n.

    phi_i ramps from 0 at <x_i, x> = 1 - s to 1 at <x_i, x> = 1. For unit x_i with <x_i, x_j> <= 1 - s
    (i != j), phi_i(x_j) = 1[i = j], so f(x_j) = y_j.

    What the Lipschitz constant is depends on the domain (see tests/test_models.py):

    - on R^d, grad phi_i = x_i / s where the ramp is active, so already one ramp is (1/s)-Lipschitz (4 at
      s = 1/4), and overlapping ramps add up (about 4 sqrt(n) at a point where all n ramps are active): the
      claimed sqrt((2 - s)/s) = sqrt 7 does not hold on R^d;
    - on the unit sphere, one ramp restricted to S^{d-1} has chordal Lipschitz constant exactly
      sqrt((2 - s)/s): its tangential gradient has norm sin(theta)/s, largest at the edge of the cap where
      cos(theta) = 1 - s, and chord quotients within the band equal sin(mid-angle)/s. That is where sqrt 7
      comes from, and a search on the sphere with n = 20 disjoint caps in d = 2000 finds sqrt 7 and no more;
    - the interpolation condition <x_i, x_j> <= 1 - s allows overlapping caps (disjoint caps need
      <x_i, x_j> <= 2 (1 - s)^2 - 1 = 1/8), and then the constant on the sphere exceeds sqrt 7: two points
      with <x_1, x_2> = 0.7 and labels +1, -1 give an explicit pair with quotient > 3.

    Args:
        X: unit vectors, shape (n, d).
        y: labels, shape (n,).
        s: ramp width in (0, 1).
        check: raise if the rows are not unit vectors or the separation <x_i, x_j> <= 1 - s fails.

    Returns:
        The network as a :class:`TwoLayerReLU`: hidden weights [X; X], biases [-(1 - s); -1], output
        weights [y/s; -y/s].
    """
    Xm = _matrix("X", X)
    yv = _vector("y", y, Xm.shape[0])
    s = check_positive("s", s)
    if not s < 1:
        raise InvalidParameter(f"s={s!r} is outside s in (0, 1)")
    if not isinstance(check, bool):
        raise TypeError(f"check must be a bool, got {type(check).__name__}")
    if check:
        if not np.allclose(np.linalg.norm(Xm, axis=1), 1.0, rtol=0, atol=1e-12):
            raise InvalidParameter("X must have unit rows (points on the sphere)")
        if Xm.shape[0] > 1 and max_inner_product(Xm) > 1 - s:
            raise InvalidParameter(
                f"X violates the separation <x_i, x_j> <= 1 - s = {1 - s:g} "
                f"(max inner product {max_inner_product(Xm):.6g})"
            )
    n = Xm.shape[0]
    return TwoLayerReLU(
        np.vstack([Xm, Xm]),
        np.concatenate([np.full(n, -(1 - s)), np.full(n, -1.0)]),
        np.concatenate([yv / s, -yv / s]),
    )
