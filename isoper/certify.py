"""Proofs of inequality steps: symbolic (sympy), certified ball arithmetic (Arb), counterexample search.

A step of a paper's proof is often an elementary inequality between explicit expressions, e.g.

.. math::  2 e^{-n\\epsilon^2/8^3} \\le 1 \\quad\\text{whenever}\\quad n\\epsilon^2 \\ge 8^3 \\log 2,
           \\qquad \\log(1 + x) \\le x \\ (x > 0), \\qquad \\sqrt{ab} \\le (a + b)/2.

This module decides such claims, or says honestly that it could not. Every function returns a :class:`Proof`, a frozen
record with a ``status`` in ``{"verified", "refuted", "inconclusive"}``, the ``method`` that produced it
(``"symbolic"``, ``"interval"``, ``"search"``), the ``claim``, a human-readable ``detail`` and, for a refutation, a
``counterexample`` (a dict of parameter values).

The rules, which every route follows:

* ``verified`` only when sympy established the claim (a ``True`` from the assumptions system, a set containment, an
  exact simplification to zero, or a monotonicity argument each of whose parts is one of these), or when Arb ball
  arithmetic (python-flint; rigorous error bounds for every elementary and special function it evaluates) bounded
  the expression on every box of a cover of the closed domain.
* ``refuted`` only with a concrete interior point of the domain at which the claim fails, confirmed by a ball
  evaluation at that point at 200 bits (sympy expressions) or by mpmath at 50 digits (plain callables).
* ``inconclusive`` otherwise, with the reason (a function with no rigorous rule is named; a search that finds
  nothing is not a proof).

Limits that hold: the decisive work is bounded by counts (boxes for the interval route, evaluations for the search),
so a call gives the same verdict on a fast or a slow machine. The wall-clock limit is a safety net: the loops check
it cooperatively, and sympy (which can run for minutes on one call) runs in a forked worker process that is killed
at the limit, so no signal handler is involved and the limit cannot be lost.

Domains are boxes ``{name: (lo, hi)}``; an endpoint may be infinite (``float("inf")``, ``sympy.oo``). The symbolic
route proves claims on the open box; the interval route on the closed box (which implies the open one wherever the
expression is defined there); counterexamples are always interior points. Constraints that are not boxes (e.g.
``n eps^2 >= 8^3 log 2``) are handled by substitution: write ``n = (8**3*log(2) + t)/eps**2`` with ``t >= 0``.
"""

from __future__ import annotations

import math
import multiprocessing
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
from flint import arb
from mpmath import iv
from sympy.solvers.inequalities import solve_univariate_inequality

from . import _arb, _bnb
from ._validate import InvalidParameter, check_bool, check_int, check_nonnegative, check_rng, check_seed

__all__ = [
    "CertifyResult",
    "Proof",
    "certify_interval",
    "check_inequality",
    "prove_identity",
    "prove_symbolic",
    "search_counterexample",
]

Status = Literal["verified", "refuted", "inconclusive"]
Method = Literal["symbolic", "interval", "search"]
_OPS = (">=", "<=", ">", "<")
_CONFIRM_BITS = 200
_CONFIRM_DPS = 50


@dataclass(frozen=True)
class Proof:
    """The outcome of one attempt to decide an inequality (or identity) claim.

    Attributes:
        status: ``"verified"``, ``"refuted"`` or ``"inconclusive"``.
        method: ``"symbolic"``, ``"interval"`` or ``"search"``: the route that produced this status.
        claim: the claim as decided, e.g. ``"log(x + 1) <= x for x in [0, 10]"``.
        detail: what was proved and on which domain, or the counterexample and its value, or why no decision.
        counterexample: parameter values (floats) at which the claim fails, for ``"refuted"``; else ``None``.
        elapsed: wall-clock seconds spent.
        attempts: for :func:`check_inequality`, every route tried, in order (this one included).
        route: the precise route, e.g. ``"interval/arb"``, ``"symbolic/worker"``, ``"search/arb"``.
        boxes: box evaluations spent by the interval route (0 for the other routes).
    """

    status: Status
    method: Method
    claim: str
    detail: str
    counterexample: dict[str, float] | None = None
    elapsed: float = 0.0
    attempts: tuple[Proof, ...] = field(default=(), repr=False)
    route: str = ""
    boxes: int = 0

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
            "route": self.route,
            "claim": self.claim,
            "detail": self.detail,
            "counterexample": None if self.counterexample is None else dict(self.counterexample),
            "elapsed": self.elapsed,
            "boxes": self.boxes,
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
# Rigorous evaluation (isoper._arb): sympy trees and mpmath.iv callables as interval functions over exact boxes

_Fn = _arb.Fn
_Unsupported = _arb.Unsupported


def _compile(expr: sp.Expr, names: Sequence[str]) -> _Fn:
    """The enclosure function of ``expr`` (raises ``_arb.Unsupported`` naming a function with no rule)."""
    return _arb.compile_expr(sp.sympify(expr), names)


def _exact(x: float) -> arb:
    return arb(float(x))


def _point(values: Sequence[float]) -> list[_arb.Interval]:
    return [(_exact(v), _exact(v)) for v in values]


def _ball_text(v: _arb.Interval) -> str:
    lo, hi = v
    with _arb.precision(_CONFIRM_BITS):
        ball = arb.union(lo, hi) if lo != hi else lo
        return ball.str(20, radius=True)


def _violates(bounds: _arb.Interval | None, strict: bool) -> bool:
    """Rigorously, g < 0 (or g <= 0 for a strict claim g > 0) at a point with enclosure ``bounds``."""
    return bounds is not None and bool(bounds[1] <= 0 if strict else bounds[1] < 0)


def _inside(point: Sequence[float], names: Sequence[str], dom: Mapping[str, tuple[sp.Expr, sp.Expr]]) -> bool:
    """Whether the point lies in the open box (exact rational comparison)."""
    for x, name in zip(point, names):
        if not math.isfinite(float(x)):
            return False
        lo, hi = dom[name]
        q = sp.Rational(float(x))
        if not (bool(q > lo) and bool(q < hi)):
            return False
    return True


def _confirm(g_fn: _Fn, names: Sequence[str], point: Sequence[float], strict: bool,
             dom: Mapping[str, tuple[sp.Expr, sp.Expr]]) -> _arb.Interval | None:
    """The 200-bit enclosure of g at ``point`` if the point is interior and the enclosure violates the claim."""
    if not _inside(point, names, dom):
        return None
    v = _arb.evaluate(g_fn, _point(point), prec=_CONFIRM_BITS)
    return v if _violates(v, strict) else None


def _refuted(method: Method, claim: str, names: Sequence[str], point: Sequence[float], value: Any,
             start: float, how: str, route: str, boxes: int = 0) -> Proof:
    cex = {n: float(x) for n, x in zip(names, point)}
    return Proof("refuted", method, claim,
                 f"{how}: at {cex} the gap lhs - rhs (oriented so the claim reads gap >= 0) is "
                 f"{_value_text(value)}", cex, time.perf_counter() - start, route=route, boxes=boxes)


def _value_text(value: Any) -> str:
    if isinstance(value, tuple):
        return f"{_ball_text(value)} (Arb ball at {_CONFIRM_BITS} bits: the sign is certain)"
    return f"{mpmath.nstr(value, 20)} (mpmath, {_CONFIRM_DPS} digits)"


def _mpf_of(v: arb) -> mpmath.mpf:
    """The exact mpmath value of an exact arb (a dyadic number or an infinity)."""
    if not v.is_finite():
        return mpmath.inf if v > 0 else -mpmath.inf
    man, exp = v.man_exp()
    return mpmath.mpf((int(man), int(exp)))


def _arb_of(v: mpmath.mpf) -> arb:
    if mpmath.isnan(v):
        raise _arb.Undefined("nan")
    if mpmath.isinf(v):
        return _arb.PINF if v > 0 else _arb.NINF
    sign, man, exp, _ = v._mpf_
    return arb((-int(man) if sign else int(man), int(exp))) if man else _arb.ZERO


def _callable_fn(f: Callable[..., Any], names: Sequence[str]) -> _Fn:
    """A user callable on ``mpmath.iv`` intervals (the documented contract) as an enclosure over exact boxes."""

    def fn(xs: Sequence[_arb.Interval]) -> _arb.Interval:
        old = iv.prec
        iv.prec = 53
        try:
            args = {n: iv.mpf([_mpf_of(a), _mpf_of(b)]) for n, (a, b) in zip(names, xs)}
            v = f(**args)
            if not isinstance(v, iv.mpf):
                v = iv.mpf(v)
            lo, hi = v.a, v.b
            out = (_arb_of(mpmath.mpf(lo)), _arb_of(mpmath.mpf(hi)))
        except _arb.Undefined:
            raise
        except Exception as exc:  # a user callable failing on a box: undefined there, never a verdict
            raise _arb.Undefined(f"the callable raised {type(exc).__name__}") from exc
        finally:
            iv.prec = old
        return out

    return fn


def _eval_point_float(g_fn: _Fn, values: Sequence[float]) -> float:
    """A float near g at a point, from its rigorous enclosure (``inf`` where undefined); for the search."""
    v = _arb.evaluate(g_fn, _point(values))
    if v is None:
        return math.inf
    lo, hi = v
    try:
        return float(((lo + hi) / 2).mid()) if lo.is_finite() and hi.is_finite() else math.inf
    except (OverflowError, ValueError):
        return math.inf


# ----------------------------------------------------------------------------------------------------------------
# A worker process for sympy: killed at the time limit, so a hanging simplification cannot outlive its call


_IN_WORKER = [False]


def _fork_context() -> Any:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return None


def _worker_main(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _IN_WORKER[0] = True
    try:
        result = ("ok", fn(*args))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as no verdict
        result = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(result)
    finally:
        conn.close()


def _run_limited(fn: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> tuple[str, Any]:
    """``("ok", fn(*args))`` computed in a forked worker, or ``("timeout", None)`` / ``("error", message)``.

    The worker is killed (SIGKILL, from the parent) once ``seconds`` have passed; the parent only waits on a pipe, so
    no signal handler of this process is involved. Without fork (or inside a worker) the call runs here, with the
    cooperative deadline of ``_guarded`` as its only limit.
    """
    mp = _fork_context()
    if mp is None or _IN_WORKER[0]:
        try:
            return "ok", fn(*args)
        except Exception as exc:  # noqa: BLE001
            return "error", f"{type(exc).__name__}: {exc}"
    recv, send = mp.Pipe(duplex=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Python >= 3.12 warns on fork in a threaded process
        proc = mp.Process(target=_worker_main, args=(send, fn, args), daemon=True)
        proc.start()
    send.close()
    try:
        if recv.poll(max(0.0, seconds)):
            try:
                return recv.recv()
            except (EOFError, OSError):
                return "error", "the worker ended without an answer"
        return "timeout", None
    finally:
        recv.close()
        if proc.is_alive():
            proc.kill()
        proc.join(1.0)


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
    """Interrupt one sympy step after ``seconds`` with SIGALRM, only inside a forked worker (whose parent kills it at
    the call's limit whatever happens here); elsewhere the block runs unguarded, and the call's deadline is checked
    between steps."""
    usable = (_IN_WORKER[0] and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
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
                             syms: Mapping[str, sp.Symbol]) -> tuple[list[str], list[float], Any] | None:
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
    try:
        g_fn = _compile(g, names)
    except _Unsupported:
        return None
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
        timeout: wall-clock limit in seconds. sympy runs in a forked worker process that is killed at the limit
            (no signal handler in the calling process); the result is then ``"inconclusive"``. The symbolic route is
            the one route whose outcome can depend on the machine's speed.

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
    return _symbolic_limited(lhs_e, op, rhs_e, dom, assumptions, depth, timeout, start)


def _symbolic_job(lhs_e: sp.Expr, op: str, rhs_e: sp.Expr, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                  assumptions: Mapping[str, Mapping[str, bool]] | None, depth: int, timeout: float,
                  start: float) -> Proof:
    _DEADLINE.append(time.monotonic() + timeout)
    try:
        return _prove_symbolic(lhs_e, op, rhs_e, dom, assumptions, depth, start)
    finally:
        _DEADLINE.pop()


def _symbolic_limited(lhs_e: sp.Expr, op: str, rhs_e: sp.Expr, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                      assumptions: Mapping[str, Mapping[str, bool]] | None, depth: int, timeout: float,
                      start: float) -> Proof:
    """The symbolic route in a worker process stopped after ``timeout`` seconds (plus its start-up)."""
    kind, res = _run_limited(_symbolic_job, (lhs_e, op, rhs_e, dom, assumptions, depth, timeout, start), timeout)
    if kind == "ok":
        return Proof(res.status, res.method, res.claim, res.detail, res.counterexample, time.perf_counter() - start,
                     route="symbolic/worker" if not _IN_WORKER[0] else "symbolic")
    claim = _claim_text(lhs_e, op, rhs_e, dom, closed=False)
    why = (f"sympy did not finish within the time limit of {timeout:g} s (its worker process was stopped)"
           if kind == "timeout" else f"sympy failed ({res})")
    return Proof("inconclusive", "symbolic", claim, why, None, time.perf_counter() - start, route="symbolic/worker")


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
                            "sympy's solution set misses part of the domain", "symbolic")
    late = time.monotonic() >= _DEADLINE[-1]
    return Proof("inconclusive", "symbolic", claim,
                 "no symbolic strategy decided the claim" + (" before the timeout" if late else ""), None,
                 time.perf_counter() - start)


def prove_identity(lhs: Any, rhs: Any, *, domain: Mapping[str, Any] | None = None,
                   assumptions: Mapping[str, Mapping[str, bool]] | None = None, seed: int = 0,
                   timeout: float = 10.0) -> Proof:
    """Try to prove the identity ``lhs == rhs`` (for all values of the domain) with sympy.

    ``verified`` when one of simplify / expand / expand_log / powsimp / radsimp reduces ``lhs - rhs`` to 0 (with
    positive symbols where the domain makes them positive). Otherwise the difference is evaluated at a few random
    interior points (rational, deterministic from ``seed``); a point where it is rigorously nonzero refutes the
    identity (Arb ball at 200 bits). Otherwise ``inconclusive``. The simplifications run in a worker process stopped
    after ``timeout`` seconds.

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
    timeout = check_nonnegative("timeout", timeout)
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
    kind, label = _run_limited(_identity_job, (diff,), timeout)
    if kind == "ok" and label is not None:
        return Proof("verified", "symbolic", claim, f"lhs - rhs reduces to 0 ({label})", None,
                     time.perf_counter() - start, route="symbolic/worker")
    names = sorted(old)
    if all(n in dom for n in names):
        rng = np.random.default_rng(seed)
        try:
            fn = _compile(diff, names)
        except _Unsupported:
            fn = None
        for _ in range(8 if fn is not None else 0):
            point = [float(_sample_unit(float(rng.random()), *dom[n])) for n in names]
            if not _inside(point, names, dom):
                continue
            b = _arb.evaluate(fn, _point(point), prec=_CONFIRM_BITS)
            if b is not None and (b[0] > 0 or b[1] < 0):
                cex = dict(zip(names, point))
                return Proof("refuted", "symbolic", claim,
                             f"at {cex}, lhs - rhs = {_value_text(b)} (nonzero)", cex, time.perf_counter() - start,
                             route="symbolic/arb")
    why = "sympy did not reduce lhs - rhs to 0" + ("" if kind != "timeout" else f" within {timeout:g} s")
    return Proof("inconclusive", "symbolic", claim, why, None, time.perf_counter() - start, route="symbolic/worker")


def _identity_job(diff: sp.Expr) -> str | None:
    for label, rw in (("simplify", sp.simplify), ("expand", sp.expand),
                      ("expand_log", lambda e: sp.simplify(sp.expand_log(e))),
                      ("powsimp", lambda e: sp.simplify(sp.powsimp(e, force=False))), ("radsimp", sp.radsimp)):
        try:
            if rw(diff) == 0:
                return label
        except Exception:  # noqa: BLE001, S112 - a rewrite that fails proves nothing; try the next one
            continue
    return None


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
# Interval route: branch and bound with Arb enclosures (isoper._bnb)


def _outward(value: sp.Expr, upper: bool) -> arb:
    if value == sp.oo:
        return _arb.PINF
    if value == -sp.oo:
        return _arb.NINF
    try:
        b = _arb.evaluate(_compile(value, []), [])
    except _Unsupported:
        b = None
    if b is None:
        raise InvalidParameter(f"domain endpoint {value} could not be evaluated")
    return b[1] if upper else b[0]


def _as_gap_fn(expr_or_callable: Any, op: str, rhs: Any, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
               name: str = "lhs") -> tuple[_Fn | None, list[str], sp.Expr | None, bool, str, str | None]:
    """The claim as an enclosure function of the gap g (claim: g >= 0, or g > 0 if strict) over the ordered names.

    Returns (g_fn, names, g, strict, text, unsupported): ``g_fn`` is None and ``unsupported`` names the function when
    some function in the claim has no rigorous rule.
    """
    strict = op in (">", "<")
    if callable(expr_or_callable) and not isinstance(expr_or_callable, sp.Basic):
        f = expr_or_callable
        names = list(dom)
        rhs_e = _sympify("rhs", rhs)
        if rhs_e.free_symbols:
            raise TypeError("rhs must be a number when the left-hand side is a callable")
        label = getattr(f, "__name__", "f")
        text = f"{label}({', '.join(names)}) {op} {rhs_e}"
        try:
            rhs_fn = _compile(rhs_e, [])
        except _Unsupported as exc:
            return None, names, None, strict, text, exc.name
        f_fn = _callable_fn(f, names)
        sign = 1 if op in (">=", ">") else -1

        def g_fn(xs: Sequence[_arb.Interval]) -> _arb.Interval:
            d = _arb.add(f_fn(xs), _arb.neg(rhs_fn(xs)))
            return d if sign == 1 else _arb.neg(d)
        return g_fn, names, None, strict, text, None
    lhs_e, rhs_e = _sympify(name, expr_or_callable), _sympify("rhs", rhs)
    g, strict = _gap(lhs_e, op, rhs_e)
    names = _check_covered([g], dom)
    text = f"{lhs_e} {op} {rhs_e}"
    try:
        return _compile(g, names), names, g, strict, text, None
    except _Unsupported as exc:
        return None, names, g, strict, text, exc.name
    except Exception as exc:  # noqa: BLE001 - a form the compiler does not know: no verdict, and say what it was
        return None, names, g, strict, text, f"{type(exc).__name__} ({exc}) while compiling {g}"


_ORDER = 5  # pure partial derivatives used per variable (Taylor forms at the ends of a side, see _bnb._derivative)


def _meet(f1: _Fn, f2: _Fn) -> _Fn:
    """The intersection of two enclosures of the same function (either alone where the other is undefined)."""

    def fn(xs: Sequence[_arb.Interval]) -> _arb.Interval:
        try:
            a = f1(xs)
        except _arb.Undefined:
            return f2(xs)
        try:
            b = f2(xs)
        except _arb.Undefined:
            return a
        lo, hi = max(a[0], b[0]), min(a[1], b[1])
        return (lo, hi) if lo <= hi else a
    return fn


class _W0(sp.Function):
    """The principal branch of Lambert W, differentiated as W' = exp(-W)/(1 + W): equal to sympy's
    W/(z (1 + W)) for z != 0, and defined at z = 0 (so the derivative has an enclosure on boxes touching 0)."""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        w = self.func(*self.args)
        return sp.exp(-w) / (1 + w)


def _gradients(g: sp.Expr | None, names: Sequence[str]) -> list[list[_Fn] | None]:
    """Per variable, enclosure functions of d^k g / dx^k for k = 1 .. _ORDER (as far as the rules reach)."""
    syms = _symbols_by_name(g) if g is not None else {}
    out: list[list[_Fn] | None] = []
    if g is not None and g.has(sp.LambertW):
        g = g.replace(lambda e: isinstance(e, sp.LambertW) and len(e.args) == 1, lambda e: _W0(e.args[0]))
    for n in names:
        chain: list[_Fn] = []
        if n in syms:
            d = g
            for _ in range(_ORDER):
                try:
                    d = sp.diff(d, syms[n])
                    if sp.count_ops(d) > 150:
                        break
                    # common factors pulled out (2(1 - e^{-x^2})/sqrt(pi), not 2/sqrt(pi) - 2e^{-x^2}/sqrt(pi)), so a
                    # derivative that vanishes at a point evaluates to an exact 0 there
                    dd = d.replace(_W0, sp.LambertW) if d.has(_W0) else d
                    plain = _compile(dd, names)
                    pulled = sp.factor_terms(dd)
                    chain.append(plain if pulled == dd else _meet(plain, _compile(pulled, names)))
                except Exception:  # noqa: BLE001 - no rule for a derivative: the chain stops there
                    break
        out.append(chain or None)
    return out


def certify_interval(expr_or_callable: Any, domain: Mapping[str, Any], *, op: str = ">=", rhs: Any = 0,
                     max_boxes: int = 5000, tol: float = 0.0, monotonicity: bool = True,
                     timeout: float = 60.0) -> Proof:
    """Certify ``f op rhs`` on the closed box ``domain`` by branch and bound with Arb ball arithmetic.

    The gap ``g`` (``f - rhs`` for ``>=``/``>``, ``rhs - f`` for ``<=``/``<``) is enclosed on each box by the best of
    its natural interval extension, a monotonicity reduction (a variable whose partial derivative has a certified
    sign on the box moves to the minimising face: this certifies inequalities tight at a corner, such as
    ``log(1 + x) <= x`` at ``x = 0``, and handles infinite sides) and the mean-value form with a rigorous derivative
    enclosure. A box is certified when the lower bound is ``>= 0`` (``> 0`` if strict); otherwise its centre is
    checked (a violation confirmed by a 200-bit ball evaluation at an interior point refutes the claim) and the box is
    split along its most useful side. Every function sympy can write has a rule in :mod:`isoper._arb` or makes the
    result ``"inconclusive"`` with the function's name.

    Args:
        expr_or_callable: a sympy expression in the names of ``domain``, or a callable taking those names as
            keyword arguments, each an ``mpmath.iv`` interval, and returning an interval (it must use ``mpmath.iv``
            functions; no derivative is used for it).
        domain: ``{name: (lo, hi)}`` closed box; infinite endpoints are allowed.
        op: ``">=", "<=", ">", "<"``; ``rhs``: the right-hand side (an expression in the same names, or a number).
        max_boxes: budget of box evaluations (the decisive limit: the verdict does not depend on the clock).
        tol: also certify the relaxed claim ``g >= -tol`` (``g > -tol``). The status stays about the exact claim:
            when some box needed the tolerance the result is ``"inconclusive"`` and its detail says the relaxed claim
            was certified (e.g. a strict claim that attains equality on the closed box).
        monotonicity: use the derivative enclosures (the monotonicity reduction and the mean-value form).
        timeout: wall-clock safety net in seconds, checked once per box.

    Returns:
        A :class:`Proof` with method ``"interval"`` and ``boxes`` the box evaluations spent. ``"inconclusive"``
        reports the uncertified boxes and their share of the domain, measured in ``arctan(asinh(x))`` per side.

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
    timeout = check_nonnegative("timeout", timeout)
    dom = _parse_domain(domain)
    return _interval_route(expr_or_callable, op, rhs, dom, max_boxes, tol, monotonicity,
                           time.monotonic() + timeout, start)


def _interval_route(expr_or_callable: Any, op: str, rhs: Any, dom: Mapping[str, tuple[sp.Expr, sp.Expr]],
                    max_boxes: int, tol: float, monotonicity: bool, deadline: float, start: float) -> Proof:
    g_fn, names, g, strict, text, missing = _as_gap_fn(expr_or_callable, op, rhs, dom, "expr_or_callable (lhs)")
    claim = f"{text} for {_domain_text(dom, True)}"
    if g_fn is None:
        return Proof("inconclusive", "interval", claim,
                     f"no rigorous ball-arithmetic rule for {missing}: the interval route cannot bound this claim",
                     None, time.perf_counter() - start, route="interval/arb")
    grads = _gradients(g, names) if monotonicity else [None] * len(names)
    syms = _symbols_by_name(g) if g is not None else {}
    idle = {j for j, n in enumerate(names) if g is not None and n not in syms}  # never split along these
    root = [(_outward(dom[n][0], False), _outward(dom[n][1], True)) for n in names]
    dims = [j for j, (a, b) in enumerate(root) if a < b]
    total = _bnb.volume(root, dims) if dims else 1.0
    found: list[list[float]] = []

    def confirm(point: list[arb]) -> Any:
        try:
            pt = [float(p) for p in point]
        except (OverflowError, ValueError):
            return None
        value = _confirm(g_fn, names, pt, strict, dom)
        if value is not None:
            found.append(pt)
        return value

    tol_arb = arb(tol) if tol <= 1e300 else _arb.PINF
    out = _bnb.search(g_fn, grads, root, strict=strict, tol=tol_arb, max_boxes=max_boxes, deadline=deadline,
                      idle=idle, confirm=confirm, use_mvf=monotonicity)
    elapsed = time.perf_counter() - start
    if out.status == "refuted":
        return _refuted("interval", claim, names, found[-1], out.value, start, out.how, "interval/arb",
                        out.evaluated)
    forms = f"{out.by_mono} by the monotonicity reduction, {out.by_mvf} by the mean-value form"
    if out.status == "verified":
        cover = (f"certified on a cover of {out.certified} boxes ({forms}; {out.evaluated} box evaluations) of the "
                 f"closed box {_domain_text(dom, True)} with Arb ball arithmetic")
        if tol > 0 and out.needed_tol:
            return Proof("inconclusive", "interval", claim,
                         f"only the relaxed claim gap {'>' if strict else '>='} -{tol:g} is {cover}: "
                         f"{out.needed_tol} boxes needed the tolerance {tol:g}, so the exact claim is NOT established",
                         None, elapsed, route="interval/arb", boxes=out.evaluated)
        return Proof("verified", "interval", claim, cover, None, elapsed, route="interval/arb",
                     boxes=out.evaluated)
    share = (sum(_bnb.volume(b, dims) for b in out.open_boxes) / total) if dims and total > 0 else 1.0
    parts = [f"{out.certified} boxes certified in {out.evaluated} evaluations ({forms})"]
    if out.open_boxes:
        why = ("time limit reached (a safety net: raise timeout or lower max_boxes)" if out.timed_out
               else "budget max_boxes exhausted" if not out.budget_left else "too thin to split")
        parts.append(f"{len(out.open_boxes)} boxes uncertified ({why}), covering {share:.3g} of the domain "
                     f"(arctan(asinh) coordinates)")
    if out.undefined:
        parts.append(f"the expression was undefined or unbounded on {out.undefined} boxes")
    if out.touching:
        parts.append(f"on {out.touching} boxes the gap's lower bound is exactly 0: the non-strict inequality holds "
                     f"there but the strict one is not certified (equality is attained on the closed box, e.g. "
                     f"at a boundary point of an open domain)")
    return Proof("inconclusive", "interval", claim, "; ".join(parts), None, elapsed, route="interval/arb",
                 boxes=out.evaluated)


# ----------------------------------------------------------------------------------------------------------------
# Counterexample search helpers


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


# ----------------------------------------------------------------------------------------------------------------
# Counterexample search


class _Exhausted(Exception):
    """The search's evaluation budget (or its safety deadline) is spent."""


def search_counterexample(f: Any, domain: Mapping[str, Any], *, op: str = ">=", rhs: Any = 0,
                          seed: int | None = None, rng: np.random.Generator | None = None, budget: int = 2000,
                          starts: int = 4, timeout: float = 60.0) -> Proof:
    """Look for a point of the open box where ``f op rhs`` fails.

    Random sampling (uniform, log-uniform on positive ranges wider than a factor 100, ``lo + u/(1 - u)`` on
    half-infinite ranges) uses about 70% of ``budget`` function evaluations; bounded L-BFGS-B from the ``starts``
    best points uses the rest. A sympy expression is evaluated with the same rigorous Arb enclosures as the interval
    route (no floating-point special functions), and a candidate refutes only when a 200-bit ball evaluation at the
    point confirms the violation. A callable is evaluated on floats and confirmed at 50 digits with mpmath inputs.
    Otherwise the result is ``"inconclusive"`` and reports the number of evaluations and the least gap found (a
    search is never a proof). The budget is the decisive limit; ``timeout`` (seconds) is a safety net.

    Args:
        f: a sympy expression in the names of ``domain``, or a callable taking them as keyword float arguments (and
            accepting ``mpmath.mpf`` for the confirmation).
        domain: ``{name: (lo, hi)}``; ``op``, ``rhs``: the claim ``f op rhs``.
        seed, rng: randomness (one of them; ``seed=None`` and ``rng=None`` means seed 0).
        budget: total number of function evaluations.
        starts: number of local optimisations.
        timeout: wall-clock safety net in seconds.

    Examples:
        >>> x = sp.Symbol("x")
        >>> search_counterexample(x**2, {"x": (0, 2)}, op=">=", rhs=x, seed=1).status
        'refuted'
    """
    start = time.perf_counter()
    op = _check_op(op)
    budget = check_int("budget", budget, minimum=10)
    starts = check_int("starts", starts, minimum=0)
    timeout = check_nonnegative("timeout", timeout)
    if rng is None:
        rng = np.random.default_rng(check_int("seed", 0 if seed is None else seed, minimum=0))
    else:
        rng = check_rng("rng", rng)
    dom = _parse_domain(domain)
    return _search_route(f, op, rhs, dom, rng, budget, starts, time.monotonic() + timeout, start)


def _search_route(f: Any, op: str, rhs: Any, dom: Mapping[str, tuple[sp.Expr, sp.Expr]], rng: np.random.Generator,
                  budget: int, starts: int, deadline: float, start: float) -> Proof:
    is_expr = not callable(f) or isinstance(f, sp.Basic)
    if is_expr:
        g_fn, names, _, strict, text, missing = _as_gap_fn(f, op, rhs, dom, "f (lhs)")
    else:
        g_fn, names, strict, missing = None, list(dom), op in (">", "<"), None
        text = f"{getattr(f, '__name__', 'f')} {op} {rhs}"
    claim = f"{text} for {_domain_text(dom, False)}"
    if is_expr and g_fn is None:
        return Proof("inconclusive", "search", claim,
                     f"no rigorous ball-arithmetic rule for {missing}: the search evaluates only with rigorous "
                     f"functions", None, time.perf_counter() - start, route="search/arb")
    k = len(names)
    sign = 1.0 if op in (">=", ">") else -1.0
    used = [0]

    def spend(n: int) -> None:
        if used[0] + n > budget or time.monotonic() > deadline:
            raise _Exhausted
        used[0] += n

    if g_fn is not None:
        def gap1(p: Sequence[float]) -> float:
            return _eval_point_float(g_fn, p)
    else:
        rhs_f = float(_sympify("rhs", rhs))

        def gap1(p: Sequence[float]) -> float:
            try:
                with np.errstate(all="ignore"):
                    v = sign * (float(f(**dict(zip(names, [float(t) for t in p])))) - rhs_f)
            except (ValueError, ZeroDivisionError, OverflowError, TypeError):
                return math.inf
            return v if math.isfinite(v) else math.inf

    def to_x(u: np.ndarray) -> np.ndarray:
        return np.stack([_map_unit(u[:, j], *dom[n]) for j, n in enumerate(names)], axis=1)

    def confirm(x: Sequence[float]) -> Any:
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

    route = "search/arb" if g_fn is not None else "search/callable"
    best_val, best_x = math.inf, None
    n_sample = max(1, int(0.7 * budget))
    u = rng.uniform(1e-9, 1 - 1e-9, size=(n_sample, k))
    x = to_x(u) if k else np.zeros((n_sample, 0))
    vals = np.full(n_sample, math.inf)
    try:
        for i in range(n_sample):
            spend(1)
            vals[i] = gap1(x[i])
    except _Exhausted:
        pass
    order = np.argsort(vals, kind="stable")
    for i in order[:5]:
        if bad(vals[i]):
            value = confirm(x[i])
            if value is not None:
                return _refuted_search(claim, names, x[i], value, used[0], start, route)
    if n_sample:
        best_val, best_x = float(vals[order[0]]), x[order[0]]
    if starts and k and used[0] < budget:
        from scipy.optimize import minimize

        per = max(5, (budget - n_sample) // starts)
        for i in order[:starts]:
            def obj(v: np.ndarray) -> float:
                spend(1)
                return float(min(gap1(to_x(v[None, :])[0]), 1e300))
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    res = minimize(obj, u[i], method="L-BFGS-B", bounds=[(1e-12, 1 - 1e-12)] * k,
                                   options={"maxfun": per})
            except _Exhausted:
                break
            xr = to_x(np.asarray(res.x)[None, :])[0]
            vr = float(res.fun)
            if vr < best_val:
                best_val, best_x = vr, xr
            if bad(vr):
                value = confirm(xr)
                if value is not None:
                    return _refuted_search(claim, names, xr, value, used[0], start, route)
    where = {n: float(v) for n, v in zip(names, best_x)} if best_x is not None else {}
    late = " (stopped at the time limit, a safety net)" if time.monotonic() > deadline else ""
    return Proof("inconclusive", "search", claim,
                 f"no confirmed violation in {used[0]} evaluations{late} (random sampling then L-BFGS-B); least gap "
                 f"found {best_val:.6g} at {where}; a search is not a proof", None, time.perf_counter() - start,
                 route=route)


def _refuted_search(claim: str, names: Sequence[str], x: np.ndarray, value: Any, evals: int, start: float,
                    route: str) -> Proof:
    cex = {n: float(v) for n, v in zip(names, x)}
    return Proof("refuted", "search", claim,
                 f"after {evals} evaluations: at {cex} the gap (claim: gap >= 0) is {_value_text(value)}", cex,
                 time.perf_counter() - start, route=route)


# ----------------------------------------------------------------------------------------------------------------
# All routes


def check_inequality(lhs: Any, op: str, rhs: Any, domain: Mapping[str, Any], *, seed: int = 0,
                     max_boxes: int = 2000, budget: int = 2000, tol: float = 0.0, timeout: float = 10.0) -> Proof:
    """Decide ``lhs op rhs`` on ``domain``: Arb branch and bound, then counterexample search, then sympy.

    The first two routes are bounded by counts (``max_boxes`` box evaluations, ``budget`` function evaluations), so
    their verdicts do not depend on the machine's speed; sympy runs last, in a worker process, with the time that
    is left. Returns the first decisive :class:`Proof` (``"verified"`` or ``"refuted"``), whose ``method`` and
    ``route`` say which route succeeded, with every attempt in ``attempts``. If no route decides, returns
    ``"inconclusive"`` with the attempts' details joined (method of the last route tried).

    Never raises on a valid claim (a function with no rigorous rule makes the interval route inconclusive, naming
    it), and returns within ``timeout`` seconds (plus a fraction of a second to stop the worker).

    Examples:
        >>> a, b = sp.symbols("a b", positive=True)
        >>> check_inequality(sp.sqrt(a*b), "<=", (a + b)/2, {"a": (0, 10), "b": (0, 10)}).status
        'verified'
    """
    start = time.perf_counter()
    # validate everything up front: a route that is never reached must not hide a bad argument
    op = _check_op(op)
    dom = _parse_domain(domain)
    seed = check_seed("seed", seed)
    max_boxes = check_int("max_boxes", max_boxes, minimum=1)
    budget = check_int("budget", budget, minimum=10)
    tol = check_nonnegative("tol", tol)
    timeout = check_nonnegative("timeout", timeout)
    deadline = time.monotonic() + timeout
    is_expr = not callable(lhs) or isinstance(lhs, sp.Basic)
    if is_expr:
        _as_gap_fn(lhs, op, rhs, dom)  # raises on a bad claim (unknown symbols, non-expressions)
    attempts: list[Proof] = []

    def symbolic() -> Proof:
        left = deadline - time.monotonic()
        if not is_expr:
            return Proof("inconclusive", "symbolic", "", "a callable has no symbolic form", None, 0.0,
                         route="symbolic")
        if left < 0.05:
            return Proof("inconclusive", "symbolic", "", "no time left for sympy", None, 0.0, route="symbolic")
        return _symbolic_limited(_sympify("lhs", lhs), op, _sympify("rhs", rhs), dom, None, 2, max(0.0, left),
                                 time.perf_counter())

    # safety nets: the interval route may use up to 60% of the time, the search up to 75%, sympy the rest; the
    # count budgets are meant to end each route well before its net
    t0 = time.monotonic()
    runs: tuple[Callable[[], Proof], ...] = (
        lambda: _interval_route(lhs, op, rhs, dom, max_boxes, tol, True, t0 + 0.6 * timeout, time.perf_counter()),
        lambda: _search_route(lhs, op, rhs, dom, np.random.default_rng(seed), budget, 4, t0 + 0.75 * timeout,
                              time.perf_counter()),
        symbolic,
    )
    for run in runs:
        res = run()
        attempts.append(res)
        if res.status != "inconclusive":
            return Proof(res.status, res.method, res.claim, res.detail, res.counterexample,
                         time.perf_counter() - start, tuple(attempts), res.route, res.boxes)
    detail = " | ".join(f"{a.method}: {a.detail}" for a in attempts)
    return Proof("inconclusive", attempts[-1].method, attempts[0].claim, detail, None, time.perf_counter() - start,
                 tuple(attempts), "+".join(a.route for a in attempts), attempts[0].boxes)
