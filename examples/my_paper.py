"""A statement module of your own: a one-lemma "paper" with an erratum and its correction.

The lemma (a textbook Chernoff bound, as a hypothetical paper prints it):

    Lemma 1. For Z ~ N(0, 1) and t > 0, P(Z >= t) <= exp(-t^2).
    Proof. (1) For s > 0, Markov's inequality for exp(s Z) and E exp(s Z) = exp(s^2/2) give
               P(Z >= t) <= exp(s^2/2 - s t).
           (2) Choosing s = t gives P(Z >= t) <= exp(-t^2).

Step (2) drops a factor 1/2: s = t gives exp(-t^2/2), and exp(-t^2) is false (at t = 2, P(Z >= 2) = 0.02275 >
exp(-4) = 0.01832). The module records the error as an erratum (the check must refute it, as pytest's
xfail(strict=True)) and attaches the corrected claim, checked on its own.

Run it with ``isoper verify examples/my_paper.py`` (or ``isoper show my-chernoff/step-2 examples/my_paper.py``).
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp

from isoper import Context, Evidence, Gaussian, Statement, check_event

my_chernoff = Statement(
    id="my-chernoff",
    title="Lemma 1: for Z ~ N(0, 1) and t > 0, P(Z >= t) <= exp(-t^2)",
    source="a hypothetical paper, Lemma 1",
    hypotheses=("Z ~ N(0, 1)", "t > 0"),
    conclusion="P(Z >= t) <= exp(-t^2/2) for every t > 0 (the lemma with the corrected exponent)",
)

s, t, z = sp.symbols("s t z", positive=True)


def chernoff_exponent() -> sp.Expr:
    """log of E exp(s Z) - s t, with E exp(s Z) computed by sympy from the N(0, 1) density."""
    mgf = sp.integrate(sp.exp(s * z) * sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi), (z, -sp.oo, sp.oo))
    return sp.simplify(sp.log(mgf)) - s * t


@my_chernoff.step(1, "For s > 0: P(Z >= t) <= exp(s^2/2 - s t) (Markov's inequality for exp(s Z), "
                     "with E exp(s Z) = exp(s^2/2))", method="symbolic")
def step_1(ctx: Context) -> Evidence:
    exponent = chernoff_exponent()
    if sp.simplify(exponent - (s**2 / 2 - s * t)) == 0:
        return Evidence.verified(f"sympy: log E exp(s Z) - s t = {exponent}; Markov's inequality is cited")
    return Evidence.inconclusive(f"sympy gave log E exp(s Z) - s t = {exponent}", method="symbolic")


def tail(x: float) -> float:
    """P(Z >= x) exactly (mpmath, 30 digits)."""
    with mpmath.workdps(30):
        return float(mpmath.erfc(x / mpmath.sqrt(2)) / 2)


@my_chernoff.step(2, "Choosing s = t gives P(Z >= t) <= exp(-t^2)", method="symbolic",
                  erratum="s = t gives exp(-t^2/2), not exp(-t^2); exp(-t^2) fails at t = 2 "
                          "(P(Z >= 2) = 0.02275 > exp(-4) = 0.01832)")
def step_2(ctx: Context) -> Evidence:
    at_t = sp.simplify(chernoff_exponent().subs(s, t))
    if sp.simplify(at_t + t**2) == 0:
        return Evidence.verified("the exponent at s = t is -t^2 (sympy)")
    # the printed exponent is not what s = t gives; is the printed claim itself false? test it exactly
    for x in (0.5, 1.0, 2.0, 3.0, 4.0):
        if tail(x) > math.exp(-x * x):
            return Evidence.refuted(
                f"the exponent at s = t is {at_t}, not -t^2; and the claim fails: P(Z >= {x:g}) = {tail(x):.6g} "
                f"> exp(-{x * x:g}) = {math.exp(-x * x):.6g} (mpmath erfc, 30 digits)",
                method="symbolic+exact", counterexample={"t": x, "P(Z >= t)": tail(x), "bound": math.exp(-x * x)})
    return Evidence.inconclusive(f"the exponent at s = t is {at_t}; no violation found on the grid",
                                 method="symbolic")


@my_chernoff.correction(2, "Choosing s = t gives P(Z >= t) <= exp(-t^2/2), the best bound of step 1's family "
                           "(s = t minimises s^2/2 - s t)")
def step_2_corrected(ctx: Context) -> Evidence:
    exponent = s**2 / 2 - s * t
    critical = sp.solve(sp.diff(exponent, s), s)
    value = sp.simplify(exponent.subs(s, t))
    if critical == [t] and sp.diff(exponent, s, 2) == 1 and sp.simplify(value + t**2 / 2) == 0:
        return Evidence.verified("d/ds (s^2/2 - s t) = 0 only at s = t, second derivative 1 > 0, value -t^2/2 "
                                 "(sympy)")
    return Evidence.inconclusive(f"sympy: critical points {critical}, value {value}", method="symbolic")


@my_chernoff.conclusion_step(method="symbolic+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    # proved by steps 1 and 2 (corrected); the Monte Carlo part tests the conclusion at t = 2 as a sanity check
    z2 = check_event(Gaussian(1), lambda x: x[:, 0] >= 2.0, bound=math.exp(-2.0), alpha=ctx.alpha,
                     samples=ctx.samples(100_000), seed=ctx.seed, claim="P(Z >= 2) <= exp(-2)")
    return Evidence.all_of(step_1(ctx), step_2_corrected(ctx), Evidence.from_check(z2, what="t = 2"))
