r"""Hypothesis strategies for isoper's objects: dimensions, measures, Lipschitz functions, parameters, seeds.

Every strategy validates its arguments when it is built (not when it draws), and mixes typical values with a fixed
share of boundary values, so that property tests visit the edges of each domain (d = 1, n just large enough for
Theorem 3's hypothesis (2), eps close to 0 or 1, ...).

Randomness follows STYLE R9: hypothesis draws small things (dimensions, constants, a ``seed``) and numpy does the
bulk sampling from that seed, so a failing example shrinks to a small, replayable case.

Examples:
    >>> from hypothesis import given
    >>> from isoper import strategies as ist
    >>> @given(mu=ist.measures(max_dim=8), seed=ist.seeds())
    ... def test_sample_shape(mu, seed):
    ...     import numpy as np
    ...     assert mu.sample(3, np.random.default_rng(seed)).shape == (3, mu.dim)
    >>> test_sample_shape()
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import mpmath
import numpy as np
from hypothesis import strategies as st

from ._validate import InvalidParameter, check_int, check_open_unit, check_real
from .measures import DiscreteCube, Gaussian, Measure, SolidCube, Sphere
from .testfunctions import DistanceToSet, Linear, MaxCoordinate, Norm, ReluNet

__all__ = [
    "ParamSpec",
    "PARAMS",
    "params",
    "seeds",
    "dimensions",
    "measures",
    "MEASURE_KINDS",
    "lipschitz_functions",
    "FUNCTION_KINDS",
    "measures_with_functions",
    "Theorem3Parameters",
    "theorem3_parameters",
    "min_n",
]

SEED_MAX = 2**32 - 1


def seeds() -> st.SearchStrategy[int]:
    """Seeds for numpy (``numpy.random.default_rng(seed)``) and for isoper's checks (``seed=``): 0 .. 2^32 - 1.

    Draw the seed with hypothesis and pass it on; hypothesis then replays (and shrinks towards seed 0) a failure.
    """
    return st.integers(min_value=0, max_value=SEED_MAX)


# ------------------------------------------------------------------------------------------------------------------
# parameters: declared once, with domain, typical range and boundary values (STYLE R4)


@dataclass(frozen=True)
class ParamSpec:
    """A parameter of the paper: its name, domain, typical range and boundary values.

    Attributes:
        name: the paper's letter (``"eps"``, ``"delta"``, ``"n"``, ...).
        symbol: its LaTeX symbol.
        low, high: the domain's ends (``high=math.inf`` for unbounded).
        low_open, high_open: whether each end is excluded.
        integer: an integer parameter.
        typical: the range most draws come from.
        edges: boundary values inside the domain, drawn with a fixed share.
        draw_max: the largest value drawn for an unbounded domain (a practical cap, not part of the domain).
    """

    name: str
    symbol: str
    low: float
    high: float
    low_open: bool
    high_open: bool
    integer: bool
    typical: tuple[float, float]
    edges: tuple[float, ...]
    draw_max: float

    def __str__(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        kind = "integer " if self.integer else ""
        return f"`{self.name}` for {kind}{self.symbol} in {left}{_num(self.low)}, {_num(self.high)}{right}"

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the domain."""
        value = check_real("value", value, allow_inf=True)
        if self.integer and not float(value).is_integer():
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return bool(above and below)

    def strategy(self, *, min_value: float | None = None, max_value: float | None = None) -> st.SearchStrategy:
        """Values of the domain (optionally narrowed to [min_value, max_value]): typical ones, boundary ones, any.

        Roughly a third of the draws are boundary values (the domain's edges, and ``min_value``/``max_value``).
        """
        lo, hi = self.low, min(self.high, self.draw_max)
        lo_open, hi_open = self.low_open, self.high_open and self.high <= self.draw_max
        if min_value is not None:
            min_value = check_real("min_value", min_value)
            if not self.contains(min_value):
                raise InvalidParameter(f"min_value={min_value!r} is outside {self}")
            lo, lo_open = min_value, False
        if max_value is not None:
            max_value = check_real("max_value", max_value)
            if not self.contains(max_value):
                raise InvalidParameter(f"max_value={max_value!r} is outside {self}")
            hi, hi_open = max_value, False
        if lo > hi:
            raise InvalidParameter(f"min_value={lo!r} must be <= max_value={hi!r} for {self.name}")

        def inside(v: float) -> bool:
            return (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)

        edges = [v for v in self.edges if inside(v)]
        edges += [v for v, given in ((lo, min_value), (hi, max_value)) if given is not None and v not in edges]
        t_lo, t_hi = max(self.typical[0], lo), min(self.typical[1], hi)
        if self.integer:
            ilo = math.floor(lo) + 1 if lo_open and float(lo).is_integer() else math.ceil(lo)
            ihi = math.ceil(hi) - 1 if hi_open and float(hi).is_integer() else math.floor(hi)
            if ilo > ihi:
                raise InvalidParameter(f"no integer {self.name} lies in the requested range")
            full: st.SearchStrategy = st.integers(ilo, ihi)
            typical = st.integers(max(math.ceil(t_lo), ilo), min(math.floor(t_hi), ihi)) if t_lo <= t_hi else full
            edges = sorted({int(v) for v in edges if ilo <= v <= ihi})
        else:
            full = _floats(lo, hi, lo_open, hi_open)
            typical = _floats(t_lo, t_hi, False, False) if t_lo < t_hi else full
            edges = sorted(set(edges))
        parts = [typical] + ([st.sampled_from(edges)] if edges else []) + [full]
        return st.one_of(*parts)


def _num(x: float) -> str:
    return "inf" if math.isinf(x) else f"{x:g}"


def _floats(lo: float, hi: float, lo_open: bool, hi_open: bool) -> st.SearchStrategy[float]:
    if lo > 0 and hi / lo > 1e4:  # wide positive ranges: log-uniform, so that every scale is visited
        a, b = math.log10(lo), math.log10(hi)

        def to_value(e: float) -> float:
            v = min(max(10.0**e, lo), hi)
            return v

        base = st.floats(a, b, allow_nan=False, allow_infinity=False).map(to_value)
        return base.filter(lambda v: (v > lo or not lo_open) and (v < hi or not hi_open))
    return st.floats(lo, hi, exclude_min=lo_open, exclude_max=hi_open, allow_nan=False, allow_infinity=False,
                     allow_subnormal=False)


_INF = math.inf
PARAMS: dict[str, ParamSpec] = {
    spec.name: spec
    for spec in (
        ParamSpec("eps", r"\epsilon", 0.0, 1.0, True, True, False, (0.05, 0.5), (1e-9, 0.5, 1 - 1e-9), 1.0),
        ParamSpec("delta", r"\delta", 0.0, 1.0, True, True, False, (0.01, 0.2), (1e-12, 0.5, 1 - 1e-9), 1.0),
        ParamSpec("alpha", r"\alpha", 0.0, 1.0, True, True, False, (1e-6, 0.05), (1e-12, 0.5), 1.0),
        ParamSpec("n", "n", 1, _INF, False, True, True, (10, 10_000), (1, 2, 10**15), 10**15),
        ParamSpec("d", "d", 1, _INF, False, True, True, (2, 1000), (1, 2, 10**9), 10**9),
        ParamSpec("p", "p", 1, _INF, False, True, True, (10, 10**6), (1, 10**12), 10**12),
        ParamSpec("k", "k", 1, _INF, False, True, True, (1, 10), (1, 10**4), 10**4),
        ParamSpec("W", "W", 0.0, _INF, True, True, False, (0.1, 100.0), (1e-6, 1.0, 1e6), 1e6),
        ParamSpec("J", "J", 0.0, _INF, True, True, False, (0.1, 100.0), (1e-6, 1.0, 1e6), 1e6),
        ParamSpec("c", "c", 0.0, _INF, True, True, False, (0.1, 10.0), (1e-3, 1.0, 1e3), 1e3),
        ParamSpec("t", "t", 0.0, _INF, False, True, False, (0.01, 3.0), (0.0, 10.0), 10.0),
    )
}


def params(name: str, *, min_value: float | None = None, max_value: float | None = None) -> st.SearchStrategy:
    """Values of the paper's parameter ``name`` (one of :data:`PARAMS`), with a share of boundary values.

    Args:
        name: ``"eps"``, ``"delta"``, ``"alpha"``, ``"n"``, ``"d"``, ``"p"``, ``"k"``, ``"W"``, ``"J"``, ``"c"`` or
            ``"t"``.
        min_value, max_value: narrow the domain (closed ends, drawn as boundary values too).

    Examples:
        >>> from hypothesis import given
        >>> @given(eps=params("eps"), n=params("n", max_value=1000))
        ... def test_domains(eps, n):
        ...     assert 0 < eps < 1 and 1 <= n <= 1000
        >>> test_domains()
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    try:
        spec = PARAMS[name]
    except KeyError:
        raise InvalidParameter(f"name={name!r} is not a declared parameter; choose one of {sorted(PARAMS)}") from None
    return spec.strategy(min_value=min_value, max_value=max_value)


# ------------------------------------------------------------------------------------------------------------------
# dimensions and measures


def dimensions(min_dim: int = 1, max_dim: int = 64) -> st.SearchStrategy[int]:
    """Dimensions d in [min_dim, max_dim], with both ends drawn as boundary values."""
    min_dim = check_int("min_dim", min_dim, minimum=1)
    max_dim = check_int("max_dim", max_dim, minimum=1)
    if min_dim > max_dim:
        raise InvalidParameter(f"min_dim={min_dim} must be <= max_dim={max_dim}")
    return st.one_of(st.integers(min_dim, max_dim), st.sampled_from(sorted({min_dim, max_dim})))


#: The measure kinds :func:`measures` can draw; the first three have dimension-free isoperimetry constants.
MEASURE_KINDS: dict[str, type[Measure]] = {
    "gaussian": Gaussian,
    "sphere": Sphere,
    "solid_cube": SolidCube,
    "discrete_cube": DiscreteCube,
}
_DEFAULT_MEASURES = ("gaussian", "sphere", "solid_cube")


def _kinds(kinds: Iterable[Any] | str, table: dict[str, Any], what: str) -> list[str]:
    if isinstance(kinds, str):
        kinds = (kinds,)
    if not isinstance(kinds, Iterable):
        raise TypeError(f"{what} must be a kind name or a sequence of them, got {type(kinds).__name__}")
    names: list[str] = []
    by_class = {v: k for k, v in table.items() if isinstance(v, type)}
    for kind in kinds:
        key = by_class.get(kind, kind)
        if not isinstance(key, str) or key not in table:
            raise InvalidParameter(f"{what} contains {kind!r}; choose from {sorted(table)}")
        if key not in names:
            names.append(key)
    if not names:
        raise InvalidParameter(f"{what} must name at least one kind; choose from {sorted(table)}")
    return names


def measures(
    max_dim: int = 64, kinds: Sequence[str | type] | str = _DEFAULT_MEASURES, *, min_dim: int = 1,
    dim: int | None = None,
) -> st.SearchStrategy[Measure]:
    """isoper measures: ``Gaussian(d)`` (c = 1), ``Sphere(d)`` (c = d/(d-1)), ``SolidCube(d)`` (c = 1/(2 pi)), ...

    Each carries its isoperimetry constant with its source (``mu.isoperimetry_constant``); ``"discrete_cube"``
    (no dimension-free constant: ``None``) is drawn only when asked for.

    Args:
        max_dim: the largest dimension drawn.
        kinds: names from :data:`MEASURE_KINDS` (or the classes themselves).
        min_dim: the smallest dimension drawn.
        dim: draw only this dimension (overrides ``min_dim``/``max_dim``; handy with ``st.data()``).
    """
    names = _kinds(kinds, MEASURE_KINDS, "kinds")
    if dim is not None:
        dim = check_int("dim", dim, minimum=1)
        dims: st.SearchStrategy[int] = st.just(dim)
    else:
        dims = dimensions(min_dim, max_dim)
    return st.builds(lambda kind, d: MEASURE_KINDS[kind](d), st.sampled_from(names), dims)


# ------------------------------------------------------------------------------------------------------------------
# Lipschitz functions (from isoper.testfunctions, each with a certified .lipschitz)


FUNCTION_KINDS = ("linear", "norm", "max", "distance", "relu")


def _linear(d: int) -> st.SearchStrategy[Linear]:
    def build(seed: int, L: float) -> Linear:
        a = np.random.default_rng(seed).standard_normal(d)
        return Linear(a * (L / np.linalg.norm(a)))

    return st.builds(build, seeds(), st.one_of(st.just(1.0), st.floats(0.0, 10.0, allow_subnormal=False)))


def _norm(d: int) -> st.SearchStrategy[Norm]:
    def build(seed: int | None, scale: float) -> Norm:
        if seed is None:
            return Norm(d)
        return Norm(d, x0=np.random.default_rng(seed).standard_normal(d) * (scale / math.sqrt(d)))

    return st.builds(build, st.one_of(st.none(), seeds()), st.floats(0.0, 3.0, allow_subnormal=False))


def _distance(d: int) -> st.SearchStrategy[DistanceToSet]:
    def build(seed: int, m: int) -> DistanceToSet:
        return DistanceToSet(np.random.default_rng(seed).standard_normal((m, d)) / math.sqrt(d))

    return st.builds(build, seeds(), st.integers(1, 32))


def _relu(d: int) -> st.SearchStrategy[ReluNet]:
    return st.builds(lambda seed, w: ReluNet.random(d, w, np.random.default_rng(seed)), seeds(), st.integers(1, 32))


def lipschitz_functions(d: int, kinds: Sequence[str] | str = FUNCTION_KINDS) -> st.SearchStrategy[Any]:
    """Functions R^d -> R with a certified Lipschitz constant ``f.lipschitz``, built from :mod:`isoper.testfunctions`.

    Kinds: ``"linear"`` (<a, x>, |a| drawn in [0, 10], exact constant), ``"norm"`` (|x - x0|, 1), ``"max"`` (max_i x_i,
    1), ``"distance"`` (distance to a random finite set, 1), ``"relu"`` (a random two-layer ReLU net; the product of
    operator norms, an upper bound). Each maps an (N, d) array to (N,) values; random parts come from a drawn seed.

    Args:
        d: the input dimension.
        kinds: a subset of :data:`FUNCTION_KINDS`.
    """
    d = check_int("d", d, minimum=1)
    names = _kinds(kinds, {k: k for k in FUNCTION_KINDS}, "kinds")
    builders = {"linear": _linear, "norm": _norm, "max": lambda d: st.just(MaxCoordinate(d)),
                "distance": _distance, "relu": _relu}
    return st.one_of(*(builders[k](d) for k in names))


def measures_with_functions(
    max_dim: int = 64, kinds: Sequence[str | type] | str = _DEFAULT_MEASURES,
    function_kinds: Sequence[str] | str = FUNCTION_KINDS, *, min_dim: int = 1,
) -> st.SearchStrategy[tuple[Measure, Any]]:
    """Pairs (mu, f): a measure from :func:`measures`, then a Lipschitz function of its dimension."""
    base = measures(max_dim, kinds, min_dim=min_dim)
    _kinds(function_kinds, {k: k for k in FUNCTION_KINDS}, "function_kinds")
    return base.flatmap(lambda mu: st.tuples(st.just(mu), lipschitz_functions(mu.dim, function_kinds)))


# ------------------------------------------------------------------------------------------------------------------
# Theorem 3


class Theorem3Parameters(NamedTuple):
    """Numbers satisfying Theorem 3's numerical hypotheses; ``law.lipschitz_lower_bound(**params._asdict())``."""

    eps: float
    delta: float
    n: int
    d: int
    p: int
    k: int
    W: float
    J: float
    c: float


HYP_FACTOR, HYP_LOG_FACTOR, NET_FACTOR = 8**4, 8, 60  # 8^4 k log(8k/delta) <= n eps^2;  60 W J > eps


def min_n(eps: float, delta: float, k: int) -> int:
    """The least n with 8^4 k log(8k/delta) <= n eps^2 (hypothesis (2)), decided at 50 significant digits."""
    eps, delta, k = check_open_unit("eps", eps), check_open_unit("delta", delta), check_int("k", k, minimum=1)
    with mpmath.workdps(50):
        lhs = HYP_FACTOR * k * mpmath.log(mpmath.mpf(HYP_LOG_FACTOR) * k / mpmath.mpf(delta))
        e2 = mpmath.mpf(eps) ** 2
        n = max(1, int(mpmath.ceil(lhs / e2)))
        while lhs > n * e2:
            n += 1
        while n > 1 and lhs <= (n - 1) * e2:
            n -= 1
    return n


def _net_ok(W: float, J: float, eps: float) -> bool:
    with mpmath.workdps(50):
        return bool(NET_FACTOR * mpmath.mpf(W) * mpmath.mpf(J) > mpmath.mpf(eps))


@st.composite
def _theorem3(draw: st.DrawFn, min_eps: float, max_k: int, max_d: int, max_p: int) -> Theorem3Parameters:
    eps = draw(params("eps", min_value=min_eps))
    delta = draw(params("delta"))
    k = draw(st.one_of(st.just(1), st.integers(1, max_k)))
    d = draw(params("d", max_value=max_d))
    p = draw(params("p", max_value=max_p))
    c = draw(params("c", min_value=1e-3))
    W = draw(params("W", min_value=1e-6))
    # the net condition 60 W J > eps: draw the ratio r = 60 W J / eps > 1, tight (r just above 1) with a fixed share
    r = draw(st.one_of(st.floats(1.0, 1e8, exclude_min=True, allow_subnormal=False), st.just(1.0 + 1e-9)))
    J = r * eps / (NET_FACTOR * W)
    while not _net_ok(W, J, eps):  # floating rounding: step J up to the next float until it holds
        J = math.nextafter(J, math.inf)
    n0 = min_n(eps, delta, k)
    n = n0 + draw(st.one_of(st.just(0), st.integers(0, 10 * n0)))  # n = n0 is hypothesis (2) with equality-ish
    return Theorem3Parameters(eps=eps, delta=delta, n=n, d=d, p=p, k=k, W=W, J=J, c=c)


def theorem3_parameters(
    *, min_eps: float = 1e-3, max_k: int = 100, max_d: int = 10**6, max_p: int = 10**9
) -> st.SearchStrategy[Theorem3Parameters]:
    """(eps, delta, n, d, p, k, W, J, c) satisfying Theorem 3's numerical hypotheses.

    Hypothesis (2), ``8^4 k log(8k/delta) <= n eps^2``, and the net condition ``60 W J > eps`` both hold exactly
    (decided at 50 significant digits, as :mod:`isoper.law` decides them); with a fixed share, n is the least such n
    and 60 W J / eps is just above 1, the tight cases.

    Args:
        min_eps: the smallest eps drawn (n grows like 1/eps^2).
        max_k: the largest number of mixture components.
        max_d, max_p: the largest dimension and parameter count.
    """
    min_eps = check_open_unit("min_eps", min_eps)
    max_k = check_int("max_k", max_k, minimum=1)
    max_d = check_int("max_d", max_d, minimum=1)
    max_p = check_int("max_p", max_p, minimum=1)
    return _theorem3(min_eps, max_k, max_d, max_p)
