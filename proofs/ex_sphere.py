"""ex-sphere: the uniform measure on S^{d-1} is c-isoperimetric with c = d/(d-1) (d >= 2)."""

from __future__ import annotations

import sympy as sp
from _isoperimetry_checks import exact_linear_check, family_check

from isoper import Context, Evidence, Sphere, Statement

ex_sphere = Statement(
    id="ex-sphere",
    title="Uniform measure on the unit sphere S^{d-1} satisfies c-isoperimetry with c = d/(d-1)",
    source="Levy; log-Sobolev constant 1/(d-1) on S^{d-1} (Mueller-Weissler 1982) and Herbst's argument "
           "(Ledoux 2001, Thm 5.3)",
    hypotheses=("X uniform on S^{d-1}, d >= 2", "f L-Lipschitz for the Euclidean metric of R^d"),
    conclusion="P(|f(X) - E f| >= t) <= 2 exp(-(d-1) t^2/(2 L^2)) = 2 exp(-d t^2/(2 c L^2)), c = d/(d-1)",
    order=2.2,
)


@ex_sphere.step(1, "Herbst: a log-Sobolev constant rho = d-1 gives 2 exp(-rho t^2/(2 L^2)), which equals "
                "Definition 1.1's bound with c = d/(d-1); and c <= 2 for every d >= 2", method="symbolic")
def step_1(ctx: Context) -> Evidence:
    d, t, L = sp.symbols("d t L", positive=True)
    c = d / (d - 1)
    same = sp.simplify((-(d - 1) * t**2 / (2 * L**2)) - (-d * t**2 / (2 * c * L**2))) == 0
    k = sp.Symbol("k", nonnegative=True)  # d = 2 + k
    at_most_2 = sp.simplify(2 - c.subs(d, 2 + k)).is_nonnegative
    if same and at_most_2:
        return Evidence.verified("exponents agree identically; 2 - c = (d-2)/(d-1) >= 0 for d >= 2 (sympy)")
    return Evidence.inconclusive(f"sympy: exponents equal={same}, c<=2: {at_most_2}", method="symbolic")


@ex_sphere.conclusion_step(method="monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    parts = [exact_linear_check(Sphere(d), d / (d - 1)) for d in (2, 3, 16, 256)]
    parts += [family_check(ctx, Sphere(d), d / (d - 1)) for d in (3, 16, 128)]
    return Evidence.all_of(*parts)
