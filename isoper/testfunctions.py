"""Lipschitz test functions with known Lipschitz constants, for checking isoperimetry (Definition 1.1).

Each is a frozen dataclass that maps an (N, d) array to (N,) values and carries ``lipschitz``, a certified upper
bound on its Euclidean Lipschitz constant (exact for all but the ReLU network, where it is the product of operator
norms). The Monte Carlo engine reads ``f.lipschitz`` to estimate centres rigorously.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from ._validate import InvalidParameter, check_array, check_int, check_nonnegative, check_rng

__all__ = ["Linear", "Norm", "DistanceToSet", "MaxCoordinate", "ReluNet", "standard_family"]


def _as_points(x: Any, d: int) -> NDArray[np.float64]:
    arr = check_array("x", x, allow_empty=True, finite=False)
    if arr.ndim != 2 or arr.shape[1] != d:
        raise InvalidParameter(f"x must have shape (N, {d}), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidParameter("x contains NaN or inf")
    return arr


def _check_lipschitz(obj: Any) -> None:
    object.__setattr__(obj, "lipschitz", check_nonnegative("lipschitz", obj.lipschitz))


@dataclass(frozen=True, eq=False)
class Linear:
    """f(x) = <a, x>; Lipschitz constant |a| (exact)."""

    a: NDArray[np.float64]
    name: str = "linear"

    def __post_init__(self) -> None:
        a = check_array("a", self.a, allow_empty=True, finite=False)
        if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a)):
            raise InvalidParameter("a must be a finite, non-empty 1-d array")
        object.__setattr__(self, "a", a)

    @property
    def lipschitz(self) -> float:
        return float(np.linalg.norm(self.a))

    def __call__(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return _as_points(x, self.a.shape[0]) @ self.a


@dataclass(frozen=True, eq=False)
class Norm:
    """f(x) = |x - x0|; Lipschitz constant 1 (exact)."""

    d: int
    x0: NDArray[np.float64] | None = None
    name: str = "norm"
    lipschitz: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "d", check_int("d", self.d, minimum=1))
        if self.x0 is not None:
            x0 = check_array("x0", self.x0, allow_empty=True)
            if x0.shape != (self.d,):
                raise InvalidParameter(f"x0 must have shape ({self.d},), got {x0.shape}")
            object.__setattr__(self, "x0", x0)
        _check_lipschitz(self)

    def __call__(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        x = _as_points(x, self.d)
        return np.linalg.norm(x if self.x0 is None else x - self.x0, axis=1)


@dataclass(frozen=True, eq=False)
class DistanceToSet:
    """f(x) = min_j |x - s_j| for a finite set {s_j}; Lipschitz constant 1 (exact)."""

    points: NDArray[np.float64]
    name: str = "distance to a set"
    lipschitz: float = 1.0
    _tree: Any = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        p = check_array("points", self.points, allow_empty=True, finite=False)
        if p.ndim != 2 or p.shape[0] == 0 or p.shape[1] == 0 or not np.all(np.isfinite(p)):
            raise InvalidParameter("points must be a finite, non-empty (m, d) array")
        _check_lipschitz(self)
        object.__setattr__(self, "points", p)
        object.__setattr__(self, "_tree", cKDTree(p))

    def __call__(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        dist, _ = self._tree.query(_as_points(x, self.points.shape[1]), k=1)
        return np.asarray(dist, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class MaxCoordinate:
    """f(x) = max_i x_i; Lipschitz constant 1 (exact: |max x - max y| <= max |x_i - y_i| <= |x - y|)."""

    d: int
    name: str = "max coordinate"
    lipschitz: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "d", check_int("d", self.d, minimum=1))
        _check_lipschitz(self)

    def __call__(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return _as_points(x, self.d).max(axis=1)


@dataclass(frozen=True, eq=False)
class ReluNet:
    """f(x) = a^T relu(W x + b); Lipschitz constant at most |a| * ||W||_op (product of operator norms)."""

    W: NDArray[np.float64]
    b: NDArray[np.float64]
    a: NDArray[np.float64]
    name: str = "relu net"

    def __post_init__(self) -> None:
        W = check_array("W", self.W, ndim=(2,))
        h = W.shape[0]
        for name in ("b", "a"):
            v = check_array(name, getattr(self, name), ndim=(1,))
            if v.shape != (h,):
                raise InvalidParameter(f"{name} must have shape ({h},) to match W {W.shape}, got {v.shape}")
            object.__setattr__(self, name, v)
        object.__setattr__(self, "W", W)

    @classmethod
    def random(cls, d: int, width: int, rng: np.random.Generator) -> ReluNet:
        """A random two-layer net with Gaussian weights, scaled so its certified constant is about 1."""
        d = check_int("d", d, minimum=1)
        width = check_int("width", width, minimum=1)
        rng = check_rng("rng", rng)
        W = rng.standard_normal((width, d))
        b = rng.standard_normal(width) / np.sqrt(d)
        a = rng.standard_normal(width)
        scale = np.sqrt(np.linalg.norm(a) * np.linalg.norm(W, 2))
        return cls(W / scale, b / scale, a / scale)

    @property
    def lipschitz(self) -> float:
        return float(np.linalg.norm(self.a) * np.linalg.norm(self.W, 2))

    def __call__(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        h = _as_points(x, self.W.shape[1]) @ self.W.T
        h += self.b
        np.maximum(h, 0.0, out=h)
        return h @ self.a


def standard_family(d: int, rng: np.random.Generator, *, set_size: int = 64) -> list[Any]:
    """Linear, norm, max-coordinate, distance to a random finite set, and a random ReLU net of width 16."""
    d = check_int("d", d, minimum=1)
    rng = check_rng("rng", rng)
    set_size = check_int("set_size", set_size, minimum=1)
    a = rng.standard_normal(d)
    pts = rng.standard_normal((set_size, d)) / np.sqrt(d)
    return [Linear(a / np.linalg.norm(a)), Norm(d), MaxCoordinate(d), DistanceToSet(pts),
            ReluNet.random(d, 16, rng)]
