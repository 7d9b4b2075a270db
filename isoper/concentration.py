"""Concentration inequalities as sympy expressions, each with a stable log-space numeric twin.

Every inequality of the paper that bounds a probability is a :class:`TailBound`: a frozen record with its ``name``,
its ``source``, the bound as a sympy expression ``expr`` in declared symbols, and two numeric evaluations:

* ``log_value(**params)``: the natural logarithm of the bound, in floating point (default) or, with ``dps=50``, as an
  ``mpmath.mpf`` at 50 digits. It never underflows: ``n = 1e15`` and bounds like ``1e-1000`` are fine, because the
  logarithm is computed from the exponent, never from the bound.
* ``value(**params)``: ``exp(log_value)`` as a float (``0.0`` only when the bound is below the smallest positive
  double, about ``5e-324``; ``inf`` when it exceeds ``1.8e308``, i.e. a vacuous bound), or an ``mpmath.mpf`` with
  ``mp=True`` (exact to ``dps`` digits at any magnitude).

Calling a bound, ``isoperimetric_tail(d=..., t=..., c=..., L=...)``, is ``value``. Parameters are keyword-only and
validated eagerly (``InvalidParameter``, a ``ValueError``, or ``TypeError``, naming the parameter).

The bounds are encoded as the paper prints them (PAPER.md); whether each step that produces them is right is for
the proof checks in ``proofs/`` to decide, not for this module.

Floating-point accuracy: the float twin evaluates a few operations on the exponent, so its absolute error is a few
ulps of the largest term (e.g. of ``n eps^2 / 8^3``); when the log of the bound is near 0 by cancellation, the
relative error of ``log_value`` can exceed that of the terms. Use ``dps=`` for such cases.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from ._validate import (
    InvalidParameter,
    check_int,
    check_nonnegative,
    check_open_unit,
    check_positive,
    check_real,
)

__all__ = [
    "TailBound",
    "isoperimetric_tail",
    "subgaussian_tail",
    "subgaussian_sum_tail",
    "subgaussian_sum_constant",
    "SUBGAUSSIAN_SUM_FACTOR",
    "hoeffding_one_sided",
    "hoeffding_two_sided",
    "lemma_2_1_bound",
    "theorem_2_bound",
    "theorem_3_step_2_bound",
    "union_bound",
]


# ----------------------------------------------------------------------------------------------------------------
# Two numeric namespaces with the same interface: floats (math) and mpmath at a given precision.


class _FloatMath:
    """Float arithmetic for the log-space formulas."""

    @staticmethod
    def num(x: Any) -> float:
        return float(x)

    log = staticmethod(math.log)

    @staticmethod
    def lse(*terms: float) -> float:
        return _logsumexp_float(list(terms))


class _MpMath:
    """mpmath arithmetic (the caller sets the working precision)."""

    @staticmethod
    def num(x: Any) -> mpmath.mpf:
        if isinstance(x, sp.Basic):
            return mpmath.mpf(str(sp.N(x, mpmath.mp.dps + 10)))
        return mpmath.mpf(x)

    log = staticmethod(mpmath.log)

    @staticmethod
    def lse(*terms: mpmath.mpf) -> mpmath.mpf:
        finite = [t for t in terms if t != -mpmath.inf]
        if not finite:
            return -mpmath.inf
        m = max(finite)
        if m == mpmath.inf:
            return mpmath.inf
        return m + mpmath.log(mpmath.fsum(mpmath.exp(t - m) for t in finite))


def _logsumexp_float(terms: list[float]) -> float:
    finite = [t for t in terms if t != -math.inf]
    if not finite:
        return -math.inf
    m = max(finite)
    if m == math.inf:
        return math.inf
    return m + math.log(math.fsum(math.exp(t - m) for t in finite))


# ----------------------------------------------------------------------------------------------------------------
# The record


_Validator = Callable[[str, Any], Any]


@dataclass(frozen=True)
class TailBound:
    """A tail bound: the expression, where it comes from, and its log-space numeric twin.

    Attributes:
        name: short identifier (``"isoperimetric_tail"``).
        source: where the inequality comes from, e.g. ``"Bubeck-Sellke 2021, Definition 1.1"``.
        expr: the bound as a sympy expression in ``symbols``.
        symbols: the declared parameters, in order; their names are the keyword arguments.
    """

    name: str
    source: str
    expr: sp.Expr
    symbols: tuple[sp.Symbol, ...]
    _log: Callable[[Any, Mapping[str, Any]], Any] = field(repr=False, compare=False)
    _checks: Mapping[str, _Validator] = field(repr=False, compare=False)
    _cross: Callable[[Mapping[str, Any]], None] | None = field(default=None, repr=False, compare=False)

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.symbols)

    def latex(self) -> str:
        return sp.latex(self.expr)

    def _validated(self, params: Mapping[str, Any]) -> dict[str, Any]:
        missing = [p for p in self.params if p not in params]
        extra = [p for p in params if p not in self.params]
        if missing or extra:
            parts = ([f"missing parameter(s) {missing}"] if missing else []) + (
                [f"unknown parameter(s) {extra}"] if extra else [])
            raise TypeError(f"{self.name}: {', '.join(parts)}; expected {list(self.params)}")
        checked = {p: self._checks[p](p, params[p]) for p in self.params}
        if self._cross is not None:
            self._cross(checked)
        return checked

    def log_value(self, *, dps: int | None = None, **params: Any) -> float | mpmath.mpf:
        """The natural logarithm of the bound: a float, or an ``mpmath.mpf`` at ``dps`` digits.

        Raises:
            InvalidParameter, TypeError: a parameter is missing, unknown, or outside its domain (named).
        """
        checked = self._validated(params)
        if dps is None:
            try:
                out = float(self._log(_FloatMath, checked))
            except (OverflowError, ZeroDivisionError, ValueError):  # a term left the float range (t**2, log 0, ...)
                out = math.nan
            if math.isnan(out):  # redo in mpmath, whose exponent range is unbounded, and round once
                out = float(self._log_mp(params, 30))
            return out
        return self._log_mp(params, check_int("dps", dps, minimum=1))

    def _log_mp(self, params: Mapping[str, Any], dps: int) -> mpmath.mpf:
        with mpmath.workdps(dps):
            # the mp twin uses the parameters as given (ints exactly, floats at their binary value)
            raw = {p: params[p].item() if isinstance(params[p], np.generic) else params[p] for p in self.params}
            return +self._log(_MpMath, {p: _MpMath.num(raw[p]) for p in self.params})

    def value(self, *, mp: bool = False, dps: int = 30, **params: Any) -> float | mpmath.mpf:
        """``exp(log_value)``: a float (``0.0`` below ~5e-324, ``inf`` above ~1.8e308), or an mpf if ``mp``."""
        if mp:
            lv = self.log_value(dps=dps, **params)
            with mpmath.workdps(check_int("dps", dps, minimum=1)):
                return mpmath.exp(lv)
        lv = float(self.log_value(**params))
        if lv > 709.78:
            return math.inf
        return math.exp(lv)

    def __call__(self, **params: Any) -> float:
        return float(self.value(**params))

    def subs(self, **params: Any) -> sp.Expr:
        """The expression with (validated) numbers substituted: exact sympy arithmetic."""
        self._validated(params)
        return self.expr.subs({s: sp.sympify(params[s.name]) for s in self.symbols})


# ----------------------------------------------------------------------------------------------------------------
# Validators (each names its parameter)


def _int1(name: str, v: Any) -> int:
    return check_int(name, v, minimum=1)


def _pos(name: str, v: Any) -> float:
    return check_positive(name, v)


def _nonneg(name: str, v: Any) -> float:
    return check_nonnegative(name, v)


def _unit(name: str, v: Any) -> float:
    return check_open_unit(name, v)


def _real(name: str, v: Any) -> float:
    return check_real(name, v)


# ----------------------------------------------------------------------------------------------------------------
# The bounds

d, c, L, C, n, eps, k, p, W, J = sp.symbols("d c L C n eps k p W J", positive=True)
t, s, q, log_F = sp.symbols("t s q log_F", nonnegative=True)
a, b = sp.symbols("a b", real=True)


isoperimetric_tail = TailBound(
    name="isoperimetric_tail",
    source="Bubeck-Sellke 2021, Definition 1.1 (c-isoperimetry: P(|f - E f| >= t) <= 2 exp(-d t^2/(2 c L^2)))",
    expr=2 * sp.exp(-d * t**2 / (2 * c * L**2)),
    symbols=(d, t, c, L),
    _log=lambda M, v: M.log(2) - M.num(v["d"]) * v["t"] ** 2 / (2 * v["c"] * v["L"] ** 2),
    _checks={"d": _int1, "t": _nonneg, "c": _pos, "L": _pos},
)
"""P(|f(x) - E f| >= t) <= 2 exp(-d t^2 / (2 c L^2)) for L-Lipschitz f under c-isoperimetry in dimension d."""

subgaussian_tail = TailBound(
    name="subgaussian_tail",
    source="Bubeck-Sellke 2021, text after Definition 1.1 (C-subgaussian: P(|X| >= t) <= 2 exp(-t^2/C))",
    expr=2 * sp.exp(-t**2 / C),
    symbols=(t, C),
    _log=lambda M, v: M.log(2) - v["t"] ** 2 / v["C"],
    _checks={"t": _nonneg, "C": _pos},
)

SUBGAUSSIAN_SUM_FACTOR = sp.Integer(18)
"""Proposition 1.2 as the paper prints it: (1/sqrt n) sum X_i of independent mean-0 C-subgaussian X_i is
18C-subgaussian (cited from Vershynin, Proposition 2.6.1). The factor 18 is recorded here, not derived: whether it
holds for the paper's definition of C-subgaussian is checked in proofs/ (prop-subgaussian-sum)."""


def subgaussian_sum_constant(C: Any) -> float:
    """The subgaussian constant 18 C of a normalised sum (Proposition 1.2, as printed; see SUBGAUSSIAN_SUM_FACTOR).

    Examples:
        >>> subgaussian_sum_constant(4)   # Theorem 2, step 4: X_i z_i is 4-subgaussian, the sum 72-subgaussian
        72.0
    """
    return float(SUBGAUSSIAN_SUM_FACTOR) * check_positive("C", C)


subgaussian_sum_tail = TailBound(
    name="subgaussian_sum_tail",
    source="Bubeck-Sellke 2021, Proposition 1.2 (as printed): P(|n^(-1/2) sum X_i| >= t) <= 2 exp(-t^2/(18 C))",
    expr=2 * sp.exp(-t**2 / (SUBGAUSSIAN_SUM_FACTOR * C)),
    symbols=(t, C),
    _log=lambda M, v: M.log(2) - v["t"] ** 2 / (18 * v["C"]),
    _checks={"t": _nonneg, "C": _pos},
)


def _a_below_b(v: Mapping[str, Any]) -> None:
    if not v["b"] > v["a"]:
        raise InvalidParameter(f"b={v['b']!r} must be > a={v['a']!r} (the summands lie in [a, b])")


hoeffding_one_sided = TailBound(
    name="hoeffding_one_sided",
    source="Hoeffding 1963: X_i in [a, b] independent, P((1/n) sum (X_i - E X_i) >= s) <= exp(-2 n s^2/(b - a)^2)",
    expr=sp.exp(-2 * n * s**2 / (b - a) ** 2),
    symbols=(n, s, a, b),
    _log=lambda M, v: -2 * M.num(v["n"]) * v["s"] ** 2 / (v["b"] - v["a"]) ** 2,
    _checks={"n": _int1, "s": _nonneg, "a": _real, "b": _real},
    _cross=_a_below_b,
)
"""The same bound holds for the lower tail P((1/n) sum (X_i - E X_i) <= -s)."""

hoeffding_two_sided = TailBound(
    name="hoeffding_two_sided",
    source="Hoeffding 1963, two-sided: P(|(1/n) sum (X_i - E X_i)| >= s) <= 2 exp(-2 n s^2/(b - a)^2)",
    expr=2 * sp.exp(-2 * n * s**2 / (b - a) ** 2),
    symbols=(n, s, a, b),
    _log=lambda M, v: M.log(2) - 2 * M.num(v["n"]) * v["s"] ** 2 / (v["b"] - v["a"]) ** 2,
    _checks={"n": _int1, "s": _nonneg, "a": _real, "b": _real},
    _cross=_a_below_b,
)

lemma_2_1_bound = TailBound(
    name="lemma_2_1_bound",
    source="Bubeck-Sellke 2021, Lemma 2.1: P(exists f: fit <= sigma^2 - eps) <= 2 exp(-n eps^2/8^3) + q, "
           "q = P(exists f: (1/n) sum f(x_i) z_i >= eps/3)",
    expr=2 * sp.exp(-n * eps**2 / 8**3) + q,
    symbols=(n, eps, q),
    _log=lambda M, v: M.lse(M.log(2) - M.num(v["n"]) * v["eps"] ** 2 / 512,
                            M.log(v["q"]) if v["q"] > 0 else -math.inf),
    _checks={"n": _int1, "eps": _unit, "q": _nonneg},
)

theorem_2_bound = TailBound(
    name="theorem_2_bound",
    source="Bubeck-Sellke 2021, Theorem 2 (as printed): 4k exp(-n eps^2/(8^3 k)) "
           "+ 2 exp(log|F| - eps^2 n d/(8^4 c L^2)); log_F = log|F|",
    expr=4 * k * sp.exp(-n * eps**2 / (8**3 * k)) + 2 * sp.exp(log_F - eps**2 * n * d / (8**4 * c * L**2)),
    symbols=(n, eps, k, d, c, L, log_F),
    _log=lambda M, v: M.lse(
        M.log(4 * M.num(v["k"])) - M.num(v["n"]) * v["eps"] ** 2 / (512 * M.num(v["k"])),
        M.log(2) + v["log_F"] - v["eps"] ** 2 * M.num(v["n"]) * M.num(v["d"]) / (4096 * v["c"] * v["L"] ** 2)),
    _checks={"n": _int1, "eps": _unit, "k": _int1, "d": _int1, "c": _pos, "L": _pos, "log_F": _nonneg},
)

theorem_3_step_2_bound = TailBound(
    name="theorem_3_step_2_bound",
    source="Bubeck-Sellke 2021, proof of Theorem 3, step 2 (as printed): Theorem 2 for the net class with "
           "(eps/2, 2L): 4k exp(-n eps^2/(8^4 k)) + 2 exp(p log(60 W J/eps) - eps^2 n d/(8^6 c L^2))",
    expr=4 * k * sp.exp(-n * eps**2 / (8**4 * k))
    + 2 * sp.exp(p * sp.log(60 * W * J / eps) - eps**2 * n * d / (8**6 * c * L**2)),
    symbols=(n, eps, k, d, c, L, p, W, J),
    _log=lambda M, v: M.lse(
        M.log(4 * M.num(v["k"])) - M.num(v["n"]) * v["eps"] ** 2 / (4096 * M.num(v["k"])),
        M.log(2) + M.num(v["p"]) * M.log(60 * v["W"] * v["J"] / v["eps"])
        - v["eps"] ** 2 * M.num(v["n"]) * M.num(v["d"]) / (262144 * v["c"] * v["L"] ** 2)),
    _checks={"n": _int1, "eps": _unit, "k": _int1, "d": _int1, "c": _pos, "L": _pos, "p": _int1, "W": _pos,
             "J": _pos},
)
"""Substituting (eps/2, 2L) into Theorem 2 gives the denominators 4 * 8^3 k = 2048 k and 16 * 8^4 = 65536; the
printed 8^4 k = 4096 k and 8^6 = 262144 are larger, so the printed bound is larger (weaker) and still implied.
The comparison is the proofs' to check; this record keeps the printed form."""

del d, t, c, L, C, n, s, a, b, q, eps, k, p, W, J, log_F


def union_bound(log_terms: Iterable[Any]) -> float | mpmath.mpf:
    """The log of a sum of bounds given by their logs: ``log(sum_i exp(log_terms[i]))`` (log-sum-exp).

    The union bound P(E_1 or ... or E_m) <= sum_i P(E_i), in log space. Terms may be ``-inf`` (a zero bound) or
    ``+inf``; an empty union gives ``-inf``. Returns an ``mpmath.mpf`` if any term is one, else a float.

    Examples:
        >>> round(union_bound([math.log(0.25), math.log(0.25)]), 12) == round(math.log(0.5), 12)
        True
        >>> round(union_bound([-2000.0, -2000.0]), 6)   # 2 e^-2000: far below float range, its log is not
        -1999.306853
    """
    if isinstance(log_terms, (str, bytes)) or not isinstance(log_terms, Iterable):
        raise TypeError(f"log_terms must be an iterable of numbers, got {type(log_terms).__name__}")
    terms = list(log_terms)
    if any(isinstance(x, mpmath.mpf) for x in terms):
        out = []
        for i, x in enumerate(terms):
            if isinstance(x, mpmath.mpf):
                if mpmath.isnan(x):
                    raise InvalidParameter(f"log_terms[{i}] is NaN")
                out.append(x)
            else:
                out.append(mpmath.mpf(check_real(f"log_terms[{i}]", x, allow_inf=True)))
        return _MpMath.lse(*out)
    return _logsumexp_float([check_real(f"log_terms[{i}]", x, allow_inf=True) for i, x in enumerate(terms)])
