"""def-subgaussian: X is C-subgaussian if P(|X| >= t) <= 2 exp(-t^2/C) for all t >= 0 (text after Definition 1.1).

The definition itself is not a claim; its standard examples are, and the later proofs use them with exact constants:
N(0, s^2) is C-subgaussian exactly when C >= 2 s^2; |X| <= a gives C = a^2/log 2 (sharp for X = +-a); and a
C-subgaussian X times a factor |Y| <= b is b^2 C-subgaussian (Theorem 2, step 3). Each check is a function of the
constant, so that a wrong constant is refuted by the same code (tests/statements/test_def_subgaussian.py).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import sympy as sp
from _subgaussian import extremal_sample, gaussian_violation, prove_gaussian_upper, prove_mills_lower

from isoper import Context, Evidence, Statement, check_trials

def_subgaussian = Statement(
    id="def-subgaussian",
    title="A scalar X is C-subgaussian if P(|X| >= t) <= 2 exp(-t^2/C) for all t >= 0",
    source="Bubeck-Sellke 2021, text after Definition 1.1",
    hypotheses=("X a real random variable", "C > 0"),
    conclusion="the standard examples satisfy the definition with the stated constants, and no smaller ones: "
               "N(0, s^2) for C >= 2 s^2; |X| <= a for C = a^2/log 2; XY for C' = b^2 C when |Y| <= b",
    order=1.1,
)


def gaussian_is_subgaussian(ratio: float | Fraction) -> Evidence:
    """The claim 'N(0, s^2) is (ratio s^2)-subgaussian' (scale-free: s = 1): verified for ratio >= 2 (via
    Phi^c(x) <= exp(-x^2/2)), refuted for ratio < 2 with a certified t (Mills lower bound in interval arithmetic)."""
    if ratio >= 2:
        ev = prove_gaussian_upper()
        if ev.status.value != "verified":
            return ev
        return Evidence.verified(f"P(|N(0,s^2)| >= t) = 2 Phi^c(t/s) <= 2 exp(-t^2/(2 s^2)) <= 2 exp(-t^2/({ratio} "
                                 f"s^2)) since {ratio} >= 2 and the bound increases with C; " + ev.detail)
    cex = gaussian_violation(1.0, ratio)
    if cex is None:
        return Evidence.inconclusive(f"no certified violation found for C = {ratio} s^2", method="interval")
    return Evidence.refuted(
        f"N(0, 1) is not {ratio}-subgaussian: at t = {cex['t']:.6g}, P(|X| >= t) = {cex['P(|X|>=t)']:.6g} "
        f"(certified >= {cex['P_lower_certified']:.6g}) > 2 exp(-t^2/C) = {cex['bound']:.6g}",
        method="interval", counterexample=cex)


def bounded_is_subgaussian(factor: float | Fraction) -> Evidence:
    """The claim 'every X with |X| <= a is (factor a^2/log 2)-subgaussian': for t <= a the bound is
    2 exp(-t^2 log 2/(factor a^2)) >= 2 exp(-log(2)/factor) >= 1 iff factor >= 1; for t > a, P(|X| >= t) = 0.
    For factor < 1, X = +-a (fair signs) has P(|X| >= a) = 1 > 2^(1 - 1/factor)."""
    a, t = sp.symbols("a t", positive=True)
    f = sp.nsimplify(factor)
    bound_at_a = sp.simplify(2 * sp.exp(-a**2 * sp.log(2) / (f * a**2)))  # = 2^(1 - 1/factor), no a
    if f >= 1:
        mono = sp.diff(2 * sp.exp(-t**2 * sp.log(2) / (f * a**2)), t)
        if bool(mono.is_negative) and bool(bound_at_a >= 1):
            return Evidence.verified(f"bound decreases in t and equals {bound_at_a} >= 1 at t = a, so it is >= 1 >= "
                                     "P on [0, a]; P(|X| >= t) = 0 for t > a (sympy)")
        return Evidence.inconclusive("sympy could not decide the sign", method="symbolic")
    return Evidence.refuted(f"X = +-a: P(|X| >= a) = 1 > 2 exp(-a^2/C) = {bound_at_a} = {float(bound_at_a):.6g} "
                            f"for C = {f} a^2/log 2 (exact)", method="symbolic",
                            counterexample={"X": "+-a, fair", "t": "a", "P": 1, "bound": float(bound_at_a)})


def product_is_subgaussian(factor: float | Fraction) -> Evidence:
    """The claim 'X C-subgaussian and |Y| <= b imply XY is (factor b^2 C)-subgaussian': for factor >= 1,
    P(|XY| >= t) <= P(|X| >= t/b) <= 2 exp(-(t/b)^2/C) = 2 exp(-t^2/(b^2 C)); for factor < 1, X ~ N(0, C/2) (exactly
    C-subgaussian) and Y = b give XY ~ N(0, b^2 C/2), which is not (factor b^2 C)-subgaussian."""
    t, b, C = sp.symbols("t b C", positive=True)
    if factor >= 1:
        same = sp.simplify((t / b) ** 2 / C - t**2 / (b**2 * C)) == 0
        if same:
            return Evidence.verified("{|XY| >= t} is contained in {|X| >= t/b}; (t/b)^2/C = t^2/(b^2 C) (sympy); the "
                                     f"bound increases with C, so factor {factor} >= 1 holds")
        return Evidence.inconclusive("sympy could not simplify", method="symbolic")
    ev = gaussian_is_subgaussian(2 * Fraction(factor).limit_denominator(10**6))  # scale b^2 C = 1: var 1/2
    if ev.status.value == "refuted":
        return Evidence.refuted(f"X ~ N(0, C/2), Y = b: XY ~ N(0, b^2 C/2); with b^2 C = 1 this is N(0, 1/2), and "
                                + ev.detail.replace("N(0, 1)", "N(0, 1/2) rescaled"), method="interval",
                                counterexample=ev.counterexample)
    return ev


@def_subgaussian.step(1, "N(0, s^2) is C-subgaussian for every C >= 2 s^2 (2 Phi^c(t/s) <= 2 exp(-t^2/(2 s^2)))",
                      method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return gaussian_is_subgaussian(2)


@def_subgaussian.step(2, "Sharpness: N(0, s^2) is not C-subgaussian for any C < 2 s^2 (the Mills lower bound "
                      "phi(x) x/(1+x^2) decays like exp(-x^2/2)/x, slower than exp(-x^2 s^2/C))", method="symbolic")
def step_2(ctx: Context) -> Evidence:
    x, a = sp.symbols("x a", positive=True)  # a = s^2/C - 1/2 > 0 when C < 2 s^2
    # 2 phi(x) x/(1+x^2) / (2 exp(-x^2 s^2/C)) = exp(a x^2) x/((1+x^2) sqrt(2 pi)) -> oo
    lim = sp.limit(sp.exp(a * x**2) * x / ((1 + x**2) * sp.sqrt(2 * sp.pi)), x, sp.oo)
    mills = prove_mills_lower()
    parts = [mills]
    if lim != sp.oo:
        parts.append(Evidence.inconclusive(f"sympy limit gave {lim}", method="symbolic"))
    cexs = []
    for r in (Fraction(1), Fraction(3, 2), Fraction(19, 10), Fraction(199, 100)):
        ev = gaussian_is_subgaussian(r)
        if ev.status.value != "refuted":
            parts.append(Evidence.inconclusive(f"no certified counterexample at C = {r} s^2", method="interval"))
        else:
            cexs.append(ev.counterexample)
    ok = all(p.status.value == "verified" for p in parts)
    if ok:
        return Evidence.verified(
            "for C < 2 s^2 the ratio (Mills lower bound)/(2 exp(-t^2/C)) = exp(a x^2) x/((1+x^2) sqrt(2 pi)) -> oo "
            "(a = s^2/C - 1/2 > 0; sympy limit), so the definition fails at large t; certified counterexamples at "
            "C/s^2 = 1, 3/2, 19/10, 199/100: t/s = " + ", ".join(f"{c['t']:.4g}" for c in cexs) + ". " + mills.detail,
            data={"counterexamples": cexs})
    return Evidence.all_of(*parts)


@def_subgaussian.step(3, "Bounded: |X| <= a implies X is a^2/log 2-subgaussian, and X = +-a shows that no smaller "
                      "C works (at t = a the bound equals 1 = P(|X| >= a))", method="symbolic")
def step_3(ctx: Context) -> Evidence:
    ok = bounded_is_subgaussian(1)
    sharp = bounded_is_subgaussian(Fraction(99, 100))
    if ok.status.value == "verified" and sharp.status.value == "refuted":
        return Evidence.verified(ok.detail + "; sharp: " + sharp.detail, data={"sharpness": sharp.counterexample})
    return Evidence.all_of(ok, Evidence.inconclusive(f"sharpness: {sharp.detail}", method="symbolic"))


@def_subgaussian.step(4, "Products: X C-subgaussian and |Y| <= b imply XY is b^2 C-subgaussian (no smaller constant "
                      "in general; used with b = 2 in Theorem 2, step 3)", method="symbolic")
def step_4(ctx: Context) -> Evidence:
    ok = product_is_subgaussian(1)
    sharp = product_is_subgaussian(Fraction(9, 10))
    if ok.status.value == "verified" and sharp.status.value == "refuted":
        return Evidence.verified(ok.detail + "; sharp: " + sharp.detail, data={"sharpness": sharp.counterexample})
    return Evidence.all_of(ok, Evidence.inconclusive(f"sharpness: {sharp.detail}", method="interval"))


def sampled_tail_check(ctx: Context, *, laws=None, samples: int = 40_000) -> Evidence:
    """Monte Carlo: P(|X| >= t) <= 2 exp(-t^2/C) for each (name, sampler, C) in ``laws`` at t with bound 0.5 and 0.05."""
    if laws is None:
        laws = default_laws()
    parts = []
    checks = len(laws) * 2
    for i, (name, draw, C) in enumerate(laws):
        for j, b in enumerate((0.5, 0.05)):
            t = math.sqrt(C * math.log(2 / b))

            def trial(rng: np.random.Generator, m: int, draw=draw, t=t) -> np.ndarray:
                return np.abs(draw(rng, m)) >= t

            r = check_trials(trial, bound=b, alpha=ctx.alpha / checks, samples=ctx.samples(samples),
                             seed=ctx.seed_for(f"{name}-{j}"), claim=f"P(|X| >= {t:.4g}) <= {b} for {name}, C={C:.4g}")
            parts.append(Evidence.from_check(r, what=name))
    return Evidence.all_of(*parts, method="monte-carlo")


def default_laws():
    """(name, sampler, C) triples with C the constant the steps above give."""
    return [
        ("N(0, 1)", lambda rng, m: rng.standard_normal(m), 2.0),
        ("uniform[-1, 1]", lambda rng, m: rng.uniform(-1, 1, m), 1 / math.log(2)),
        ("extremal(C=1) x uniform[-2, 2]", lambda rng, m: extremal_sample(rng, (m,)) * rng.uniform(-2, 2, m), 4.0),
        ("N(0, 1) x Rademacher x 2", lambda rng, m: 2 * rng.standard_normal(m) * rng.choice([-1.0, 1.0], m), 8.0),
    ]


@def_subgaussian.conclusion_step(method="symbolic+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    return Evidence.all_of(step_1(ctx), step_3(ctx), step_4(ctx), sampled_tail_check(ctx))
