"""def-isoperimetry: Definition 1.1 of Bubeck-Sellke, c-isoperimetry of a measure on R^d."""

from __future__ import annotations

import sympy as sp

from isoper import Context, Evidence, Statement

def_isoperimetry = Statement(
    id="def-isoperimetry",
    title="Definition 1.1: mu on R^d is c-isoperimetric if every bounded L-Lipschitz f has "
          "P(|f - E f| >= t) <= 2 exp(-d t^2/(2 c L^2))",
    source="Bubeck-Sellke 2021, Definition 1.1",
    hypotheses=("mu a probability measure on R^d", "f bounded, L-Lipschitz", "t >= 0"),
    conclusion="the definition is well posed: invariant under rescaling f, monotone in c, and vacuous at t = 0",
    order=1.0,
)


@def_isoperimetry.step(1, "Scale invariance: replacing (f, t, L) by (s f, s t, s L) leaves the bound unchanged",
                       method="symbolic")
def step_1(ctx: Context) -> Evidence:
    d, t, c, L, s = sp.symbols("d t c L s", positive=True)
    bound = 2 * sp.exp(-d * t**2 / (2 * c * L**2))
    if sp.simplify(bound.subs({t: s * t, L: s * L}, simultaneous=True) - bound) == 0:
        return Evidence.verified("bound(s t, s L) - bound(t, L) simplifies to 0 (sympy)")
    return Evidence.inconclusive("sympy did not simplify the difference to 0", method="symbolic")


@def_isoperimetry.step(2, "Monotone in c: c-isoperimetry implies c'-isoperimetry for every c' >= c; the bound "
                       "is >= 1 at t = 0 (no constraint there)", method="symbolic")
def step_2(ctx: Context) -> Evidence:
    d, t, c, L = sp.symbols("d t c L", positive=True)
    bound = 2 * sp.exp(-d * t**2 / (2 * c * L**2))
    dc = sp.simplify(sp.diff(bound, c))
    ok_mono = dc.is_nonnegative
    ok_zero = sp.simplify(bound.subs(t, 0)) == 2
    if ok_mono and ok_zero:
        return Evidence.verified(f"d bound/dc = {dc} >= 0 for positive symbols; bound(t=0) = 2 (sympy)")
    return Evidence.inconclusive(f"sympy: monotone={ok_mono}, bound(0)=2: {ok_zero}", method="symbolic")


@def_isoperimetry.conclusion_step(method="symbolic")
def conclusion(ctx: Context) -> Evidence:
    return Evidence.all_of(step_1(ctx), step_2(ctx))
