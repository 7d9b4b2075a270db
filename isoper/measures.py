r"""Probability measures on R^d that can be sampled, with their isoperimetry constants.

A measure :math:`\mu` on :math:`\mathbb{R}^d` satisfies *c-isoperimetry* (Bubeck-Sellke, Definition 1.1) if for every
bounded L-Lipschitz :math:`f` and :math:`t \ge 0`

.. math:: P(|f(X) - E f(X)| \ge t) \le 2 \exp(-d t^2 / (2 c L^2)).

Each measure here knows its dimension, how to sample itself in batches from an explicit ``numpy.random.Generator``,
its isoperimetry constant ``c`` (with where it comes from, or ``None`` when no dimension-free ``c`` holds), a
Poincare constant (``Var f <= C_P Lip(f)^2``, used to estimate centres rigorously), and, where a closed form exists,
the exact law of linear functionals, so that the Monte Carlo engine can be tested against exact truth.
"""

from __future__ import annotations

import abc
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, final

import numpy as np
import sympy as sp
from numpy.typing import NDArray
from scipy import special, stats

from ._validate import (
    InvalidParameter,
    check_array,
    check_int,
    check_nonnegative,
    check_positive,
    check_real,
    check_rng,
)

__all__ = [
    "IsoperimetryConstant",
    "Measure",
    "Gaussian",
    "standard_gaussian",
    "Sphere",
    "SolidCube",
    "DiscreteCube",
    "Mixture",
    "PushForward",
]


def _exact(x: Any) -> sp.Expr:
    """x as an exact sympy number: a float is its exact binary value (0.25 -> 1/4, 0.1 -> 3602879701896397/2^55),
    never a nearby "nice" number (nsimplify would turn 1.4142136 into a decimal or sqrt(2) and could make a constant
    smaller than the true one). Pass a sympy number (sp.sqrt(2)) for a closed form."""
    if isinstance(x, sp.Basic):
        return x
    if isinstance(x, (int, np.integer)):
        return sp.Integer(int(x))
    return sp.Rational(float(x))


class IsoperimetryConstant(float):
    """A constant ``c`` (a ``float``) that also carries its exact sympy form and where it comes from.

    >>> c = Gaussian(3).isoperimetry_constant
    >>> float(c), c.expr, c.source[:8]
    (1.0, 1, 'Gaussian')
    """

    expr: sp.Expr
    source: str

    def __new__(cls, expr: Any, source: str) -> IsoperimetryConstant:
        check_nonnegative("expr", expr)  # a finite real number >= 0 (sympy and mpmath numbers included)
        if not isinstance(source, str):
            raise TypeError(f"source must be a str, got {type(source).__name__}")
        e = _exact(expr)
        obj = super().__new__(cls, float(e))
        obj.expr = e
        obj.source = source
        return obj

    def __repr__(self) -> str:
        return f"IsoperimetryConstant({self.expr}, source={self.source!r})"

    def __str__(self) -> str:
        return f"{self.expr} (~{float(self):.6g})"

    def __reduce__(self):  # keep pickling (multiprocessing, dask) working
        return (IsoperimetryConstant, (self.expr, self.source))


def _check_size(size: Any) -> int:
    return check_int("size", size, minimum=0)


def _check_direction(a: Any, d: int) -> NDArray[np.float64]:
    arr = check_array("a", a, allow_empty=True, finite=False)
    if arr.shape != (d,):
        raise InvalidParameter(f"a must have shape ({d},), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise InvalidParameter("a must be finite (it contains NaN or inf)")
    return arr


def _check_point(x: Any) -> float:
    """The argument x of a cdf or survival function: a real number, +-inf allowed."""
    return check_real("x", x, allow_inf=True)


class Measure(abc.ABC):
    """A probability measure on R^d that can be sampled."""

    @property
    @abc.abstractmethod
    def dim(self) -> int:
        """The dimension d of the ambient space."""

    @property
    @abc.abstractmethod
    def isoperimetry_constant(self) -> IsoperimetryConstant | None:
        """The constant c of Definition 1.1 with its source, or None where no dimension-free c holds."""

    @property
    def isoperimetry_note(self) -> str:
        """Why the constant is what it is (or why there is none)."""
        c = self.isoperimetry_constant
        return c.source if c is not None else "no dimension-free isoperimetry constant is known to hold"

    @property
    def poincare_constant(self) -> float | None:
        """C_P with Var f(X) <= C_P Lip(f)^2 for every Lipschitz f, or None if unknown."""
        return None

    @abc.abstractmethod
    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]: ...

    def sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        """Draw ``size`` independent points; returns a float64 array of shape (size, d)."""
        size = _check_size(size)
        rng = check_rng("rng", rng)
        return self._sample(size, rng)

    # -- exact laws of linear functionals <a, X> (optional) -----------------------------------------------------
    def linear_mean(self, a: Any) -> float:
        """E <a, X>."""
        raise NotImplementedError(f"{type(self).__name__} has no closed form for linear functionals")

    def linear_cdf(self, a: Any, x: float) -> float:
        """P(<a, X> <= x), exactly."""
        raise NotImplementedError(f"{type(self).__name__} has no closed form for linear functionals")

    def linear_sf(self, a: Any, x: float) -> float:
        """P(<a, X> >= x), exactly (equal to P(<a, X> > x) for the continuous laws here)."""
        raise NotImplementedError(f"{type(self).__name__} has no closed form for linear functionals")

    def linear_tail(self, a: Any, t: float, *, center: float | None = None) -> float:
        """P(|<a, X> - center| >= t), exactly; ``center`` defaults to E <a, X>."""
        a = _check_direction(a, self.dim)
        t = check_nonnegative("t", t)
        m = self.linear_mean(a) if center is None else check_real("center", center)
        if t == 0:
            return 1.0
        return min(1.0, self.linear_cdf(a, m - t) + self.linear_sf(a, m + t))


@final
@dataclass(frozen=True)
class Gaussian(Measure):
    """N(mean, scale^2 I_d / d): with the defaults, the paper's normalisation N(0, I_d/d).

    The textbook N(0, I_d) is ``Gaussian(d, scale=sqrt(d))``, or :func:`standard_gaussian` ``(d)`` in one call.

    c = scale^2 (Gaussian concentration: Tsirelson-Ibragimov-Sudakov 1976 / Borell; Ledoux 2001, Thm 2.7); Poincare
    constant scale^2/d (Gaussian Poincare inequality, Chernoff 1981).
    """

    d: int
    mean: tuple[float, ...] | None = None
    scale: float = 1.0
    _mean_arr: NDArray[np.float64] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "d", check_int("d", self.d, minimum=1))
        object.__setattr__(self, "scale", check_positive("scale", self.scale))
        if self.mean is not None:
            m = check_array("mean", self.mean, allow_empty=True, finite=False)
            if m.shape != (self.d,):
                raise InvalidParameter(f"mean must have shape ({self.d},), got {m.shape}")
            if not np.all(np.isfinite(m)):
                raise InvalidParameter("mean must be finite")
            object.__setattr__(self, "mean", tuple(float(v) for v in m))
            object.__setattr__(self, "_mean_arr", m)

    @property
    def dim(self) -> int:
        return self.d

    @property
    def isoperimetry_constant(self) -> IsoperimetryConstant:
        return IsoperimetryConstant(
            _exact(self.scale) ** 2,
            "Gaussian concentration (Tsirelson-Ibragimov-Sudakov 1976, Borell 1975): a 1-Lipschitz f of N(0, I) "
            "is 1-subgaussian in the sense P(|f - Ef| >= t) <= 2 exp(-t^2/2); rescaling to N(0, s^2 I/d) gives c = s^2",
        )

    @property
    def poincare_constant(self) -> float:
        return self.scale**2 / self.d

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        x = rng.standard_normal((size, self.d))
        x *= self.scale / math.sqrt(self.d)
        if self._mean_arr is not None:
            x += self._mean_arr
        return x

    def _linear_params(self, a: Any) -> tuple[float, float]:
        a = _check_direction(a, self.d)
        m = float(a @ self._mean_arr) if self._mean_arr is not None else 0.0
        s = float(np.linalg.norm(a)) * self.scale / math.sqrt(self.d)
        return m, s

    def linear_mean(self, a: Any) -> float:
        return self._linear_params(a)[0]

    def linear_cdf(self, a: Any, x: float) -> float:
        m, s = self._linear_params(a)
        x = _check_point(x)
        if s == 0:
            return 1.0 if x >= m else 0.0
        return float(special.ndtr((x - m) / s))

    def linear_sf(self, a: Any, x: float) -> float:
        m, s = self._linear_params(a)
        x = _check_point(x)
        if s == 0:
            return 1.0 if x <= m else 0.0
        return float(special.ndtr((m - x) / s))


def standard_gaussian(d: int) -> Gaussian:
    """The textbook standard Gaussian N(0, I_d), i.e. ``Gaussian(d, scale=sqrt(d))``.

    isoper's ``Gaussian(d)`` is the paper's normalisation N(0, I_d/d) (typical norm about 1, c = 1); the textbook
    N(0, I_d) has typical norm about sqrt(d) and c = d (Gaussian concentration: a 1-Lipschitz f of N(0, I_d) has
    P(|f - Ef| >= t) <= 2 exp(-t^2/2) = 2 exp(-d t^2/(2c)) with c = d).

    Examples:
        >>> from isoper import standard_gaussian
        >>> mu = standard_gaussian(4)
        >>> mu
        Gaussian(d=4, mean=None, scale=2.0)
        >>> float(mu.isoperimetry_constant)
        4.0
    """
    d = check_int("d", d, minimum=1)
    return Gaussian(d, scale=math.sqrt(d))


@final
@dataclass(frozen=True)
class Sphere(Measure):
    """The uniform probability measure on the unit sphere S^{d-1} of R^d.

    Isoperimetry: for d >= 2 the sphere S^{d-1} satisfies a log-Sobolev inequality with constant 1/(d-1)
    (Mueller-Weissler 1982; Bakry-Emery gives 1/(d-2) from Ric = d-2 when d >= 3), so by Herbst's argument a
    Lipschitz f (Euclidean Lipschitz implies geodesic Lipschitz, chords being shorter than arcs) satisfies
    P(|f - Ef| >= t) <= 2 exp(-(d-1) t^2 / (2 L^2)), that is c = d/(d-1) (Ledoux 2001, Thm 5.3 and (5.10)).
    For d = 1 (two points) the best constant is c = 1/(2 log 2). Poincare constant 1/(d-1) (spectral gap d-1).
    """

    d: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "d", check_int("d", self.d, minimum=1))

    @property
    def dim(self) -> int:
        return self.d

    @property
    def isoperimetry_constant(self) -> IsoperimetryConstant:
        if self.d == 1:
            return IsoperimetryConstant(
                1 / (2 * sp.log(2)),
                "S^0 = {-1, 1}: |f - Ef| = |f(1) - f(-1)|/2 <= L, so c must satisfy 2 exp(-1/(2c)) >= 1",
            )
        return IsoperimetryConstant(
            sp.Rational(self.d, self.d - 1),
            "log-Sobolev on S^{d-1} with constant 1/(d-1) (Mueller-Weissler 1982) + Herbst: "
            "2 exp(-(d-1) t^2/(2 L^2)) = 2 exp(-d t^2/(2 c L^2)) with c = d/(d-1)",
        )

    @property
    def poincare_constant(self) -> float:
        return 1.0 / (self.d - 1) if self.d > 1 else 1.0

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        x = rng.standard_normal((size, self.d))
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        # a standard normal vector is nonzero with probability one; guard the measure-zero event anyway
        bad = norms[:, 0] == 0
        while np.any(bad):
            x[bad] = rng.standard_normal((int(bad.sum()), self.d))
            norms[bad] = np.linalg.norm(x[bad], axis=1, keepdims=True)
            bad = norms[:, 0] == 0
        x /= norms
        return x

    # <a, X> = |a| X_1 and (1 + X_1)/2 ~ Beta((d-1)/2, (d-1)/2) for d >= 2; X_1 = +-1 for d = 1
    def linear_mean(self, a: Any) -> float:
        _check_direction(a, self.d)
        return 0.0

    def _coordinate_cdf(self, s: float) -> float:
        if s >= 1:
            return 1.0
        if s < -1:
            return 0.0
        if self.d == 1:
            return 0.5 if s < 1 else 1.0
        h = (self.d - 1) / 2
        return float(stats.beta.cdf((1 + s) / 2, h, h))

    def _coordinate_sf(self, s: float) -> float:  # P(X_1 >= s)
        if s <= -1:
            return 1.0
        if s > 1:
            return 0.0
        if self.d == 1:
            return 0.5 if s > -1 else 1.0
        h = (self.d - 1) / 2
        return float(stats.beta.sf((1 + s) / 2, h, h))

    def linear_cdf(self, a: Any, x: float) -> float:
        a = _check_direction(a, self.d)
        x = _check_point(x)
        r = float(np.linalg.norm(a))
        if r == 0:
            return 1.0 if x >= 0 else 0.0
        return self._coordinate_cdf(x / r)

    def linear_sf(self, a: Any, x: float) -> float:
        a = _check_direction(a, self.d)
        x = _check_point(x)
        r = float(np.linalg.norm(a))
        if r == 0:
            return 1.0 if x <= 0 else 0.0
        return self._coordinate_sf(x / r)


@final
@dataclass(frozen=True)
class SolidCube(Measure):
    """The uniform measure on the solid cube [0, 1/sqrt d]^d (diameter 1).

    c = 1/(2 pi): the cube is the image of N(0, I_d/d) under x -> Phi(sqrt(d) x)/sqrt(d) coordinatewise, a map with
    Lipschitz constant sup Phi' = 1/sqrt(2 pi), and an M-Lipschitz image of a c-isoperimetric law is c M^2
    isoperimetric (same dimension). Poincare constant 1/(pi^2 d) (the spectral gap of [0, a] is pi^2/a^2).
    """

    d: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "d", check_int("d", self.d, minimum=1))

    @property
    def dim(self) -> int:
        return self.d

    @property
    def isoperimetry_constant(self) -> IsoperimetryConstant:
        return IsoperimetryConstant(
            1 / (2 * sp.pi),
            "push-forward of N(0, I_d/d) by the coordinatewise map Phi(sqrt(d) x)/sqrt(d), "
            "which is (2 pi)^(-1/2)-Lipschitz (Gaussian concentration + Lipschitz transport)",
        )

    @property
    def poincare_constant(self) -> float:
        return 1.0 / (math.pi**2 * self.d)

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        x = rng.random((size, self.d))
        x *= 1.0 / math.sqrt(self.d)
        return x


@final
@dataclass(frozen=True)
class DiscreteCube(Measure):
    """The uniform measure on the discrete cube {-1/(2 sqrt d), +1/(2 sqrt d)}^d (diameter 1).

    No dimension-free c holds for all Euclidean-Lipschitz f: the distance to the half-cube {sum x_i <= 0} is
    1-Lipschitz and fluctuates at scale d^(-1/4), not d^(-1/2), which forces c >~ sqrt(d). Bounded differences
    (McDiarmid) give the dimension-dependent c = d/4 (see :attr:`dimension_dependent_constant`); convex Lipschitz f
    do concentrate dimension-free (Talagrand), but Definition 1.1 asks for every Lipschitz f.
    """

    d: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "d", check_int("d", self.d, minimum=1))

    @property
    def dim(self) -> int:
        return self.d

    @property
    def isoperimetry_constant(self) -> None:
        return None

    @property
    def isoperimetry_note(self) -> str:
        return (
            "not O(1)-isoperimetric: the distance to the half-cube {sum x_i <= 0} is 1-Lipschitz with fluctuations "
            "of order d^(-1/4); McDiarmid gives only c = d/4"
        )

    @property
    def dimension_dependent_constant(self) -> IsoperimetryConstant:
        """c = d/4, from McDiarmid: changing one coordinate moves an L-Lipschitz f by at most L/sqrt(d)."""
        return IsoperimetryConstant(
            sp.Rational(self.d, 4),
            "McDiarmid's bounded differences: 2 exp(-2 t^2 / (d (L/sqrt d)^2)) = 2 exp(-d t^2/(2 (d/4) L^2))",
        )

    @property
    def poincare_constant(self) -> float:
        # Efron-Stein: Var f <= (1/4) sum_i E (f(x) - f(x with coordinate i flipped))^2 <= (1/4) d (L/sqrt d)^2
        return 0.25

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        signs = rng.integers(0, 2, size=(size, self.d), dtype=np.int8)
        x = signs.astype(np.float64)
        x *= 1.0 / math.sqrt(self.d)
        x -= 0.5 / math.sqrt(self.d)
        return x

    def linear_mean(self, a: Any) -> float:
        _check_direction(a, self.d)
        return 0.0


@final
@dataclass(frozen=True, init=False)
class Mixture(Measure):
    """The mixture sum_l w_l mu_l of measures of one dimension.

    A mixture of far-apart isoperimetric laws is not isoperimetric with a small c (a Lipschitz f that separates the
    components has a deviation of the order of the separation with constant probability), so
    ``isoperimetry_constant`` is None; the paper's Theorems 2 and 3 handle k-component mixtures directly.
    """

    weights: tuple[float, ...]
    components: tuple[Measure, ...]

    def __init__(self, weights: Sequence[float], components: Sequence[Measure]) -> None:
        if isinstance(components, (Measure, str)) or not isinstance(components, Iterable):
            raise TypeError("components must be a sequence of Measure objects")
        comps = tuple(components)
        if len(comps) == 0:
            raise InvalidParameter("components must not be empty")
        for i, m in enumerate(comps):
            if not isinstance(m, Measure):
                raise TypeError(f"components[{i}] must be a Measure, got {type(m).__name__}")
        w = check_array("weights", weights, allow_empty=True, finite=False)
        if w.ndim != 1 or w.shape[0] != len(comps):
            raise InvalidParameter(f"weights must be a 1-d sequence of length {len(comps)} (one per component)")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise InvalidParameter("weights must be finite and non-negative")
        if not math.isclose(float(w.sum()), 1.0, rel_tol=0, abs_tol=1e-9):
            raise InvalidParameter(f"weights must sum to 1, got {float(w.sum())!r}")
        dims = {m.dim for m in comps}
        if len(dims) != 1:
            raise InvalidParameter(f"components must share one dimension, got dims {sorted(dims)}")
        object.__setattr__(self, "weights", tuple(float(v) for v in w / w.sum()))
        object.__setattr__(self, "components", comps)

    @property
    def k(self) -> int:
        return len(self.components)

    @property
    def dim(self) -> int:
        return self.components[0].dim

    @property
    def isoperimetry_constant(self) -> IsoperimetryConstant | None:
        if self.k == 1 or all(m == self.components[0] for m in self.components):
            return self.components[0].isoperimetry_constant
        return None

    @property
    def isoperimetry_note(self) -> str:
        return "a mixture of distinct laws: c grows with the separation of the components; treat components separately"

    def sample_with_labels(
        self, size: int, rng: np.random.Generator
    ) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        """Sample points together with the index of the component each came from."""
        size = _check_size(size)
        rng = check_rng("rng", rng)
        labels = rng.choice(self.k, size=size, p=np.asarray(self.weights))
        out = np.empty((size, self.dim), dtype=np.float64)
        for l, m in enumerate(self.components):
            idx = np.flatnonzero(labels == l)
            if idx.size:
                out[idx] = m.sample(idx.size, rng)
        return out, labels

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        return self.sample_with_labels(size, rng)[0]

    def linear_mean(self, a: Any) -> float:
        return float(sum(w * m.linear_mean(a) for w, m in zip(self.weights, self.components)))

    def linear_cdf(self, a: Any, x: float) -> float:
        return float(sum(w * m.linear_cdf(a, x) for w, m in zip(self.weights, self.components)))

    def linear_sf(self, a: Any, x: float) -> float:
        return float(sum(w * m.linear_sf(a, x) for w, m in zip(self.weights, self.components)))


@final
@dataclass(frozen=True)
class PushForward(Measure):
    """The law of T(X) for X ~ base, where T: R^d -> R^{d'} is M-Lipschitz (T maps (N, d) arrays to (N, d')).

    If base is c-isoperimetric in dimension d, then for L-Lipschitz f, f o T is LM-Lipschitz, so
    P(|f(T X) - E| >= t) <= 2 exp(-d t^2/(2 c M^2 L^2)) = 2 exp(-d' t^2/(2 c' L^2)) with c' = c M^2 d'/d.
    ``lipschitz`` is the caller's claim about T; :func:`isoper.montecarlo` checks can test it.
    """

    base: Measure
    T: Callable[[NDArray[np.float64]], NDArray[np.float64]]
    lipschitz: float
    out_dim: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.base, Measure):
            raise TypeError(f"base must be a Measure, got {type(self.base).__name__}")
        if not callable(self.T):
            raise TypeError("T must be callable, mapping an (N, d) array to an (N, d') array")
        object.__setattr__(self, "lipschitz", check_nonnegative("lipschitz", self.lipschitz))
        if self.out_dim is None:
            probe = np.asarray(self.T(np.zeros((2, self.base.dim))))
            if probe.ndim != 2 or probe.shape[0] != 2:
                raise InvalidParameter(f"T must map (N, {self.base.dim}) arrays to (N, d') arrays, got {probe.shape}")
            object.__setattr__(self, "out_dim", int(probe.shape[1]))
        else:
            object.__setattr__(self, "out_dim", check_int("out_dim", self.out_dim, minimum=1))

    @property
    def dim(self) -> int:
        assert self.out_dim is not None
        return self.out_dim

    @property
    def isoperimetry_constant(self) -> IsoperimetryConstant | None:
        c = self.base.isoperimetry_constant
        if c is None:
            return None
        M = _exact(self.lipschitz)
        return IsoperimetryConstant(
            c.expr * M**2 * sp.Rational(self.dim, self.base.dim),
            f"push-forward by an M-Lipschitz map, M = {self.lipschitz:g}: c' = c M^2 d'/d with c from: {c.source}",
        )

    @property
    def poincare_constant(self) -> float | None:
        cp = self.base.poincare_constant
        return None if cp is None else cp * self.lipschitz**2

    def _sample(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        y = np.asarray(self.T(self.base.sample(size, rng)))
        if y.shape != (size, self.dim):
            raise InvalidParameter(f"T returned shape {y.shape}, expected ({size}, {self.dim})")
        if y.dtype == np.bool_ or not (np.issubdtype(y.dtype, np.floating) or np.issubdtype(y.dtype, np.integer)):
            raise TypeError(f"T must return real numbers, got dtype {y.dtype}")
        y = y.astype(np.float64, copy=False)
        if not np.all(np.isfinite(y)):
            raise InvalidParameter("T returned NaN or inf; T must be finite on the support of the base measure")
        return y
