"""def-isoperimetry: Definition 1.1 of Bubeck-Sellke, c-isoperimetry of a measure on R^d.

mu is c-isoperimetric if every bounded L-Lipschitz f has P(|f - E f| >= t) <= 2 exp(-d t^2/(2 c L^2)). The steps
check that the definition is well posed: the bound is invariant under rescaling f (the event {|s f - E s f| >= s t}
is the event {|f - E f| >= t}, so the bound must not change), c-isoperimetry is monotone in c, and the bound says
nothing at t = 0. Every constant of the bound (the prefactor 2, the powers of t and L, the 2 in 2c) is a value of the
claims; the checks build the bound from those values.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import sympy as sp

from isoper import Claim, Context, Evidence, Mutant, Statement

def_isoperimetry = Statement(
    id="def-isoperimetry",
    title="Definition 1.1: mu on R^d is c-isoperimetric if every bounded L-Lipschitz f has "
          "P(|f - E f| >= t) <= 2 exp(-d t^2/(2 c L^2))",
    source="Bubeck-Sellke 2021, Definition 1.1",
    hypotheses=("mu a probability measure on R^d", "f bounded, L-Lipschitz", "t >= 0"),
    conclusion="the definition is well posed: invariant under rescaling f, monotone in c, and vacuous at t = 0",
    order=1.0,
)

d_, t_, c_, L_, s_ = sp.symbols("d t c L s", positive=True)

# Definition 1.1's bound as it appears in every claim below (its constants are the claims' values)
BOUND_TEXT = "{prefactor} exp(-d t^{t_power}/({den} c L^{L_power}))"
DEFINITION = {"prefactor": 2, "t_power": 2, "den": 2, "L_power": 2}


def _q(v: Any) -> sp.Expr:
    """An exact sympy number from an int, Fraction or sympy value."""
    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator)
    return sp.nsimplify(v)


def bound_expr(prefactor: Any, t_power: Any, den: Any, L_power: Any) -> sp.Expr:
    """prefactor * exp(-d t^t_power / (den c L^L_power)) as a sympy expression in d, t, c, L."""
    return _q(prefactor) * sp.exp(-d_ * t_**_q(t_power) / (_q(den) * c_ * L_**_q(L_power)))


def _values(claim: Claim) -> dict[str, Any]:
    return {k: claim[k] for k in DEFINITION}


# --------------------------------------------------------------------------------------------------------------
# step 1: scale invariance

def check_scale_invariance(*, prefactor: Any = 2, t_power: Any = 2, den: Any = 2, L_power: Any = 2) -> Evidence:
    """B(s t, s L) = B(t, L) identically (sympy). P(|s f - E s f| >= s t) = P(|f - E f| >= t) and s f is
    (s L)-Lipschitz, so a bound that changes under the rescaling assigns two values to one probability: refuted at
    the first rational point where B(s t, s L) != B(t, L) (compared to 50 digits)."""
    B = bound_expr(prefactor, t_power, den, L_power)
    diff = sp.simplify(B.subs({t_: s_ * t_, L_: s_ * L_}, simultaneous=True) - B)
    if diff == 0:
        return Evidence.verified(f"B = {B}: B(s t, s L) - B(t, L) simplifies to 0 (sympy)")
    for point in ({d_: 1, c_: 1, t_: 1, L_: 1, s_: 2}, {d_: 4, c_: 1, t_: 1, L_: 1, s_: 3},
                  {d_: 16, c_: 2, t_: sp.Rational(1, 2), L_: 2, s_: sp.Rational(1, 3)}):
        before, after = B.subs(point), B.subs({**point, t_: point[s_] * point[t_], L_: point[s_] * point[L_]})
        gap = sp.N(after - before, 50)
        if abs(gap) > sp.Float("1e-40"):
            cex = {str(k): str(v) for k, v in point.items()}
            cex.update({"B(t, L)": float(before), "B(s t, s L)": float(after)})
            return Evidence.refuted(
                f"B = {B}: at {cex} the bound for (s f, s t, s L) is {float(after):.6g} but for (f, t, L) it is "
                f"{float(before):.6g}, though both bound the same probability P(|f - Ef| >= t) (exact)",
                method="exact", counterexample=cex)
    return Evidence.inconclusive(f"sympy left B(s t, s L) - B(t, L) = {diff} and no point separated them",
                                 method="symbolic")


STEP_1 = Claim(
    "Scale invariance: replacing (f, t, L) by (s f, s t, s L) leaves the bound " + BOUND_TEXT + " unchanged",
    dict(DEFINITION), kind="identity",
    mutants=(
        Mutant({"L_power": 1}, "exp(-d t^2/(2 c L)) changes under (t, L) -> (s t, s L): at d = c = t = L = 1, s = 2 "
                               "it is 2 exp(-1) instead of 2 exp(-1/2), though P(|2f - E 2f| >= 2) = P(|f - Ef| >= 1)"),
        Mutant({"t_power": 1}, "exp(-d t/(2 c L^2)) scales like 1/s in the exponent: at s = 2 the bound moves"),
        Mutant({"L_power": 4}, "exp(-d t^2/(2 c L^4)) scales like s^-2 in the exponent: at s = 2 the bound moves"),
    ),
)


@def_isoperimetry.step(1, STEP_1, method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return check_scale_invariance(**_values(ctx.claim))


# --------------------------------------------------------------------------------------------------------------
# step 2: monotone in c, vacuous at t = 0

def two_point_iso(B: sp.Expr, u: sp.Expr, c: sp.Expr) -> bool | None:
    """Whether X uniform on {-u, u} (d = 1) is c-isoperimetric for the bound B, when the powers of t and L agree.

    An L-Lipschitz f has |f - Ef| = |f(u) - f(-u)|/2 <= u L on both atoms (equality for f = L clip(x, -u, u)), so
    P(|f - Ef| >= t) = 1 for t <= u L and 0 beyond: the measure is c-isoperimetric iff B(t = u L) >= 1 for all L, and
    B(t = u L) does not depend on L when t and L carry the same power. None when it does."""
    at = sp.simplify(B.subs({d_: 1, t_: u * L_, c_: c}))
    if at.free_symbols:
        return None
    return bool(sp.N(at, 50) >= 1)


def check_monotone(*, ratio: Any = 1, prefactor: Any = 2, t_power: Any = 2, den: Any = 2, L_power: Any = 2
                   ) -> Evidence:
    """c-isoperimetric implies c'-isoperimetric for every c' >= ratio * c, and B(t = 0) >= 1.

    Proved when dB/dc >= 0 (sympy, positive symbols) and ratio >= 1. For ratio < 1 the two-point law on {-1, 1}
    is c*-isoperimetric at c* = 1/(den log prefactor) (B(t = L) = 1 exactly) but not (ratio c*)-isoperimetric:
    P(|f - Ef| >= 1) = 1 > B(t = 1) for f = clip(x, -1, 1). A bound below 1 at t = 0 is violated by every law
    (P(|f - Ef| >= 0) = 1)."""
    B = bound_expr(prefactor, t_power, den, L_power)
    ratio = _q(ratio)
    parts = []
    at0 = sp.simplify(B.subs(t_, 0))
    if sp.N(at0, 50) >= 1:
        parts.append(Evidence.verified(f"B(t = 0) = {at0} >= 1 = P(|f - Ef| >= 0): no constraint at t = 0 (sympy)"))
    else:
        parts.append(Evidence.refuted(f"B(t = 0) = {at0} < 1 = P(|f - Ef| >= 0) for every law and every f: the "
                                      "definition is violated at t = 0, not vacuous (exact)", method="exact",
                                      counterexample={"t": 0, "B(0)": str(at0), "P(|f - Ef| >= 0)": 1}))
    dB = sp.simplify(sp.diff(B, c_))
    if dB.is_nonnegative and ratio >= 1:
        parts.append(Evidence.verified(f"dB/dc = {dB} >= 0 for positive symbols and c' >= {ratio} c >= c, so "
                                       "B(c') >= B(c) pointwise (sympy)"))
        return Evidence.all_of(*parts, method="symbolic")
    u = sp.Integer(1)
    pre = _q(prefactor)
    if pre > 1:
        c_star = sp.simplify(u ** _q(t_power) / (_q(den) * sp.log(pre)))
        c_low = sp.simplify(ratio * c_star)
        iso_star, iso_low = two_point_iso(B, u, c_star), two_point_iso(B, u, c_low)
        if iso_star and iso_low is False:
            b = sp.simplify(B.subs({d_: 1, t_: u, L_: 1, c_: c_low}))
            parts.append(Evidence.refuted(
                f"X uniform on {{-1, 1}} (d = 1) is c-isoperimetric at c = {c_star} (B(t = L) = 1 exactly, and "
                f"P(|f - Ef| >= t) = 0 beyond t = L), yet at c' = {ratio} c = {c_low} the bound at t = 1 for "
                f"f = clip(x, -1, 1) (L = 1, P(|f - Ef| >= 1) = 1) is {b} = {float(b):.6g} < 1 (exact)",
                method="exact", counterexample={"law": "uniform on {-1, 1}, d = 1", "f": "clip(x, -1, 1)", "t": 1,
                                                "c": str(c_star), "c'": str(c_low), "B(c')": str(b),
                                                "P(|f - Ef| >= 1)": 1}))
            return Evidence.all_of(*parts)
    parts.append(Evidence.inconclusive(f"dB/dc = {dB}, ratio {ratio}: monotonicity not derived and the two-point "
                                       "instance does not apply", method="symbolic"))
    return Evidence.all_of(*parts)


STEP_2 = Claim(
    "Monotone in c: c-isoperimetry implies c'-isoperimetry for every c' >= {ratio} * c; the bound " + BOUND_TEXT +
    " is >= 1 at t = 0 (no constraint there)",
    {"ratio": 1, **DEFINITION}, kind="inequality",
    mutants=(
        Mutant({"ratio": Fraction(1, 2)}, "uniform on {-1, 1} is 1/(2 log 2)-isoperimetric (B = 1 at t = L) but at "
                                          "half that constant B(t = 1) = 2 * 2^-2 = 1/2 < 1 = P(|x| >= 1)"),
        Mutant({"ratio": Fraction(9, 10)}, "the same two-point law: at 0.9 c* the bound at t = 1 is 2^(1 - 10/9) < 1"),
        Mutant({"prefactor": Fraction(1, 2)}, "at t = 0 the bound is 1/2 < 1 = P(|f - Ef| >= 0) for every law"),
    ),
)


@def_isoperimetry.step(2, STEP_2, method="symbolic")
def step_2(ctx: Context) -> Evidence:
    return check_monotone(ratio=ctx.claim.ratio, **_values(ctx.claim))


CONCLUSION = Claim(
    "Definition 1.1 with the bound " + BOUND_TEXT + " is well posed: invariant under rescaling f ((f, t, L) -> "
    "(s f, s t, s L)), monotone in c (c-isoperimetric implies c'-isoperimetric for c' >= {ratio} * c), and vacuous at "
    "t = 0",
    {"ratio": 1, **DEFINITION}, kind="statement",
    mutants=(
        Mutant({"L_power": 1}, "not invariant under rescaling: at d = c = t = L = 1, s = 2 the bound moves from "
                               "2 exp(-1/2) to 2 exp(-1)"),
        Mutant({"prefactor": Fraction(1, 2)}, "not vacuous at t = 0: 1/2 < 1 = P(|f - Ef| >= 0)"),
        Mutant({"ratio": Fraction(1, 2)}, "uniform on {-1, 1} is 1/(2 log 2)- but not 1/(4 log 2)-isoperimetric"),
    ),
)


@def_isoperimetry.conclusion_step(CONCLUSION, method="symbolic")
def conclusion(ctx: Context) -> Evidence:
    v = _values(ctx.claim)
    return Evidence.all_of(check_scale_invariance(**v), check_monotone(ratio=ctx.claim.ratio, **v))
