"""Rigorous interval enclosures of sympy expressions, computed with Arb ball arithmetic (python-flint).

An interval is a pair ``(lo, hi)`` of exact ``flint.arb`` values (dyadic numbers or signed infinities) with
``lo <= hi``; it stands for the closed real interval between them. Every rule below returns an interval that contains
the exact image of its argument interval, because each endpoint is read off an Arb ball that provably contains the
exact value (``ball.lower()`` for the lower endpoint, ``ball.upper()`` for the upper one). Functions are enclosed by

* monotonicity: ``f([a, b]) = [f(a), f(b)]`` for an increasing ``f`` (two point evaluations, tight), with the limits
  at +-infinity given explicitly where Arb has no value there;
* ball evaluation: on a finite interval, Arb evaluates ``f`` on the ball ``[a, b]`` (its own rigorous error bounds);
  used for functions that are not monotone (sin, Bessel, ...) and glued to a monotone tail where one is known
  (gamma and loggamma increase on ``[2, oo)``).

An argument outside a function's domain (``log`` of an interval that reaches 0, a pole of ``tan``) raises
:class:`Undefined`; a function with no rule raises :class:`Unsupported` with the function's name, at compile time.
Nothing here returns a number that is not an enclosure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sympy as sp
from flint import arb, ctx

Interval = tuple[arb, arb]
Fn = Callable[[Sequence[Interval]], Interval]

PINF = arb.pos_inf()
NINF = arb.neg_inf()
ZERO = arb(0)
ONE = arb(1)


class Undefined(ArithmeticError):
    """The expression is undefined or unbounded somewhere on the argument (log at 0, a division by an interval
    containing 0, a pole, a value outside a function's real domain)."""


class Unsupported(Exception):
    """No rigorous rule for a function or constant sympy can write; ``name`` names it."""

    def __init__(self, name: str, expr: Any = None) -> None:
        super().__init__(f"no rigorous ball-arithmetic rule for {name}" + (f" (in {expr})" if expr is not None else ""))
        self.name = name


@contextmanager
def precision(bits: int) -> Iterator[None]:
    """Arb's working precision (bits) for the block."""
    old = ctx.prec
    ctx.prec = bits
    try:
        yield
    finally:
        ctx.prec = old


# ------------------------------------------------------------------------------------------------ endpoints


def _lo(b: arb) -> arb:
    if b.is_nan():
        raise Undefined("not a number")
    return b.lower()


def _hi(b: arb) -> arb:
    if b.is_nan():
        raise Undefined("not a number")
    return b.upper()


def point(v: arb) -> Interval:
    """The degenerate interval of an exact value."""
    return (v, v)


def from_ball(b: arb) -> Interval:
    """The interval hull of a ball; a ball that is not finite gives :class:`Undefined`."""
    if b.is_nan() or not b.is_finite():
        raise Undefined("not finite")
    return (b.lower(), b.upper())


def to_ball(x: Interval) -> arb:
    """A ball containing the finite interval ``x``."""
    if not (x[0].is_finite() and x[1].is_finite()):
        raise Undefined("unbounded interval")
    if x[0] == x[1]:
        return x[0]
    return arb.union(x[0], x[1])


def const(b: arb) -> Interval:
    return from_ball(b)


def is_finite(x: Interval) -> bool:
    return bool(x[0].is_finite() and x[1].is_finite())


# ------------------------------------------------------------------------------------------------ arithmetic


def add(x: Interval, y: Interval) -> Interval:
    lo, hi = x[0] + y[0], x[1] + y[1]
    return (_lo(lo), _hi(hi))


def neg(x: Interval) -> Interval:
    return (-x[1], -x[0])


def _prod(a: arb, b: arb) -> arb:
    if a.is_zero() or b.is_zero():  # 0 * inf = 0 in interval arithmetic over the reals
        return ZERO
    return a * b


def mul(x: Interval, y: Interval) -> Interval:
    """Interval product by the signs of the factors (two endpoint products except when both straddle 0)."""
    x0, x1 = x
    y0, y1 = y
    if x0 >= 0:
        if y0 >= 0:
            return (_lo(_prod(x0, y0)), _hi(_prod(x1, y1)))
        if y1 <= 0:
            return (_lo(_prod(x1, y0)), _hi(_prod(x0, y1)))
        return (_lo(_prod(x1, y0)), _hi(_prod(x1, y1)))
    if x1 <= 0:
        if y0 >= 0:
            return (_lo(_prod(x0, y1)), _hi(_prod(x1, y0)))
        if y1 <= 0:
            return (_lo(_prod(x1, y1)), _hi(_prod(x0, y0)))
        return (_lo(_prod(x0, y1)), _hi(_prod(x0, y0)))
    if y0 >= 0:
        return (_lo(_prod(x0, y1)), _hi(_prod(x1, y1)))
    if y1 <= 0:
        return (_lo(_prod(x1, y0)), _hi(_prod(x0, y0)))
    return (min(_lo(_prod(x0, y1)), _lo(_prod(x1, y0))), max(_hi(_prod(x0, y0)), _hi(_prod(x1, y1))))


def recip(x: Interval) -> Interval:
    if x[0] > 0 or x[1] < 0:
        return (_lo(ONE / x[1]), _hi(ONE / x[0]))
    raise Undefined("division by an interval containing 0")


def _ipow_pt(t: arb, n: int) -> arb:
    """t**n for an exact t, with (+-oo)**n = +oo (n even) or +-oo (n odd)."""
    if t.is_finite():
        return t**n
    return PINF if (n % 2 == 0 or t > 0) else NINF


def ipow(x: Interval, n: int) -> Interval:
    if n == 0:
        return (ONE, ONE)
    if n < 0:
        return recip(ipow(x, -n))
    if n == 1:
        return x
    if n % 2 or x[0] >= 0:
        return (_lo(_ipow_pt(x[0], n)), _hi(_ipow_pt(x[1], n)))
    if x[1] <= 0:
        return (_lo(_ipow_pt(x[1], n)), _hi(_ipow_pt(x[0], n)))
    m = max(x[1], -x[0])
    return (ZERO, _hi(_ipow_pt(m, n)))


def _root_pow(t: arb, p: int, q: int) -> arb:
    if t.is_zero():
        return ZERO
    return t.root(q) ** p


def rpow(x: Interval, p: int, q: int) -> Interval:
    """``x**(p/q)`` for a non-integer rational exponent: real (principal branch) only for x >= 0 (x > 0 if p < 0)."""
    if p > 0:
        if x[0] < 0:
            raise Undefined("fractional power of a negative number")
        return (_lo(_root_pow(x[0], p, q)), _hi(_root_pow(x[1], p, q)))
    if x[0] <= 0:
        raise Undefined("negative fractional power of a non-positive number")
    return recip(rpow(x, -p, q))


def hull(x: Interval, y: Interval) -> Interval:
    return (min(y[0], x[0]), max(y[1], x[1]))


def vmin(x: Interval, y: Interval) -> Interval:
    return (min(y[0], x[0]), min(y[1], x[1]))


def vmax(x: Interval, y: Interval) -> Interval:
    return (max(y[0], x[0]), max(y[1], x[1]))


def vabs(x: Interval) -> Interval:
    if x[0] >= 0:
        return x
    if x[1] <= 0:
        return neg(x)
    return (ZERO, max(x[1], -x[0]))


# ------------------------------------------------------------------------------------------------ function rules


def monotone(f: Callable[[arb], arb], increasing: bool, *, lo: arb = NINF, hi: arb = PINF, open_lo: bool = False,
             open_hi: bool = False, at_ninf: arb | None = None, at_pinf: arb | None = None) -> Callable[[Interval],
                                                                                                        Interval]:
    """The rule for a function monotone on its real domain ``[lo, hi]`` (ends open where said)."""

    def val(t: arb) -> arb:
        if t.is_finite():
            return f(t)
        lim = at_pinf if t > 0 else at_ninf
        if lim is None:
            raise Undefined("no limit known at infinity")
        return lim

    def rule(x: Interval) -> Interval:
        if x[0] < lo or (open_lo and x[0] == lo) or x[1] > hi or (open_hi and x[1] == hi):
            raise Undefined("argument outside the function's domain")
        a, b = val(x[0]), val(x[1])
        return (_lo(a), _hi(b)) if increasing else (_lo(b), _hi(a))

    return rule


def even_min_at_zero(f: Callable[[arb], arb]) -> Callable[[Interval], Interval]:
    """An even function increasing on [0, oo) to +oo (cosh)."""
    inc = monotone(f, True, at_pinf=PINF)

    def rule(x: Interval) -> Interval:
        return inc(vabs(x))

    return rule


def by_ball(f: Callable[[arb], arb], name: str, *, bounded: Interval | None = None,
            tail: tuple[arb, Callable[[Interval], Interval]] | None = None) -> Callable[[Interval], Interval]:
    """Evaluate on the ball of a finite interval. ``bounded``: a global range used on infinite intervals.
    ``tail = (T, rule)``: on [T, oo) the function follows ``rule`` (monotone); pieces are glued by a hull."""

    def rule(x: Interval) -> Interval:
        if tail is not None and x[1] > tail[0]:
            t, trule = tail
            if x[0] >= t:
                return trule(x)
            return hull(rule((x[0], t)), trule((t, x[1])))
        if not is_finite(x):
            if bounded is not None:
                return bounded
            raise Undefined(f"{name} on an unbounded interval")
        return from_ball(f(to_ball(x)))

    return rule


def _pi() -> arb:
    return arb.pi()


def _const_interval(make: Callable[[], arb]) -> Fn:
    def fn(xs: Sequence[Interval]) -> Interval:
        return from_ball(make())
    return fn


def _unit(v: float) -> Interval:
    return (arb(v), arb(v))


UNARY: dict[type, Callable[[Interval], Interval]] = {}


def _build_unary() -> None:
    U = UNARY
    U[sp.exp] = monotone(lambda t: t.exp(), True, at_ninf=ZERO, at_pinf=PINF)
    U[sp.log] = monotone(lambda t: t.log(), True, lo=ZERO, open_lo=True, at_pinf=PINF)
    U[sp.sin] = by_ball(lambda t: t.sin(), "sin", bounded=(-ONE, ONE))
    U[sp.cos] = by_ball(lambda t: t.cos(), "cos", bounded=(-ONE, ONE))
    U[sp.tan] = by_ball(lambda t: t.tan(), "tan")
    U[sp.cot] = by_ball(lambda t: t.cot(), "cot")
    U[sp.sec] = by_ball(lambda t: t.sec(), "sec")
    U[sp.csc] = by_ball(lambda t: t.csc(), "csc")
    U[sp.sinc] = by_ball(lambda t: t.sinc(), "sinc", bounded=(arb(-1), ONE))
    U[sp.asin] = monotone(lambda t: t.asin(), True, lo=-ONE, hi=ONE)
    U[sp.acos] = monotone(lambda t: t.acos(), False, lo=-ONE, hi=ONE)
    U[sp.atan] = monotone(lambda t: t.atan(), True, at_ninf=-arb.pi() / 2, at_pinf=arb.pi() / 2)
    U[sp.sinh] = monotone(lambda t: t.sinh(), True, at_ninf=NINF, at_pinf=PINF)
    U[sp.cosh] = even_min_at_zero(lambda t: t.cosh())
    U[sp.tanh] = monotone(lambda t: t.tanh(), True, at_ninf=-ONE, at_pinf=ONE)
    U[sp.asinh] = monotone(lambda t: t.asinh(), True, at_ninf=NINF, at_pinf=PINF)
    U[sp.acosh] = monotone(lambda t: t.acosh(), True, lo=ONE, at_pinf=PINF)
    U[sp.atanh] = monotone(lambda t: t.atanh(), True, lo=-ONE, hi=ONE, open_lo=True, open_hi=True)
    U[sp.erf] = monotone(lambda t: t.erf(), True, at_ninf=arb(-1), at_pinf=ONE)
    U[sp.erfc] = monotone(lambda t: t.erfc(), False, at_ninf=arb(2), at_pinf=ZERO)
    U[sp.erfi] = monotone(lambda t: t.erfi(), True, at_ninf=NINF, at_pinf=PINF)
    U[sp.erfinv] = monotone(lambda t: t.erfinv(), True, lo=-ONE, hi=ONE, open_lo=True, open_hi=True)
    U[sp.erfcinv] = monotone(lambda t: t.erfcinv(), False, lo=ZERO, hi=arb(2), open_lo=True, open_hi=True)
    U[sp.digamma] = monotone(lambda t: t.digamma(), True, lo=ZERO, open_lo=True, at_pinf=PINF)
    U[sp.LambertW] = _lambertw
    inc2 = monotone(lambda t: t.gamma(), True, lo=arb(2), at_pinf=PINF)
    U[sp.gamma] = by_ball(lambda t: t.gamma(), "gamma", tail=(arb(2), inc2))
    lg2 = monotone(lambda t: t.lgamma(), True, lo=arb(2), at_pinf=PINF)
    lg = by_ball(lambda t: t.lgamma(), "loggamma", tail=(arb(2), lg2))

    def loggamma(x: Interval) -> Interval:
        if x[0] <= 0:
            raise Undefined("loggamma of a non-positive number (not real-valued in sympy)")
        return lg(x)
    U[sp.loggamma] = loggamma
    U[sp.factorial] = lambda x: U[sp.gamma](add(x, (ONE, ONE)))
    U[sp.Si] = by_ball(lambda t: t.si(), "Si")
    U[sp.Ci] = by_ball(lambda t: t.ci(), "Ci")
    U[sp.Shi] = monotone(lambda t: t.shi(), True, at_ninf=NINF, at_pinf=PINF)
    U[sp.Chi] = by_ball(lambda t: t.chi(), "Chi")
    U[sp.Ei] = by_ball(lambda t: t.ei(), "Ei")
    U[sp.li] = by_ball(lambda t: t.li(), "li")
    U[sp.fresnels] = by_ball(lambda t: t.fresnel_s(normalized=True), "fresnels")
    U[sp.fresnelc] = by_ball(lambda t: t.fresnel_c(normalized=True), "fresnelc")
    U[sp.airyai] = by_ball(lambda t: t.airy_ai(), "airyai")
    U[sp.airybi] = by_ball(lambda t: t.airy_bi(), "airybi")
    U[sp.Abs] = vabs
    U[sp.sign] = monotone(lambda t: t.sgn(), True, at_ninf=arb(-1), at_pinf=ONE)
    U[sp.floor] = monotone(lambda t: t.floor(), True, at_ninf=NINF, at_pinf=PINF)
    U[sp.ceiling] = monotone(lambda t: t.ceil(), True, at_ninf=NINF, at_pinf=PINF)
    U[sp.Heaviside] = _heaviside


def _lambertw(x: Interval) -> Interval:
    e1 = (-ONE).exp()  # 1/e as a ball
    if not x[0] > -e1:  # need x > -1/e strictly (every exact dyadic differs from -1/e)
        raise Undefined("LambertW below -1/e")
    return monotone(lambda t: t.lambertw(), True, at_pinf=PINF)(x)


def _heaviside(x: Interval) -> Interval:
    def h(t: arb) -> arb:  # sympy: Heaviside(0) = 1/2
        return ZERO if t < 0 else (ONE if t > 0 else arb(0.5))
    return (h(x[0]), h(x[1]))


_build_unary()

_NUMBER_SYMBOLS: dict[Any, Callable[[], arb]] = {
    sp.pi: lambda: arb.pi(),
    sp.E: lambda: ONE.exp(),
    sp.EulerGamma: lambda: arb.const_euler(),
    sp.Catalan: lambda: arb.const_catalan(),
    sp.GoldenRatio: lambda: (ONE + arb(5).sqrt()) / 2,
}


def _rational(p: int, q: int) -> Callable[[], arb]:
    return lambda: arb(p) / arb(q) if q != 1 else arb(p)


# ------------------------------------------------------------------------------------------------ compiler


def compile_expr(expr: sp.Expr, names: Sequence[str]) -> Fn:
    """``f(xs)``: the enclosure of ``expr`` over the box ``xs`` (``xs[i]`` the interval of ``names[i]``).

    Raises :class:`Unsupported` (with the function's name) for a function or constant with no rule.
    """
    index = {n: i for i, n in enumerate(names)}

    def comp(e: sp.Basic) -> Fn:
        if isinstance(e, sp.Symbol):
            if e.name not in index:
                raise Unsupported(f"free symbol {e.name} with no range")
            i = index[e.name]
            return lambda xs: xs[i]
        if isinstance(e, sp.Integer):
            v = arb(int(e))
            return lambda xs: (v, v)
        if isinstance(e, sp.Rational):
            make = _rational(int(e.p), int(e.q))
            return lambda xs: from_ball(make())
        if isinstance(e, sp.Float):
            sign, man, exp_, _ = e._mpf_
            v = arb((-man if sign else man, exp_)) if man else ZERO
            return lambda xs: (v, v)
        if e in _NUMBER_SYMBOLS:
            return _const_interval(_NUMBER_SYMBOLS[e])
        if e.is_Number or e is sp.I or isinstance(e, sp.NumberSymbol):
            if e in (sp.oo, -sp.oo, sp.zoo, sp.nan) or e is sp.I:
                def undefined(xs: Sequence[Interval], e: Any = e) -> Interval:
                    raise Undefined(f"the constant {e} is not a real number")
                return undefined
            raise Unsupported(type(e).__name__, e)
        if isinstance(e, sp.Add):
            parts = [comp(a) for a in e.args]

            def fadd(xs: Sequence[Interval]) -> Interval:
                out = parts[0](xs)
                for p in parts[1:]:
                    out = add(out, p(xs))
                return out
            return fadd
        if isinstance(e, sp.Mul):
            parts = [comp(a) for a in e.args]

            def fmul(xs: Sequence[Interval]) -> Interval:
                out = parts[0](xs)
                for p in parts[1:]:
                    out = mul(out, p(xs))
                return out
            return fmul
        if isinstance(e, sp.Pow):
            return comp_pow(e)
        if isinstance(e, (sp.Max, sp.Min)):
            parts = [comp(a) for a in e.args]
            pick = vmax if isinstance(e, sp.Max) else vmin

            def fext(xs: Sequence[Interval]) -> Interval:
                out = parts[0](xs)
                for p in parts[1:]:
                    out = pick(out, p(xs))
                return out
            return fext
        if isinstance(e, sp.polygamma):
            return comp_polygamma(e)
        if isinstance(e, (sp.besselj, sp.bessely, sp.besseli, sp.besselk)):
            return comp_bessel(e)
        if isinstance(e, (sp.uppergamma, sp.lowergamma)):
            return comp_incgamma(e)
        if isinstance(e, sp.atan2):
            fy, fx = comp(e.args[0]), comp(e.args[1])

            def fatan2(xs: Sequence[Interval]) -> Interval:
                y, x = fy(xs), fx(xs)
                if x[0] <= 0 and y[0] <= 0 <= y[1]:
                    raise Undefined("atan2 across its branch cut")
                return from_ball(arb.atan2(to_ball(y), to_ball(x)))
            return fatan2
        if isinstance(e, sp.beta) and len(e.args) == 2:
            a_, b_ = e.args
            return comp(sp.exp(sp.loggamma(a_) + sp.loggamma(b_) - sp.loggamma(a_ + b_)))
        if isinstance(e, sp.erf2):
            return comp(sp.erf(e.args[1]) - sp.erf(e.args[0]))
        if isinstance(e, sp.acot):
            inner = comp(e.args[0])

            def facot(xs: Sequence[Interval]) -> Interval:
                x = inner(xs)
                if x[0] > 0 or x[1] < 0:
                    return UNARY[sp.atan](recip(x))
                hp = from_ball(arb.pi() / 2)
                return (-hp[1], hp[1])
            return facot
        if isinstance(e, (sp.coth, sp.sech, sp.csch, sp.acoth, sp.asech, sp.acsch)):
            (a,) = e.args
            alt = {sp.coth: lambda t: 1 / sp.tanh(t), sp.sech: lambda t: 1 / sp.cosh(t),
                   sp.csch: lambda t: 1 / sp.sinh(t), sp.acoth: lambda t: sp.atanh(1 / t),
                   sp.asech: lambda t: sp.acosh(1 / t), sp.acsch: lambda t: sp.asinh(1 / t)}[type(e)]
            return comp(alt(a))
        if isinstance(e, sp.Heaviside):
            inner = comp(e.args[0])
            h0 = comp(e.args[1]) if len(e.args) > 1 else (lambda xs: (arb(0.5), arb(0.5)))

            def fheaviside(xs: Sequence[Interval]) -> Interval:
                v, h = inner(xs), h0(xs)
                lo = ZERO if v[0] < 0 else (ONE if v[0] > 0 else h[0])
                hi = ZERO if v[1] < 0 else (ONE if v[1] > 0 else h[1])
                return (min(lo, hi, h[0]) if v[0] <= 0 <= v[1] else lo, max(lo, hi, h[1]) if v[0] <= 0 <= v[1] else hi)
            return fheaviside
        if isinstance(e, (sp.asec, sp.acsc)):
            (a,) = e.args
            return comp(sp.acos(1 / a) if isinstance(e, sp.asec) else sp.asin(1 / a))
        if isinstance(e, sp.Li):
            return comp(sp.li(e.args[0]) - sp.li(2))
        if isinstance(e, sp.harmonic) and len(e.args) == 1:
            return comp(sp.digamma(e.args[0] + 1) + sp.EulerGamma)
        if isinstance(e, (sp.zeta, sp.expint, sp.polylog)):
            return comp_ball2(e)
        if isinstance(e, sp.LambertW) and len(e.args) == 2 and e.args[1] != 0:
            raise Unsupported("LambertW (branch k != 0)", e)
        if type(e) in UNARY and len(e.args) == 1:
            rule = UNARY[type(e)]
            inner = comp(e.args[0])
            return lambda xs: rule(inner(xs))
        func = getattr(e, "func", type(e))
        raise Unsupported(getattr(func, "__name__", type(e).__name__), e)

    def comp_pow(e: sp.Pow) -> Fn:
        base, ex = e.args
        fb = comp(base)
        if isinstance(ex, sp.Integer):
            n = int(ex)
            return lambda xs: ipow(fb(xs), n)
        if isinstance(ex, sp.Rational):
            p, q = int(ex.p), int(ex.q)
            return lambda xs: rpow(fb(xs), p, q)
        if base is sp.E:
            fe = comp(ex)
            return lambda xs: UNARY[sp.exp](fe(xs))
        fe = comp(ex)

        def gpow(xs: Sequence[Interval]) -> Interval:
            b, y = fb(xs), fe(xs)
            if b[0] > 0:
                return UNARY[sp.exp](mul(y, UNARY[sp.log](b)))
            if b[0] == 0 and y[0] > 0:  # 0**y = 0 for y > 0; on (0, b] use exp(y log b) with log -> -oo
                lb = (NINF, _hi(b[1].log())) if b[1] > 0 else (NINF, NINF)
                if b[1] == 0:
                    return (ZERO, ZERO)
                v = UNARY[sp.exp](mul(y, lb))
                return hull((ZERO, ZERO), v)
            raise Undefined("real power of a non-positive number")
        return gpow

    def comp_ball2(e: sp.Function) -> Fn:
        """zeta(s), zeta(s, a), expint(nu, z), polylog(s, z): Arb's ball evaluation on finite intervals."""
        parts = [comp(a) for a in e.args]
        kind = type(e)

        def fb(xs: Sequence[Interval]) -> Interval:
            vals = [to_ball(p(xs)) for p in parts]
            if kind is sp.zeta:
                out = vals[0].zeta() if len(vals) == 1 else vals[0].zeta(vals[1])
            elif kind is sp.expint:
                out = vals[1].expint(vals[0])
            else:
                out = vals[1].polylog(vals[0])
            return from_ball(out)
        return fb

    def comp_polygamma(e: sp.polygamma) -> Fn:
        m, arg = e.args
        if not (isinstance(m, sp.Integer) and int(m) >= 0):
            raise Unsupported("polygamma (non-integer order)", e)
        k = int(m)
        inner = comp(arg)
        if k == 0:
            return lambda xs: UNARY[sp.digamma](inner(xs))
        sign = 1 if k % 2 else -1
        fact = 1
        for i in range(2, k + 1):
            fact *= i

        def hurwitz(t: arb) -> arb:
            return sign * fact * arb(k + 1).zeta(t)
        # (-1)^(k+1) k! zeta(k+1, x) for x > 0: positive decreasing (k odd), negative increasing (k even)
        rule = monotone(hurwitz, sign < 0, lo=ZERO, open_lo=True, at_pinf=ZERO)
        return lambda xs: rule(inner(xs))

    def comp_bessel(e: sp.Function) -> Fn:
        nu, arg = e.args
        fnu, fx = comp(nu), comp(arg)
        meth = {sp.besselj: "bessel_j", sp.bessely: "bessel_y", sp.besseli: "bessel_i", sp.besselk: "bessel_k"}[
            type(e)]

        def fb(xs: Sequence[Interval]) -> Interval:
            n, x = fnu(xs), fx(xs)
            if meth in ("bessel_y", "bessel_k") and x[0] <= 0:
                raise Undefined(f"{meth} at a non-positive argument")
            if meth in ("bessel_j", "bessel_y") and not is_finite(x):
                bounded = meth == "bessel_j" and n[0] >= 0
                if bounded:
                    return (-ONE, ONE)
                raise Undefined(f"{meth} on an unbounded interval")
            if meth == "bessel_k" and x[1] == PINF:
                if n[0] >= 0:  # K_nu decreases to 0 on (0, oo) for real nu
                    return (ZERO, _hi(getattr(x[0], meth)(to_ball(n))))
                raise Undefined("besselk on an unbounded interval")
            return from_ball(getattr(to_ball(x), meth)(to_ball(n)))
        return fb

    def comp_incgamma(e: sp.Function) -> Fn:
        s, arg = e.args
        fs, fx = comp(s), comp(arg)
        upper = isinstance(e, sp.uppergamma)

        def fg(xs: Sequence[Interval]) -> Interval:
            sv, x = fs(xs), fx(xs)
            if x[0] < 0:
                raise Undefined("incomplete gamma at a negative argument")
            sb = to_ball(sv)
            if upper and x[1] == PINF:  # Gamma(s, x) decreases in x to 0
                return (ZERO, _hi(x[0].gamma_upper(sb)))
            if not upper and x[1] == PINF:  # gamma(s, x) increases in x to Gamma(s) (s > 0)
                if sv[0] <= 0:
                    raise Undefined("lowergamma with s <= 0")
                return (_lo(x[0].gamma_lower(sb)), _hi(sb.gamma()))
            xb = to_ball(x)
            return from_ball(xb.gamma_upper(sb) if upper else xb.gamma_lower(sb))
        return fg

    return comp(expr)


def evaluate(fn: Fn, box: Sequence[Interval], prec: int = 53) -> Interval | None:
    """The enclosure of ``fn`` on ``box`` at ``prec`` bits, or ``None`` where it is undefined somewhere on the box."""
    with precision(prec):
        try:
            return fn(box)
        except (Undefined, ArithmeticError, ValueError, TypeError):  # undefined there: never a verdict
            return None


def exact(v: float | arb) -> arb:
    """An exact arb from a float (every double is a dyadic number) or an exact arb."""
    if isinstance(v, arb):
        return v
    return arb(v)
