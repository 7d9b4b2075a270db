"""Proofs of inequality steps: symbolic (sympy), certified interval arithmetic (mpmath.iv), counterexample search.

A step of a paper's proof is often an elementary inequality between explicit expressions, e.g.

.. math::  2 e^{-n\\epsilon^2/8^3} \\le 1 \\quad\\text{whenever}\\quad n\\epsilon^2 \\ge 8^3 \\log 2,
           \\qquad \\log(1 + x) \\le x \\ (x > 0), \\qquad \\sqrt{ab} \\le (a + b)/2.

This module decides such claims, or says honestly that it could not. Every function returns a :class:`Proof`, a frozen
record with a ``status`` in ``{"verified", "refuted", "inconclusive"}``, the ``method`` that produced it
(``"symbolic"``, ``"interval"``, ``"search"``), the ``claim``, a human-readable ``detail`` and, for a refutation, a
``counterexample`` (a dict of parameter values).

The rules, which every route follows:

* ``verified`` only when sympy established the claim (a ``True`` from the assumptions system, a set containment, an
  exact simplification to zero, or a monotonicity argument each of whose parts is one of these), or when interval
  arithmetic with outward rounding bounded the expression on every box of a cover of the domain.
* ``refuted`` only with a concrete point of the domain at which the claim fails, confirmed by a rigorous interval
  evaluation at that point (sympy expressions) or by mpmath at 50 digits (plain callables).
* ``inconclusive`` otherwise. A search that finds nothing is not a proof.

Domains are boxes ``{name: (lo, hi)}``; an endpoint may be infinite (``float("inf")``, ``sympy.oo``). The symbolic
route proves claims on the open box; the interval route on the closed box (which implies the open one wherever the
expression is defined there); counterexamples are always interior points. Constraints that are not boxes (e.g.
``n eps^2 >= 8^3 log 2``) are handled by substitution: write ``n = (8**3*log(2) + t)/eps**2`` with ``t >= 0``.
"""

from __future__ import annotations

import heapq
import math
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import mpmath
import numpy as np
import sympy as sp
from mpmath import iv
from sympy.solvers.inequalities import solve_univariate_inequality

from ._validate import InvalidParameter, check_bool, check_int, check_nonnegative, check_rng, check_seed

__all__ = [
    "Proof",
    "CertifyResult",
    "prove_symbolic",
    "prove_identity",
    "certify_interval",
    "search_counterexample",
    "check_inequality",
]

Status = Literal["verified", "refuted", "inconclusive"]
Method = Literal["symbolic", "interval", "search"]
_OPS = (">=", "<=", ">", "<")
_CONFIRM_DPS = 50


@dataclass(frozen=True)
class Proof:
    """The outcome of one attempt to decide an inequality (or identity) claim.

    Attributes:
        status: ``"verified"``, ``"refuted"`` or ``"inconclusive"``.
        method: ``"symbolic"``, ``"interval"`` or ``"search"``: the route that produced this status.
        claim: the claim as decided, e.g. ``"log(x + 1) <= x for x in [0, 10]"``. When an interval certificate needed
            a tolerance, the claim names the relaxed inequality that was actually verified.
        detail: what was proved and on which domain, or the counterexample and its value, or why no decision.
        counterexample: parameter values (floats) at which the claim fails, for ``"refuted"``; else ``None``.
        elapsed: wall-clock seconds spent.
        attempts: for :func:`check_inequality`, every route tried, in order (this one included).
    """

    status: Status
    method: Method
    claim: str
    detail: str
    counterexample: dict[str, float] | None = None
    elapsed: float = 0.0
    attempts: tuple[Proof, ...] = field(default=(), repr=False)

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    @property
    def refuted(self) -> bool:
        return self.status == "refuted"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (attempts as a list of their own dicts)."""
        return {
            "status": self.status,
            "method": self.method,
            "claim": self.claim,
            "detail": self.detail,
            "counterexample": None if self.counterexample is None else dict(self.counterexample),
            "elapsed": self.elapsed,
            "attempts": [a.to_dict() for a in self.attempts if a is not self],
        }


CertifyResult = Proof


# ----------------------------------------------------------------------------------------------------------------
# Parsing claims and domains


def _check_op(op: Any) -> str:
    if op not in _OPS:
        raise InvalidParameter(f"op={op!r} must be one of {_OPS}")
    return op


def _sympify(name: str, value: Any) -> sp.Expr:
    try:
        out = sp.sympify(value)
    except (sp.SympifyError, TypeError) as exc:
        raise TypeError(f"{name} must be a sympy expression or a number, got {value!r}") from exc
    if not isinstance(out, sp.Expr):
        raise TypeError(f"{name} must be a sympy expression, got {type(out).__name__} {out!r}")
    return out


def _parse_assumptions(assumptions: Any) -> dict[str, dict[str, bool]]:
    """``{name: {"positive": True, ...}}`` with string names and bool values (sympy's assumption keywords)."""
    if assumptions is None:
        return {}
    if not isinstance(assumptions, Mapping):
        raise TypeError(
            f"assumptions must be a mapping {{name: {{assumption: bool}}}}, got {type(assumptions).__name__}"
        )
    out: dict[str, dict[str, bool]] = {}
    for key, facts in assumptions.items():
        name = key.name if isinstance(key, sp.Symbol) else key
        if not isinstance(name, str):
            raise TypeError(f"assumptions keys must be names or sympy Symbols, got {key!r}")
        if not isinstance(facts, Mapping):
            raise TypeError(f"assumptions[{name!r}] must be a mapping {{assumption: bool}}, got {facts!r}")
        out[name] = {}
        for fact, v in facts.items():
            if not isinstance(fact, str):
                raise TypeError(f"assumptions[{name!r}] keys must be assumption names, got {fact!r}")
            out[name][fact] = check_bool(f"assumptions[{name!r}][{fact!r}]", v)
    return out


def _gap(lhs: sp.Expr, op: str, rhs: sp.Expr) -> tuple[sp.Expr, bool]:
    """The claim ``lhs op rhs`` as ``g >= 0`` (or ``g > 0`` if strict)."""
    g = lhs - rhs if op in (">=", ">") else rhs - lhs
    return g, op in (">", "<")


def _endpoint(name: str, value: Any) -> sp.Expr:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"domain[{name!r}] endpoints must be numbers, got {value!r}")
    if isinstance(value, mpmath.mpf):
        value = sp.Float(value, 30) if mpmath.isfinite(value) else (sp.oo if value > 0 else -sp.oo)
    if isinstance(value, float):
        if math.isnan(value):
            raise InvalidParameter(f"domain[{name!r}] has a NaN endpoint")
        if math.isinf(value):
            return sp.oo if value > 0 else -sp.oo
        return sp.Rational(value)  # the exact binary value
    out = _sympify(f"domain[{name!r}]", value)
    if out in (sp.oo, -sp.oo):
        return out
    if not (out.is_number and out.is_real):
        raise InvalidParameter(f"domain[{name!r}] endpoint {value!r} is not a real number")
    return out


def _parse_domain(domain: Any) -> dict[str, tuple[sp.Expr, sp.Expr]]:
    if not isinstance(domain, Mapping):
        raise TypeError(f"domain must be a mapping {{name: (lo, hi)}}, got {type(domain).__name__}")
    out: dict[str, tuple[sp.Expr, sp.Expr]] = {}
    for key, rng in domain.items():
        name = key.name if isinstance(key, sp.Symbol) else key
        if not isinstance(name, str):
            raise TypeError(f"domain keys must be names or sympy Symbols, got {key!r}")
        if isinstance(rng, sp.Interval):
            lo, hi = rng.start, rng.end
        elif isinstance(rng, (tuple, list)) and len(rng) == 2:
            lo, hi = rng
        else:
            raise TypeError(f"domain[{name!r}] must be a pair (lo, hi) or a sympy Interval, got {rng!r}")
        lo_e, hi_e = _endpoint(name, lo), _endpoint(name, hi)
        if lo_e == sp.oo or hi_e == -sp.oo or bool(lo_e > hi_e):
            raise InvalidParameter(f"domain[{name!r}] = ({lo}, {hi}) is empty")
        out[name] = (lo_e, hi_e)
    return out


def _domain_text(dom: Mapping[str, tuple[sp.Expr, sp.Expr]], closed: bool) -> str:
    left, right = ("[", "]") if closed else ("(", ")")
    parts = []
    for name, (lo, hi) in dom.items():
        lb = "(" if lo == -sp.oo else left
        rb = ")" if hi == sp.oo else right
        parts.append(f"{name} in {lb}{lo}, {hi}{rb}")
    return ", ".join(parts) if parts else "all values"


def _claim_text(lhs: Any, op: str, rhs: Any, dom: Mapping[str, tuple[sp.Expr, sp.Expr]], closed: bool) -> str:
    return f"{lhs} {op} {rhs} for {_domain_text(dom, closed)}"


def _symbols_by_name(expr: sp.Expr) -> dict[str, sp.Symbol]:
    return {s.name: s for s in expr.free_symbols if isinstance(s, sp.Symbol)}


def _check_covered(exprs: Sequence[sp.Expr], dom: Mapping[str, Any]) -> list[str]:
    """The domain's names, in its order, after checking that they cover every free symbol of ``exprs``."""
    used = sorted(set().union(*(_symbols_by_name(e) for e in exprs)))
    missing = [n for n in used if n not in dom]
    if missing:
        raise InvalidParameter(f"domain gives no range for the symbol(s) {missing}")
    return list(dom)


# ----------------------------------------------------------------------------------------------------------------
# A small compiler from sympy trees to functions over an mpmath context (mpmath.iv for boxes, mpmath.mp for points)


class _Undefined(ArithmeticError):
    """The expression is not defined (log of a non-positive number, ...) somewhere on the argument."""


def _bounds(v: Any) -> tuple[mpmath.mpf, mpmath.mpf]:
    if isinstance(v, iv.mpf):
        lo, hi = v._mpi_
        return mpmath.mpf(lo), mpmath.mpf(hi)
    if isinstance(v, (int, float)):
        v = mpmath.mpf(v)
    if isinstance(v, mpmath.mpc):
        raise _Undefined("complex value")
    return v, v


def _need_positive(v: Any, strict: bool) -> None:
    lo, _ = _bounds(v)
    if mpmath.isnan(lo) or (lo <= 0 if strict else lo < 0):
        raise _Undefined("argument outside the function's domain")


_Fn = Callable[[Any, Sequence[Any]], Any]


def _hull(ctx: Any, lo: Any, hi: Any) -> Any:
    return ctx.mpf([lo, hi]) if ctx is iv else lo


def _compile(expr: sp.Expr, names: Sequence[str]) -> _Fn:
    """Compile ``expr`` to ``f(ctx, xs)`` with ``xs[i]`` the value of ``names[i]`` in the context ``ctx``."""
    index = {n: i for i, n in enumerate(names)}

    def comp(e: sp.Expr) -> _Fn:
        if isinstance(e, sp.Symbol):
            i = index[e.name]
            return lambda ctx, xs: xs[i]
        if isinstance(e, sp.Rational):
            p, q = int(e.p), int(e.q)
            return lambda ctx, xs: ctx.mpf(p) / ctx.mpf(q) if q != 1 else ctx.mpf(p)
        if isinstance(e, sp.Float):
            m = mpmath.mpf(e._mpf_)
            return lambda ctx, xs: ctx.mpf(m)
        if e is sp.pi:
            return lambda ctx, xs: +ctx.pi
        if e is sp.E:
            return lambda ctx, xs: +ctx.e
        args = [comp(a) for a in e.args]
        if isinstance(e, sp.Add):
            def add(ctx: Any, xs: Sequence[Any]) -> Any:
                out = args[0](ctx, xs)
                for a in args[1:]:
                    out = out + a(ctx, xs)
                return out
            return add
        if isinstance(e, sp.Mul):
            def mul(ctx: Any, xs: Sequence[Any]) -> Any:
                out = args[0](ctx, xs)
                for a in args[1:]:
                    out = out * a(ctx, xs)
                return out
            return mul
        if isinstance(e, sp.Pow):
            base, ex = args
            k = e.exp
            if isinstance(k, sp.Integer):
                n = int(k)

                def ipow(ctx: Any, xs: Sequence[Any]) -> Any:
                    b = base(ctx, xs)
                    if n >= 0:
                        return b**n
                    lo, hi = _bounds(b)
                    if lo <= 0 <= hi:
                        if ctx is iv and not (lo == hi == 0):
                            return ctx.mpf(["-inf", "inf"])
                        raise _Undefined("division by zero")
                    return 1 / b ** (-n)
                return ipow
            if k == sp.S.Half:
                def sqrt(ctx: Any, xs: Sequence[Any]) -> Any:
                    b = base(ctx, xs)
                    _need_positive(b, strict=False)
                    return ctx.sqrt(b)
                return sqrt

            def gpow(ctx: Any, xs: Sequence[Any]) -> Any:
                b = base(ctx, xs)
                _need_positive(b, strict=True)
                return ctx.exp(ex(ctx, xs) * ctx.log(b))
            return gpow
        if isinstance(e, sp.exp):
            (a,) = args
            return lambda ctx, xs: ctx.exp(a(ctx, xs))
        if isinstance(e, sp.log):
            (a,) = args

            def log(ctx: Any, xs: Sequence[Any]) -> Any:
                v = a(ctx, xs)
                _need_positive(v, strict=True)
                return ctx.log(v)
            return log
        if isinstance(e, sp.Abs):
            (a,) = args
            return lambda ctx, xs: abs(a(ctx, xs))
        if isinstance(e, (sp.Max, sp.Min)):
            pick = max if isinstance(e, sp.Max) else min

            def extremum(ctx: Any, xs: Sequence[Any]) -> Any:
                vals = [_bounds(a(ctx, xs)) for a in args]
                return _hull(ctx, pick(v[0] for v in vals), pick(v[1] for v in vals))
            return extremum
        for sym_fn, name in ((sp.sin, "sin"), (sp.cos, "cos"), (sp.erf, "erf"), (sp.erfc, "erfc")):
            if isinstance(e, sym_fn):
                (a,) = args
                return lambda ctx, xs, name=name: getattr(ctx, name)(a(ctx, xs))
        raise NotImplementedError(f"no interval rule for {type(e).__name__} in {e}")

    return comp(sp.sympify(expr))


def _eval_iv(fn: _Fn, xs: Sequence[Any], prec: int = 53) -> tuple[mpmath.mpf, mpmath.mpf] | None:
    """Rigorous bounds of ``fn`` on the box ``xs`` (iv intervals); ``None`` if undefined somewhere on it."""
    old = iv.prec
    iv.prec = prec
    try:
        lo, hi = _bounds(fn(iv, [iv.mpf(x) if not isinstance(x, iv.mpf) else x for x in xs]))
    except (_Undefined, ZeroDivisionError, ValueError, mpmath.libmp.ComplexResult):
        return None
    finally:
        iv.prec = old
    if mpmath.isnan(lo) or mpmath.isnan(hi):
        return None
    return lo, hi


def _eval_mp(fn: _Fn, point: Sequence[Any], dps: int = _CONFIRM_DPS) -> mpmath.mpf | None:
    with mpmath.workdps(dps):
        try:
            v = fn(mpmath.mp, [mpmath.mpf(x) for x in point])
        except (_Undefined, ZeroDivisionError, ValueError, mpmath.libmp.ComplexResult):
            return None
        if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v):
            return None
        return +v


def _violates(bounds: tuple[mpmath.mpf, mpmath.mpf] | None, strict: bool) -> bool:
    """Rigorously, g < 0 (or g <= 0 for a strict claim g > 0) at a point with enclosure ``bounds``."""
    return bounds is not None and (bounds[1] <= 0 if strict else bounds[1] < 0)


def _inside(point: Sequence[float], names: Sequence[str], dom: Mapping[str, tuple[sp.Expr, sp.Expr]]) -> bool:
    """Whether the point lies in the open box (exact rational comparison)."""
    for x, name in zip(point, names):
        lo, hi = dom[name]
        q = sp.Rational(float(x))
        if not (bool(q > lo) and bool(q < hi)):
            return False
    return True


def _confirm(g_fn: _Fn, names: Sequence[str], point: Sequence[float], strict: bool,
             dom: Mapping[str, tuple[sp.Expr, sp.Expr]]) -> mpmath.mpf | None:
    """The 50-digit value of g at ``point`` if the point is interior and rigorously violates the claim."""
    if not _inside(point, names, dom):
        return None
    if not _violates(_eval_iv(g_fn, [iv.mpf(float(x)) for x in point], prec=200), strict):
        return None
    return _eval_mp(g_fn, point)


def _refuted(method: Method, claim: str, names: Sequence[str], point: Sequence[float], value: mpmath.mpf,
             start: float, how: str) -> Proof:
    cex = {n: float(x) for n, x in zip(names, point)}
    return Proof("refuted", method, claim,
                 f"{how}: at {cex} the gap lhs - rhs (oriented so the claim reads gap >= 0) is "
                 f"{mpmath.nstr(value, 20)} (mpmath, {_CONFIRM_DPS} digits; sign confirmed by interval arithmetic)",
                 cex, time.perf_counter() - start)


# ----------------------------------------------------------------------------------------------------------------
# Symbolic route


def _positive_params(dom: Mapping[str, tuple[sp.Expr, sp.Expr]], syms: Mapping[str, sp.Symbol]
                     ) -> tuple[dict[sp.Symbol, sp.Expr], dict[str, sp.Symbol]]:
    """Substitutions x -> phi(t), t > 0, mapping (0, oo) onto the open range of x; returns (subs, t by name)."""
    subs: dict[sp.Symbol, sp.Expr] = {}
    ts: dict[str, sp.Symbol] = {}
    for name, s in syms.items():
        if name not in dom:
            continue
        lo, hi = dom[name]
        if lo == -sp.oo and hi == sp.oo:
            subs[s] = sp.Symbol(f"_{name}", real=True)
            continue
        t = sp.Symbol(f"_{name}", positive=True)
        ts[name] = t
        if hi == sp.oo:
            subs[s] = lo + t
        elif lo == -sp.oo:
            subs[s] = hi - t
        elif lo == 0 and hi == sp.oo:
            subs[s] = t
        else:
            subs[s] = lo + (hi - lo) * t / (1 + t)
    return subs, ts


class _StepTimeout(Exception):
    """A sympy step ran out of its time allowance."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with SIGALRM, when that is possible without disturbing anyone.

    Only in the main thread of a POSIX process, and only if no other alarm (e.g. pytest-timeout's) is armed;
    elsewhere the block runs unguarded (the strategies are then limited by the size heuristics alone).
    """
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
    if not usable:
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise _StepTimeout

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_STEP_SECONDS = 2.0


_DEADLINE: list[float] = [math.inf]  # monotonic time at which the current prove_symbolic call gives up


def _guarded(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, or ``None`` if it raises or exceeds its time allowance (or the call's deadline)."""
    left = _DEADLINE[-1] - time.monotonic()
    if left <= 0:
        return None
    try:
        with _time_limit(min(_STEP_SECONDS, left)):
            return fn(*args, **kwargs)
    except Exception:  # noqa: BLE001 - sympy raises many kinds of errors on hard input; a failure is no verdict
        return None


def _sign_true(e: sp.Expr, strict: bool) -> str | None:
    """Name of a rewrite under which sympy's assumptions prove e > 0 (strict) or e >= 0; else None."""
    rewrites: list[tuple[str, Callable[[sp.Expr], sp.Expr]]] = [("as is", lambda x: x), ("expand", sp.expand)]
    # Heavy rewrites only where they are cheap to attempt: rational functions, or small expressions.
    if _guarded(e.is_rational_function) or sp.count_ops(e) <= 25:
        rewrites += [("factor", sp.factor), ("cancel", sp.cancel), ("together", sp.together),
                     ("simplify", sp.simplify)]
    def holds(rw: Callable[[sp.Expr], sp.Expr]) -> bool | None:
        r = rw(e)
        return r.is_positive if strict else r.is_nonnegative

    for label, rw in rewrites:
        if _guarded(holds, rw) is True:
            return label
    return None


def _sqrt_substituted(e: sp.Expr) -> sp.Expr:
    """Replace each positive symbol t by t**2 (clears square roots such as sqrt(a b))."""
    pos = [s for s in e.free_symbols if s.is_positive]
    return e.xreplace({s: s**2 for s in pos})


def _prove_sign(g: sp.Expr, strict: bool, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                syms: Mapping[str, sp.Symbol], depth: int, monotone_only: bool = False) -> str | None:
    """Try to prove g > 0 (strict) or g >= 0 on the open box; returns a description of the argument or None."""
    present = [n for n in syms if n in dom and syms[n] in g.free_symbols]
    if not monotone_only:
        why = _prove_sign_direct(g, strict, dom, syms, present)
        if why is not None:
            return why
    if depth <= 0:
        return None
    return _prove_sign_monotone(g, strict, dom, syms, present, depth)


def _prove_sign_direct(g: sp.Expr, strict: bool, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                       syms: Mapping[str, sp.Symbol], present: Sequence[str]) -> str | None:
    # On the larger domain given by the symbols' own assumptions (positive where lo >= 0): sound, and often simpler.
    for label_pre, e in (("", g), ("after t -> t^2 of positive symbols, ", _sqrt_substituted(g))):
        label = _sign_true(e, strict)
        if label is not None:
            return (f"{label_pre}sympy's assumptions prove the gap {'> 0' if strict else '>= 0'} ({label}) for all "
                    f"values allowed by the symbols' assumptions, a superset of the box")
    subs, _ = _positive_params(dom, syms)
    gs = g.xreplace(subs)
    label = _sign_true(gs, strict)
    if label is not None:
        return f"sympy's assumptions prove the gap {'> 0' if strict else '>= 0'} ({label})"
    label = _sign_true(_sqrt_substituted(gs), strict)
    if label is not None:
        return f"after squaring-substitution of positive parameters, sympy proves the gap sign ({label})"
    if len(present) == 1:
        name = present[0]
        x = syms[name]
        lo, hi = dom[name]
        box = sp.Interval.open(lo, hi)
        sol = _guarded(solve_univariate_inequality, sp.Gt(g, 0) if strict else sp.Ge(g, 0), x,
                       relational=False, domain=box)
        if sol is not None and _guarded(box.is_subset, sol) is True:
            return f"solve_univariate_inequality: solution set {sol} contains {box}"
    return None


def _prove_sign_monotone(g: sp.Expr, strict: bool, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                         syms: Mapping[str, sp.Symbol], present: Sequence[str], depth: int) -> str | None:
    # Monotonicity: if dg/dx >= 0 on the box then g >= lim_{x -> lo+} g, a claim with one variable fewer.
    for name in present:
        x = syms[name]
        lo, hi = dom[name]
        dg = sp.diff(g, x)
        rest = {k: v for k, v in dom.items() if k != name}
        for sign, end, direction in ((1, lo, "+"), (-1, hi, "-")):
            why_d = _prove_sign(sign * dg, False, dom, syms, depth - 1)
            if why_d is None:
                continue
            face = _guarded(sp.limit, g, x, end, dir=direction)
            if face is None or face.has(sp.nan, sp.zoo) or face.has(sp.AccumBounds):
                continue
            why_f = _prove_sign(face, strict, rest, syms, depth - 1)
            if why_f is None and strict:
                why_d_strict = _prove_sign(sign * dg, True, dom, syms, depth - 1)
                why_f = _prove_sign(face, False, rest, syms, depth - 1) if why_d_strict else None
            if why_f is not None:
                mono = "increasing" if sign == 1 else "decreasing"
                return (f"the gap is {mono} in {name} ({why_d}), and its limit at {name} -> {end} is {face}, "
                        f"where: {why_f}")
    return None


def _symbolic_counterexample(g: sp.Expr, strict: bool, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                             syms: Mapping[str, sp.Symbol]) -> tuple[list[str], list[float], mpmath.mpf] | None:
    """A univariate counterexample from the complement of sympy's solution set, rigorously confirmed."""
    present = [n for n in syms if n in dom and syms[n] in g.free_symbols]
    if len(present) != 1 or any(n not in dom for n in syms):
        return None
    name = present[0]
    x = syms[name]
    box = sp.Interval.open(*dom[name])
    sol = _guarded(solve_univariate_inequality, sp.Gt(g, 0) if strict else sp.Ge(g, 0), x, relational=False,
                   domain=box)
    bad = None if sol is None else _guarded(lambda: box - sol)
    if bad is None:
        return None
    pieces = bad.args if isinstance(bad, sp.Union) else (bad,)
    names = sorted(syms)
    g_fn = _compile(g, names)
    for piece in pieces:
        if isinstance(piece, sp.Interval) and piece.measure > 0:
            lo, hi = piece.start, piece.end
            if lo == -sp.oo:
                lo = hi - 2 if hi != sp.oo else sp.Integer(-1)
            if hi == sp.oo:
                hi = lo + 2
            cand = [float((lo + hi) / 2)]
        elif isinstance(piece, sp.FiniteSet):
            cand = [float(p) for p in piece]
        else:
            continue
        for c in cand:
            value = _confirm(g_fn, names, [c], strict, dom)
            if value is not None:
                return names, [c], value
    return None


def prove_symbolic(lhs: Any, op: str, rhs: Any = 0, *, domain: Mapping[str, Any] | None = None,
                   assumptions: Mapping[str, Mapping[str, bool]] | None = None, depth: int = 2,
                   timeout: float = 5.0) -> Proof:
    """Try to prove ``lhs op rhs`` on the open box ``domain`` with sympy.

    Strategies, in order: sympy's assumptions system on the gap after substituting each bounded variable by a
    positive parameter (``x = lo + (hi - lo) t/(1 + t)``, ``t > 0``) under several rewrites (expand, factor, cancel,
    simplify); the same after ``t -> t^2`` (clears square roots); the comparison of logarithms when both sides are
    provably positive; ``solve_univariate_inequality`` and a set containment for one variable; and, up to ``depth``
    levels, a monotonicity argument (the derivative has a proved sign, and the limit at the corresponding endpoint
    satisfies the claim with one variable fewer).

    Args:
        lhs, rhs: sympy expressions (or numbers / strings sympy can parse).
        op: one of ``">=", "<=", ">", "<"``.
        domain: ``{name: (lo, hi)}`` (open box); symbols without a range keep their own assumptions.
        assumptions: ``{name: {"positive": True, ...}}``: extra assumptions for symbols not in ``domain``.
        depth: nesting of the monotonicity argument.
        timeout: seconds after which no further strategy is started (a running sympy call is interrupted by
            SIGALRM where that is possible, see ``_time_limit``); the result is then ``"inconclusive"``.

    Returns:
        A :class:`Proof` with method ``"symbolic"``: ``"verified"``, ``"refuted"`` (only for a univariate claim whose
        counterexample from the solution set was confirmed rigorously) or ``"inconclusive"``.

    Examples:
        >>> x = sp.Symbol("x")
        >>> prove_symbolic(sp.log(1 + x), "<=", x, domain={"x": (0, 10)}).status
        'verified'
    """
    start = time.perf_counter()
    op = _check_op(op)
    lhs_e, rhs_e = _sympify("lhs", lhs), _sympify("rhs", rhs)
    dom = _parse_domain({} if domain is None else domain)
    assumptions = _parse_assumptions(assumptions)
    depth = check_int("depth", depth, minimum=0)
    timeout = check_nonnegative("timeout", timeout)
    _DEADLINE.append(time.monotonic() + timeout)
    try:
        return _prove_symbolic(lhs_e, op, rhs_e, dom, assumptions, depth, start)
    finally:
        _DEADLINE.pop()


def _prove_symbolic(lhs_e: sp.Expr, op: str, rhs_e: sp.Expr, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                    assumptions: Mapping[str, Mapping[str, bool]] | None, depth: int, start: float) -> Proof:
    claim = _claim_text(lhs_e, op, rhs_e, dom, closed=False)
    # Rebuild symbols with the requested assumptions (domain ranges are handled by substitution).
    old = {**_symbols_by_name(lhs_e), **_symbols_by_name(rhs_e)}
    new: dict[str, sp.Symbol] = {}
    for name, s in old.items():
        extra = dict((assumptions or {}).get(name, {}))
        if name in dom:
            extra = {"positive": True} if bool(dom[name][0] >= 0) else {"real": True}
        new[name] = sp.Symbol(name, **extra) if extra else s
    rep = {old[n]: new[n] for n in old}
    lhs_e, rhs_e = lhs_e.xreplace(rep), rhs_e.xreplace(rep)
    g, strict = _gap(lhs_e, op, rhs_e)
    if g == 0 and not strict:
        return Proof("verified", "symbolic", claim, "the two sides are identical", None,
                     time.perf_counter() - start)
    why = _prove_sign(g, strict, dom, new, 0)
    if why is None:
        subs, _ = _positive_params(dom, new)
        big, small = (lhs_e, rhs_e) if op in (">=", ">") else (rhs_e, lhs_e)
        bs, ss = big.xreplace(subs), small.xreplace(subs)
        h = None
        if _guarded(lambda: bs.is_positive and ss.is_positive):
            h = _guarded(lambda: sp.expand(sp.expand_log(sp.log(bs), force=False)
                                           - sp.expand_log(sp.log(ss), force=False)))
        if h is not None:
            label = _sign_true(h, strict)
            if label is not None:
                why = f"both sides are positive and sympy proves the sign of log(greater) - log(lesser) ({label})"
    if why is None and depth > 0:
        why = _prove_sign(g, strict, dom, new, depth, monotone_only=True)
    elapsed = time.perf_counter() - start
    if why is not None:
        return Proof("verified", "symbolic", claim, f"{why}; on the open box {_domain_text(dom, False)}", None,
                     elapsed)
    if all(n in dom for n in new):
        found = _symbolic_counterexample(g, strict, dom, new)
        if found is not None:
            names, point, value = found
            return _refuted("symbolic", claim, names, point, value, start,
                            "sympy's solution set misses part of the domain")
    late = time.monotonic() >= _DEADLINE[-1]
    return Proof("inconclusive", "symbolic", claim,
                 "no symbolic strategy decided the claim" + (" before the timeout" if late else ""), None,
                 time.perf_counter() - start)


def prove_identity(lhs: Any, rhs: Any, *, domain: Mapping[str, Any] | None = None,
                   assumptions: Mapping[str, Mapping[str, bool]] | None = None, seed: int = 0) -> Proof:
    """Try to prove the identity ``lhs == rhs`` (for all values of the domain) with sympy.

    ``verified`` when one of simplify / expand / expand_log / powsimp / radsimp reduces ``lhs - rhs`` to 0 (with
    positive symbols where the domain makes them positive). Otherwise the difference is evaluated at a few random
    interior points (rational, deterministic from ``seed``); a point where it is rigorously nonzero refutes the
    identity. Otherwise ``inconclusive``.

    Examples:
        >>> n, s, eps = sp.symbols("n s eps", positive=True)
        >>> prove_identity(sp.exp(-2*n*s**2/16).subs(s, eps/6), sp.exp(-n*eps**2/288)).status
        'verified'
    """
    start = time.perf_counter()
    lhs_e, rhs_e = _sympify("lhs", lhs), _sympify("rhs", rhs)
    dom = _parse_domain({} if domain is None else domain)
    assumptions = _parse_assumptions(assumptions)
    seed = check_int("seed", seed, minimum=0)
    claim = f"{lhs_e} == {rhs_e} for {_domain_text(dom, False)}"
    old = {**_symbols_by_name(lhs_e), **_symbols_by_name(rhs_e)}
    rep = {}
    for name, s in old.items():
        extra = dict((assumptions or {}).get(name, {}))
        if name in dom:
            extra = {"positive": True} if bool(dom[name][0] >= 0) else {"real": True}
        if extra:
            rep[s] = sp.Symbol(name, **extra)
    diff = (lhs_e - rhs_e).xreplace(rep)
    for label, rw in (("simplify", sp.simplify), ("expand", sp.expand),
                      ("expand_log", lambda e: sp.simplify(sp.expand_log(e))),
                      ("powsimp", lambda e: sp.simplify(sp.powsimp(e, force=False))), ("radsimp", sp.radsimp)):
        try:
            if rw(diff) == 0:
                return Proof("verified", "symbolic", claim, f"lhs - rhs reduces to 0 ({label})", None,
                             time.perf_counter() - start)
        except Exception:  # noqa: BLE001
            continue
    names = sorted(old)
    if all(n in dom for n in names):
        rng = np.random.default_rng(seed)
        fn = _compile(diff, names)
        for _ in range(8):
            point = [float(_sample_unit(float(rng.random()), *dom[n])) for n in names]
            if not _inside(point, names, dom):
                continue
            b = _eval_iv(fn, [iv.mpf(p) for p in point], prec=200)
            if b is not None and (b[0] > 0 or b[1] < 0):
                value = _eval_mp(fn, point)
                cex = dict(zip(names, point))
                return Proof("refuted", "symbolic", claim,
                             f"at {cex}, lhs - rhs = {mpmath.nstr(value, 20)} (nonzero, interval-confirmed)", cex,
                             time.perf_counter() - start)
    return Proof("inconclusive", "symbolic", claim, "sympy did not reduce lhs - rhs to 0", None,
                 time.perf_counter() - start)


def _sample_unit(u: float, lo: Any, hi: Any) -> float:
    """Map u in (0, 1) into the range (lo, hi): linear, log-uniform for wide positive ranges, tan for infinite."""
    lo_f = float(lo) if lo != -sp.oo else -math.inf
    hi_f = float(hi) if hi != sp.oo else math.inf
    if math.isinf(lo_f) and math.isinf(hi_f):
        return math.tan(math.pi * (u - 0.5))
    if math.isinf(hi_f):
        return lo_f + u / (1 - u)
    if math.isinf(lo_f):
        return hi_f - u / (1 - u)
    if lo_f > 0 and hi_f / lo_f > 100:
        return math.exp(math.log(lo_f) + u * (math.log(hi_f) - math.log(lo_f)))
    return lo_f + u * (hi_f - lo_f)


# ----------------------------------------------------------------------------------------------------------------
# Interval route


_INF = mpmath.mpf("inf")


def _outward(value: sp.Expr, upper: bool) -> mpmath.mpf:
    if value == sp.oo:
        return _INF
    if value == -sp.oo:
        return -_INF
    b = _eval_iv(_compile(value, []), [])
    if b is None:
        raise InvalidParameter(f"domain endpoint {value} could not be evaluated")
    return b[1] if upper else b[0]


def _split_point(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf | None:
    """Where to bisect [a, b]: geometric-like (asinh midpoint) for finite ranges, doubling toward infinity."""
    with mpmath.workprec(53):
        if mpmath.isinf(a) and mpmath.isinf(b):
            m = mpmath.mpf(0)
        elif mpmath.isinf(b):
            m = 2 * a + 1 if a >= 0 else mpmath.mpf(0)
        elif mpmath.isinf(a):
            m = 2 * b - 1 if b <= 0 else mpmath.mpf(0)
        else:
            m = mpmath.sinh((mpmath.asinh(a) + mpmath.asinh(b)) / 2)
            if not a < m < b:
                m = a + (b - a) / 2
        m = mpmath.mpf(float(m))
    return m if a < m < b else None


def _size(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
    return mpmath.asinh(b) - mpmath.asinh(a)


def _volume(box: Sequence[tuple[mpmath.mpf, mpmath.mpf]], dims: Sequence[int]) -> mpmath.mpf:
    out = mpmath.mpf(1)
    for j in dims:
        a, b = box[j]
        out *= mpmath.atan(mpmath.asinh(b)) - mpmath.atan(mpmath.asinh(a))
    return out


def _as_gap_fn(expr_or_callable: Any, op: str, rhs: Any, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
               name: str = "lhs") -> tuple[_Fn, list[str], sp.Expr | None, bool, str]:
    """The claim as a compiled gap g (claim: g >= 0, or g > 0 if strict) over the ordered names."""
    strict = op in (">", "<")
    if callable(expr_or_callable) and not isinstance(expr_or_callable, sp.Basic):
        f = expr_or_callable
        names = list(dom)
        rhs_e = _sympify("rhs", rhs)
        if rhs_e.free_symbols:
            raise TypeError("rhs must be a number when the left-hand side is a callable")
        rhs_fn = _compile(rhs_e, [])
        sign = 1 if op in (">=", ">") else -1

        def g_fn(ctx: Any, xs: Sequence[Any]) -> Any:
            return sign * (f(**dict(zip(names, xs))) - rhs_fn(ctx, xs))
        label = getattr(f, "__name__", "f")
        return g_fn, names, None, strict, f"{label}({', '.join(names)}) {op} {rhs_e}"
    lhs_e, rhs_e = _sympify(name, expr_or_callable), _sympify("rhs", rhs)
    g, strict = _gap(lhs_e, op, rhs_e)
    names = _check_covered([g], dom)
    return _compile(g, names), names, g, strict, f"{lhs_e} {op} {rhs_e}"


def certify_interval(expr_or_callable: Any, domain: Mapping[str, Any], *, op: str = ">=", rhs: Any = 0,
                     max_boxes: int = 5000, tol: float = 0.0, monotonicity: bool = True) -> Proof:
    """Certify ``f op rhs`` on the closed box ``domain`` by branch and bound with interval arithmetic.

    Each box is enclosed with ``mpmath.iv`` (outward rounding). A box is certified when the enclosure of the gap
    ``g`` (``g = f - rhs`` for ``>=``/``>``, ``rhs - f`` for ``<=``/``<``) has lower bound ``>= 0`` (``> 0`` for a
    strict claim). For sympy expressions a monotonicity test first moves each variable whose partial derivative has
    a certified sign on the box to the minimising endpoint, which certifies inequalities that are tight at a corner
    (``log(1 + x) <= x`` at ``x = 0``). An uncertified box is bisected (at the asinh-midpoint of its widest side in
    asinh scale; infinite sides are cut at ``2a + 1``), after checking its midpoint: a rigorously violating
    midpoint refutes the claim.

    Args:
        expr_or_callable: a sympy expression in the names of ``domain``, or a callable taking those names as
            keyword arguments, each an ``mpmath.iv`` interval, and returning an interval (it must use ``mpmath.iv``
            functions).
        domain: ``{name: (lo, hi)}`` closed box; infinite endpoints are allowed (an expression is enclosed over an
            infinite range as far as interval arithmetic allows, e.g. ``exp(-x)`` on ``[1, inf]``).
        op: ``">=", "<=", ">", "<"``; ``rhs``: the right-hand side (an expression in the same names, or a number).
        max_boxes: budget of box evaluations.
        tol: certify the relaxed claim ``g >= -tol`` (``g > -tol``). A strict claim whose gap attains 0 on the closed
            box (equality at a touching point, e.g. ``1 + 2W/eta <= 10 W/eta`` at ``eta = 8W``) cannot be certified by
            intervals; with ``tol > 0`` the result's claim names the relaxed inequality whenever some box needed it.
        monotonicity: use the derivative-sign reduction (sympy input only).

    Returns:
        A :class:`Proof` with method ``"interval"``. ``"inconclusive"`` reports the uncertified boxes and their share of
        the domain, measured in the compactified coordinate ``arctan(asinh(x))`` per side.

    Examples:
        >>> x = sp.Symbol("x")
        >>> certify_interval(x - sp.log(1 + x), {"x": (0, 10)}).status
        'verified'
    """
    start = time.perf_counter()
    op = _check_op(op)
    max_boxes = check_int("max_boxes", max_boxes, minimum=1)
    tol = check_nonnegative("tol", tol)
    monotonicity = check_bool("monotonicity", monotonicity)
    dom = _parse_domain(domain)
    g_fn, names, g, strict, text = _as_gap_fn(expr_or_callable, op, rhs, dom, "expr_or_callable (lhs)")
    grads: list[_Fn | None] = [None] * len(names)
    syms = _symbols_by_name(g) if g is not None else {}
    idle = {j for j, n in enumerate(names) if g is not None and n not in syms}  # never split along these
    if g is not None and monotonicity:
        for j, n in enumerate(names):
            if n in syms:
                try:
                    grads[j] = _compile(sp.diff(g, syms[n]), names)
                except NotImplementedError:
                    grads[j] = None
    if tol > 0:
        relaxed = f"{text} (up to tolerance {tol:g}: gap {'>' if strict else '>='} -{tol:g})"
    claim_exact = f"{text} for {_domain_text(dom, True)}"
    root = [(_outward(dom[n][0], False), _outward(dom[n][1], True)) for n in names]
    dims = [j for j, (a, b) in enumerate(root) if a < b]
    total = _volume(root, dims) if dims else mpmath.mpf(1)
    thr = -mpmath.mpf(tol)
    counter = 0
    heap: list[tuple[float, int, list[tuple[mpmath.mpf, mpmath.mpf]]]] = [(-math.inf, 0, root)]
    evaluated = certified = by_mono = needed_tol = touching = 0
    stuck: list[list[tuple[mpmath.mpf, mpmath.mpf]]] = []
    undefined = 0

    def ok(lo: mpmath.mpf) -> bool:
        return lo > thr if strict else lo >= thr

    while heap and evaluated < max_boxes:
        _, _, box = heapq.heappop(heap)
        evaluated += 1
        xs = [iv.mpf([a, b]) for a, b in box]
        bounds = _eval_iv(g_fn, xs)
        used_mono = False
        if (bounds is None or not ok(bounds[0])) and any(grads):
            red = list(xs)
            for j, dfn in enumerate(grads):
                a, b = box[j]
                if dfn is None or a == b:
                    continue
                db = _eval_iv(dfn, red)
                if db is None:
                    continue
                if db[0] >= 0 and mpmath.isfinite(a):
                    red[j] = iv.mpf(a)
                elif db[1] <= 0 and mpmath.isfinite(b):
                    red[j] = iv.mpf(b)
            rb = _eval_iv(g_fn, red)
            if rb is not None and (bounds is None or rb[0] > bounds[0]):
                bounds, used_mono = rb, True
                point = [_bounds(r)[0] for r in red]
                if all(_bounds(r)[0] == _bounds(r)[1] for r in red) and _violates(rb, strict):
                    value = _confirm(g_fn, names, [float(p) for p in point], strict, dom)
                    if value is not None:
                        return _refuted("interval", claim_exact, names, [float(p) for p in point], value, start,
                                        "a corner reached by the monotonicity test violates the claim")
        if bounds is not None and ok(bounds[0]):
            certified += 1
            by_mono += used_mono
            needed_tol += bool(bounds[0] <= 0 if strict else bounds[0] < 0)
            continue
        if bounds is not None and strict and tol == 0 and bounds[0] == 0:
            touching += 1
            continue
        if bounds is None:
            undefined += 1
        mids = [_split_point(a, b) if a < b else a for a, b in box]
        mid = [m if m is not None else a for m, (a, b) in zip(mids, box)]
        if all(mpmath.isfinite(m) for m in mid):
            pb = _eval_iv(g_fn, [iv.mpf(m) for m in mid])
            if _violates(pb, strict):
                value = _confirm(g_fn, names, [float(m) for m in mid], strict, dom)
                if value is not None:
                    return _refuted("interval", claim_exact, names, [float(m) for m in mid], value, start,
                                    "the midpoint of an uncertified box violates the claim")
        splittable = [j for j, m in enumerate(mids) if m is not None and box[j][0] < box[j][1] and j not in idle]
        if not splittable:
            stuck.append(box)
            continue
        j = max(splittable, key=lambda k: _size(*box[k]))
        left, right = list(box), list(box)
        left[j] = (box[j][0], mids[j])
        right[j] = (mids[j], box[j][1])
        key = float(bounds[0]) if bounds is not None else -math.inf
        for child in (left, right):
            counter += 1
            heapq.heappush(heap, (key, counter, child))
    elapsed = time.perf_counter() - start
    open_boxes = [b for _, _, b in heap] + stuck
    if not open_boxes and touching == 0:
        claim = relaxed if (tol > 0 and needed_tol) else text
        detail = (f"certified on a cover of {certified} boxes ({by_mono} via the monotonicity test, {evaluated} "
                  f"box evaluations) of the closed box {_domain_text(dom, True)}")
        if tol > 0:
            detail += (f"; {needed_tol} boxes needed the tolerance {tol:g}, so the exact claim is "
                       f"{'NOT established' if needed_tol else 'established'}")
        return Proof("verified", "interval", f"{claim} for {_domain_text(dom, True)}", detail, None, elapsed)
    # a box thinner than the working precision has volume 0 in arctan(asinh) coordinates: report it as all open
    share = (sum((_volume(b, dims) for b in open_boxes), mpmath.mpf(0)) / total) if dims and total > 0 else mpmath.mpf(1)
    parts = [f"{certified} boxes certified in {evaluated} evaluations"]
    if open_boxes:
        parts.append(f"{len(open_boxes)} boxes uncertified ({'budget max_boxes exhausted' if heap else 'too thin'}"
                     f"), covering {mpmath.nstr(share, 3)} of the domain (arctan(asinh) coordinates)")
    if undefined:
        parts.append(f"the expression was undefined or unbounded on {undefined} boxes")
    if touching:
        parts.append(f"on {touching} boxes the gap's lower bound is exactly 0: the non-strict inequality holds "
                     f"there but the strict one is not certified (equality is attained on the closed box, e.g. "
                     f"at a boundary point of an open domain); pass tol > 0 to certify a relaxed claim")
    return Proof("inconclusive", "interval", claim_exact, "; ".join(parts), None, elapsed)


# ----------------------------------------------------------------------------------------------------------------
# Counterexample search


def _map_unit(u: np.ndarray, lo: sp.Expr, hi: sp.Expr) -> np.ndarray:
    lo_f = -math.inf if lo == -sp.oo else float(lo)
    hi_f = math.inf if hi == sp.oo else float(hi)
    with np.errstate(all="ignore"):
        if math.isinf(lo_f) and math.isinf(hi_f):
            return np.tan(np.pi * (u - 0.5))
        if math.isinf(hi_f):
            return lo_f + u / (1 - u)
        if math.isinf(lo_f):
            return hi_f - u / (1 - u)
        if lo_f > 0 and hi_f / lo_f > 100:
            return np.exp(math.log(lo_f) + u * (math.log(hi_f) - math.log(lo_f)))
        return lo_f + u * (hi_f - lo_f)


def search_counterexample(f: Any, domain: Mapping[str, Any], *, op: str = ">=", rhs: Any = 0,
                          seed: int | None = None, rng: np.random.Generator | None = None, budget: int = 2000,
                          starts: int = 4) -> Proof:
    """Look for a point of the open box where ``f op rhs`` fails.

    Random sampling (uniform, log-uniform on positive ranges wider than a factor 100, ``lo + u/(1 - u)`` on
    half-infinite ranges) uses about 70% of ``budget`` function evaluations; bounded L-BFGS-B from the ``starts``
    best points uses the rest. A candidate is confirmed at 50 digits with mpmath, and, for sympy input, rigorously
    by interval arithmetic at the point. Only a confirmed candidate refutes; otherwise the result is
    ``"inconclusive"`` and reports the number of evaluations and the least gap found (a search is never a proof).

    Args:
        f: a sympy expression in the names of ``domain``, or a callable taking them as keyword float arguments (and
            accepting ``mpmath.mpf`` for the confirmation; confirmation of a callable is at 50 digits, not interval).
        domain: ``{name: (lo, hi)}``; ``op``, ``rhs``: the claim ``f op rhs``.
        seed, rng: randomness (one of them; ``seed=None`` and ``rng=None`` means seed 0).
        budget: total number of function evaluations.
        starts: number of local optimisations.

    Examples:
        >>> x = sp.Symbol("x")
        >>> search_counterexample(x**2, {"x": (0, 2)}, op=">=", rhs=x, seed=1).status
        'refuted'
    """
    start = time.perf_counter()
    op = _check_op(op)
    budget = check_int("budget", budget, minimum=10)
    starts = check_int("starts", starts, minimum=0)
    if rng is None:
        rng = np.random.default_rng(check_int("seed", 0 if seed is None else seed, minimum=0))
    else:
        rng = check_rng("rng", rng)
    dom = _parse_domain(domain)
    g_fn, names, g, strict, text = _as_gap_fn(f, op, rhs, dom, "f (lhs)") \
        if not callable(f) or isinstance(f, sp.Basic) \
        else (None, list(dom), None, op in (">", "<"), f"{getattr(f, '__name__', 'f')} {op} {rhs}")
    claim = f"{text} for {_domain_text(dom, False)}"
    k = len(names)
    sign = 1.0 if op in (">=", ">") else -1.0
    if g is not None:
        gsyms = _symbols_by_name(g)
        vec = sp.lambdify([gsyms.get(n, sp.Symbol(n)) for n in names], g, modules="numpy")

        def gap(points: np.ndarray) -> np.ndarray:
            with np.errstate(all="ignore"):
                out = np.broadcast_to(np.asarray(vec(*points.T), dtype=float), (points.shape[0],))
            return np.where(np.isfinite(out), out, np.inf)
    else:
        rhs_f = float(_sympify("rhs", rhs))

        def gap(points: np.ndarray) -> np.ndarray:
            out = np.empty(points.shape[0])
            for i, p in enumerate(points):
                try:
                    with np.errstate(all="ignore"):
                        out[i] = sign * (float(f(**dict(zip(names, p.tolist())))) - rhs_f)
                except (ValueError, ZeroDivisionError, OverflowError):
                    out[i] = np.inf
            return np.where(np.isfinite(out), out, np.inf)

    def to_x(u: np.ndarray) -> np.ndarray:
        return np.stack([_map_unit(u[:, j], *dom[n]) for j, n in enumerate(names)], axis=1)

    def confirm(x: np.ndarray) -> mpmath.mpf | None:
        pt = [float(v) for v in x]
        if g_fn is not None:
            return _confirm(g_fn, names, pt, strict, dom)
        if not _inside(pt, names, dom):
            return None
        with mpmath.workdps(_CONFIRM_DPS):
            try:
                val = sign * (f(**{n: mpmath.mpf(v) for n, v in zip(names, pt)}) - _sympify("rhs", rhs).evalf(60))
                val = mpmath.mpf(str(val)) if not isinstance(val, mpmath.mpf) else val
            except (ValueError, ZeroDivisionError, TypeError):
                return None
        return val if (val <= 0 if strict else val < 0) else None

    def bad(v: float) -> bool:
        return v <= 0 if strict else v < 0

    n_sample = max(1, int(0.7 * budget))
    u = rng.uniform(1e-9, 1 - 1e-9, size=(n_sample, k))
    x = to_x(u)
    vals = gap(x)
    evals = n_sample
    order = np.argsort(vals, kind="stable")
    for i in order[:5]:
        if bad(vals[i]):
            value = confirm(x[i])
            if value is not None:
                return _refuted_search(claim, names, x[i], value, evals, start, g_fn is not None)
    best_val, best_x = float(vals[order[0]]), x[order[0]]
    if starts and k:
        from scipy.optimize import minimize

        per = max(5, (budget - n_sample) // starts)
        for i in order[:starts]:
            def obj(v: np.ndarray) -> float:
                return float(min(gap(to_x(v[None, :]))[0], 1e300))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = minimize(obj, u[i], method="L-BFGS-B", bounds=[(1e-12, 1 - 1e-12)] * k,
                               options={"maxfun": per})
            evals += int(res.nfev)
            xr = to_x(np.asarray(res.x)[None, :])[0]
            vr = float(gap(xr[None, :])[0])
            if vr < best_val:
                best_val, best_x = vr, xr
            if bad(vr):
                value = confirm(xr)
                if value is not None:
                    return _refuted_search(claim, names, xr, value, evals, start, g_fn is not None)
    where = {n: float(v) for n, v in zip(names, best_x)}
    return Proof("inconclusive", "search", claim,
                 f"no confirmed violation in {evals} evaluations (random sampling then L-BFGS-B); least gap found "
                 f"{best_val:.6g} at {where}; a search is not a proof", None, time.perf_counter() - start)


def _refuted_search(claim: str, names: Sequence[str], x: np.ndarray, value: mpmath.mpf, evals: int, start: float,
                    rigorous: bool) -> Proof:
    cex = {n: float(v) for n, v in zip(names, x)}
    how = "sign confirmed by interval arithmetic" if rigorous else "callable evaluated with mpmath inputs"
    return Proof("refuted", "search", claim,
                 f"after {evals} evaluations: at {cex} the gap (claim: gap >= 0) is {mpmath.nstr(value, 20)} "
                 f"(mpmath, {_CONFIRM_DPS} digits; {how})", cex, time.perf_counter() - start)


# ----------------------------------------------------------------------------------------------------------------
# All routes


def check_inequality(lhs: Any, op: str, rhs: Any, domain: Mapping[str, Any], *, seed: int = 0,
                     max_boxes: int = 2000, budget: int = 2000, tol: float = 0.0, timeout: float = 3.0) -> Proof:
    """Decide ``lhs op rhs`` on ``domain``: symbolic first, then interval arithmetic, then counterexample search.

    Returns the first decisive :class:`Proof` (``"verified"`` or ``"refuted"``), whose ``method`` says which route
    succeeded, with every attempt in ``attempts``. ``timeout`` bounds the symbolic route (seconds), ``max_boxes``
    and ``tol`` are passed to :func:`certify_interval`, ``seed`` and ``budget`` to :func:`search_counterexample`. If no route decides, returns ``"inconclusive"`` with the
    attempts' details joined (method ``"search"``, the last route tried).

    Examples:
        >>> a, b = sp.symbols("a b", positive=True)
        >>> check_inequality(sp.sqrt(a*b), "<=", (a + b)/2, {"a": (0, 10), "b": (0, 10)}).method
        'symbolic'
    """
    start = time.perf_counter()
    # validate everything up front: a route that is never reached must not hide a bad argument
    _check_op(op)
    _parse_domain(domain)
    seed = check_seed("seed", seed)
    max_boxes = check_int("max_boxes", max_boxes, minimum=1)
    budget = check_int("budget", budget, minimum=10)
    tol = check_nonnegative("tol", tol)
    timeout = check_nonnegative("timeout", timeout)
    attempts: list[Proof] = []
    runs: tuple[Callable[[], Proof], ...] = (
        lambda: prove_symbolic(lhs, op, rhs, domain=domain, timeout=timeout),
        lambda: certify_interval(lhs, domain, op=op, rhs=rhs, max_boxes=max_boxes, tol=tol),
        lambda: search_counterexample(lhs, domain, op=op, rhs=rhs, seed=seed, budget=budget),
    )
    for run in runs:
        res = run()
        attempts.append(res)
        if res.status != "inconclusive":
            out = Proof(res.status, res.method, res.claim, res.detail, res.counterexample,
                        time.perf_counter() - start, ())
            return Proof(out.status, out.method, out.claim, out.detail, out.counterexample, out.elapsed,
                         tuple(attempts))
    detail = " | ".join(f"{a.method}: {a.detail}" for a in attempts)
    return Proof("inconclusive", "search", attempts[0].claim, detail, None, time.perf_counter() - start,
                 tuple(attempts))
