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
from _subgaussian import (
    describe_violation,
    exact_fraction,
    exact_rational,
    extremal_sample,
    gaussian_violation,
    prove_gaussian_upper,
    prove_mills_lower,
    show_number,
)

from isoper import Claim, Context, Evidence, Mutant, Statement, check_trials

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
    Phi^c(x) <= exp(-x^2/2)), refuted for ratio < 2 with a certified t (Mills lower bound in interval arithmetic).
    ``ratio`` is taken at its exact value (a float at its binary value): no rounding to a nearby number."""
    r = exact_fraction("ratio", ratio)
    if r >= 2:
        ev = prove_gaussian_upper()
        if ev.status.value != "verified":
            return ev
        return Evidence.verified(f"P(|N(0,s^2)| >= t) = 2 Phi^c(t/s) <= 2 exp(-t^2/(2 s^2)) <= 2 exp(-t^2/("
                                 f"{show_number(r)} s^2)) since {show_number(r)} >= 2 and the bound increases with C; "
                                 + ev.detail)
    cex = gaussian_violation(1, r, t_max_sd=None)  # searches as far out as C close to 2 s^2 needs
    if cex is None:
        return Evidence.inconclusive(f"no certified violation found for C = {show_number(r)} s^2", method="interval")
    return Evidence.refuted(f"N(0, 1) is not {show_number(r)}-subgaussian: " + describe_violation(cex),
                            method="interval", counterexample=cex)


def bounded_is_subgaussian(factor: float | Fraction) -> Evidence:
    """The claim 'every X with |X| <= a is (factor a^2/log 2)-subgaussian': for t <= a the bound is
    2 exp(-t^2 log 2/(factor a^2)) >= 2 exp(-log(2)/factor) = 2^(1 - 1/factor) >= 1 iff factor >= 1; for t > a,
    P(|X| >= t) = 0. For factor < 1, X = +-a (fair signs) has P(|X| >= a) = 1 > 2^(1 - 1/factor). ``factor`` is taken
    at its exact value (1 - 1e-12 stays below 1)."""
    a, t = sp.symbols("a t", positive=True)
    f = exact_rational("factor", factor)
    bound_at_a = sp.simplify(2 * sp.exp(-a**2 * sp.log(2) / (f * a**2)))  # = 2^(1 - 1/factor), no a
    expo = 1 - 1 / f  # bound_at_a = 2^expo, an exact rational exponent: >= 1 iff expo >= 0 iff f >= 1
    same = sp.simplify(bound_at_a - 2**expo) == 0
    if not same:
        return Evidence.inconclusive(f"sympy: bound at t = a is {bound_at_a}, not 2^(1 - 1/factor)", method="symbolic")
    if expo >= 0:
        mono = sp.diff(2 * sp.exp(-t**2 * sp.log(2) / (f * a**2)), t)
        if bool(mono.is_negative):
            return Evidence.verified(f"bound decreases in t and equals 2^(1 - 1/{show_number(f)}) >= 1 at t = a, so it "
                                     "is >= 1 >= P on [0, a]; P(|X| >= t) = 0 for t > a (sympy)")
        return Evidence.inconclusive("sympy could not decide the sign", method="symbolic")
    return Evidence.refuted(f"X = +-a: P(|X| >= a) = 1 > 2 exp(-a^2/C) = 2^(1 - 1/factor) = "
                            f"{float(bound_at_a):.17g} for C = {show_number(f)} a^2/log 2 (exact: the exponent "
                            f"1 - 1/factor = {show_number(expo) if expo > -1 else expo} < 0)", method="symbolic",
                            counterexample={"X": "+-a, fair", "t": "a", "P": 1, "bound": float(bound_at_a),
                                            "factor": str(f)})


def product_is_subgaussian(factor: float | Fraction) -> Evidence:
    """The claim 'X C-subgaussian and |Y| <= b imply XY is (factor b^2 C)-subgaussian': for factor >= 1,
    P(|XY| >= t) <= P(|X| >= t/b) <= 2 exp(-(t/b)^2/C) = 2 exp(-t^2/(b^2 C)); for factor < 1, X ~ N(0, C/2) (exactly
    C-subgaussian) and Y = b give XY ~ N(0, b^2 C/2), which is not (factor b^2 C)-subgaussian. ``factor`` is taken
    at its exact value (0.9999999 is below 1 and refuted)."""
    f = exact_fraction("factor", factor)
    t, b, C = sp.symbols("t b C", positive=True)
    if f >= 1:
        same = sp.simplify((t / b) ** 2 / C - t**2 / (b**2 * C)) == 0
        if same:
            return Evidence.verified("{|XY| >= t} is contained in {|X| >= t/b}; (t/b)^2/C = t^2/(b^2 C) (sympy); the "
                                     f"bound increases with C, so factor {show_number(f)} >= 1 holds")
        return Evidence.inconclusive("sympy could not simplify", method="symbolic")
    ev = gaussian_is_subgaussian(2 * f)  # scale b^2 C = 1: N(0, 1/2) is (factor)-subgaussian iff N(0, 1) is 2 factor
    if ev.status.value == "refuted":
        return Evidence.refuted(f"X ~ N(0, C/2), Y = b: XY ~ N(0, b^2 C/2); with b^2 C = 1 this is N(0, 1/2), which is "
                                f"(factor {show_number(f)})-subgaussian iff N(0, 1) is (2 factor)-subgaussian, and "
                                + ev.detail, method="interval", counterexample=ev.counterexample)
    return ev


def _claim(ctx: Context, of_record: Claim) -> Claim:
    """The claim the run hands the checker (under --mutants, the mutant); the claim of record when called directly."""
    return ctx.claim if ctx.claim is not None else of_record


def _sharpness(check, value: Fraction, below: tuple[Fraction, ...], what: str) -> Evidence:
    """'no constant smaller than ``value`` works': ``check(f)`` is the exact check of the example at constant f, run at
    f = value * q for each q in ``below`` (all < 1). Every such f must be refuted; one that is verified is a
    counterexample to the sharpness claim (a smaller constant that works, proved)."""
    cexs = []
    for q in below:
        f = value * q
        ev = check(f)
        if ev.status.value == "verified":
            return Evidence.refuted(f"{what}: the smaller constant {show_number(f)} < {show_number(value)} works "
                                    f"(proved: {ev.detail})", method=ev.method,
                                    counterexample={"smaller_constant": str(f), "claimed_sharp": str(value),
                                                    "proof": ev.detail[:300]})
        if ev.status.value != "refuted":
            return Evidence.inconclusive(f"{what}: constant {show_number(f)} neither proved nor refuted: {ev.detail}",
                                         method=ev.method)
        cexs.append((str(f), ev.counterexample))
    return Evidence.verified(f"{what}: constants " + ", ".join(show_number(value * q) for q in below)
                             + " refuted (certified counterexamples)", data={"sharpness": cexs})


def check_gaussian(ratio: object) -> Evidence:
    """Step 1's claim at the claimed ratio: N(0, s^2) is C-subgaussian for every C >= ratio s^2 (it suffices at
    C = ratio s^2, since the bound increases with C)."""
    return gaussian_is_subgaussian(exact_fraction("ratio", ratio))


#: where step 2 tests 'no C below sharp * s^2 works': sharp * q (the exact threshold 2 gives 1, 3/2, 19/10, 199/100)
GAUSS_BELOW = (Fraction(1, 2), Fraction(3, 4), Fraction(19, 20), Fraction(199, 200), 1 - Fraction(1, 10**6))


def check_gaussian_sharp(sharp: object) -> Evidence:
    """Step 2's claim: N(0, s^2) is not C-subgaussian for any C < sharp s^2. The ratio (Mills lower bound) /
    (2 exp(-t^2/C)) = exp(a x^2) x/((1+x^2) sqrt(2 pi)) with a = s^2/C - 1/2 tends to oo when a > 0 (sympy limit), which
    proves it for sharp <= 2; and at C = sharp q s^2 for q in GAUSS_BELOW a certified counterexample is sought (a C
    below sharp at which N(0, s^2) is proved C-subgaussian refutes the claim)."""
    r = exact_fraction("sharp", sharp)
    x, a = sp.symbols("x a", positive=True)
    lim = sp.limit(sp.exp(a * x**2) * x / ((1 + x**2) * sp.sqrt(2 * sp.pi)), x, sp.oo)
    mills = prove_mills_lower()
    sharp_ev = _sharpness(gaussian_is_subgaussian, r, GAUSS_BELOW, f"N(0, s^2) below C = {show_number(r)} s^2")
    if sharp_ev.status.value != "verified":
        return sharp_ev
    cexs = [c for _, c in sharp_ev.data["sharpness"]]
    # the limit covers every C with a = s^2/C - 1/2 > 0, i.e. C < 2 s^2; it covers the claim iff sharp <= 2
    covers = r <= 2
    if lim == sp.oo and mills.status.value == "verified" and covers:
        return Evidence.verified(
            f"for C < 2 s^2 (so for every C < {show_number(r)} s^2) the ratio (Mills lower bound)/(2 exp(-t^2/C)) = "
            "exp(a x^2) x/((1+x^2) sqrt(2 pi)) -> oo (a = s^2/C - 1/2 > 0; sympy limit), so the definition fails at "
            "large t; certified counterexamples at C/s^2 = " + ", ".join(show_number(r * q) for q in GAUSS_BELOW)
            + ": t/s = " + ", ".join(f"{c['t']:.4g}" for c in cexs) + ". " + mills.detail,
            data={"counterexamples": cexs})
    return Evidence.inconclusive(f"sympy limit {lim}, Mills {mills.status}, limit covers C < 2 s^2 only "
                                 f"(claim: C < {show_number(r)} s^2); spot checks refuted", method="symbolic")


def check_bounded(factor: object) -> Evidence:
    """Step 3's claim: |X| <= a gives (factor a^2/log 2)-subgaussian, and no smaller constant works (X = +-a)."""
    f = exact_fraction("factor", factor)
    ok = bounded_is_subgaussian(f)
    if ok.status.value != "verified":
        return ok
    sharp = _sharpness(bounded_is_subgaussian, f, (Fraction(99, 100), 1 - Fraction(1, 10**12)),
                       f"|X| <= a below C = {show_number(f)} a^2/log 2")
    if sharp.status.value == "verified":
        return Evidence.verified(ok.detail + "; sharp: " + sharp.detail, data=sharp.data)
    return sharp


def check_product(factor: object) -> Evidence:
    """Step 4's claim: X C-subgaussian, |Y| <= b give XY (factor b^2 C)-subgaussian, no smaller constant in general."""
    f = exact_fraction("factor", factor)
    ok = product_is_subgaussian(f)
    if ok.status.value != "verified":
        return ok
    sharp = _sharpness(product_is_subgaussian, f, (Fraction(9, 10), 1 - Fraction(1, 10**7)),
                       f"XY below C' = {show_number(f)} b^2 C")
    if sharp.status.value == "verified":
        return Evidence.verified(ok.detail + "; sharp: " + sharp.detail, data=sharp.data)
    return sharp


_GAUSS_LOW = ("N(0, 1) is not C-subgaussian for any C < 2: the Mills lower bound exceeds 2 exp(-t^2/C) at a certified "
              "t (the violation moves out like sqrt(log(1/a)/a), a = 1/C - 1/2)")

STEP_1 = Claim(
    "N(0, s^2) is C-subgaussian for every C >= {ratio} s^2 (2 Phi^c(t/s) <= 2 exp(-t^2/({ratio} s^2)))",
    {"ratio": 2}, kind="inequality",
    mutants=(Mutant({"ratio": 1}, _GAUSS_LOW + "; at C = s^2 already at t ~ 2 s"),
             Mutant({"ratio": Fraction(19, 10)}, _GAUSS_LOW),
             Mutant({"ratio": Fraction(1999, 1000)}, "passes the sharp value 2 that step 2 establishes; " + _GAUSS_LOW)),
)


@def_subgaussian.step(1, STEP_1, method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return check_gaussian(_claim(ctx, STEP_1).ratio)


_GAUSS_HOLDS = "N(0, s^2) is 2 s^2-subgaussian (step 1: Phi^c(x) <= exp(-x^2/2), sympy), so C = 2 s^2 < {} s^2 works"

STEP_2 = Claim(
    "Sharpness: N(0, s^2) is not C-subgaussian for any C < {sharp} s^2 (the Mills lower bound phi(x) x/(1+x^2) "
    "decays like exp(-x^2/2)/x, slower than exp(-x^2 s^2/C))",
    {"sharp": 2}, kind="statement",
    mutants=(Mutant({"sharp": 3}, _GAUSS_HOLDS.format(3)),
             Mutant({"sharp": Fraction(5, 2)}, _GAUSS_HOLDS.format("5/2")),
             Mutant({"sharp": Fraction(201, 100)}, "passes the sharp value 2: " + _GAUSS_HOLDS.format("201/100"))),
)


@def_subgaussian.step(2, STEP_2, method="symbolic")
def step_2(ctx: Context) -> Evidence:
    return check_gaussian_sharp(_claim(ctx, STEP_2).sharp)


STEP_3 = Claim(
    "Bounded: |X| <= a implies X is ({factor} a^2/log 2)-subgaussian, and X = +-a shows that no smaller C works (at "
    "t = a the bound equals 1 = P(|X| >= a))",
    {"factor": 1}, kind="inequality",
    mutants=(Mutant({"factor": Fraction(99, 100)}, "X = +-a: P(|X| >= a) = 1 > 2^(1 - 1/0.99) = 2 exp(-a^2/C)"),
             Mutant({"factor": Fraction(1, 2)}, "X = +-a: P(|X| >= a) = 1 > 2^(1 - 2) = 1/2"),
             Mutant({"factor": 2}, "'no smaller C works' fails: a^2/log 2 < 2 a^2/log 2 works (2^(1 - 1/f) >= 1 "
                                   "iff f >= 1)")),
)


@def_subgaussian.step(3, STEP_3, method="symbolic")
def step_3(ctx: Context) -> Evidence:
    return check_bounded(_claim(ctx, STEP_3).factor)


STEP_4 = Claim(
    "Products: X C-subgaussian and |Y| <= b imply XY is ({factor} b^2 C)-subgaussian (no smaller constant in general; "
    "used with b = 2 in Theorem 2, step 3)",
    {"factor": 1}, kind="inequality",
    mutants=(Mutant({"factor": Fraction(9, 10)}, "X ~ N(0, C/2), Y = b: XY ~ N(0, b^2 C/2) is not 0.9 b^2 C-subgaussian "
                                                 "(Gaussian threshold 2 s^2, certified t)"),
             Mutant({"factor": Fraction(1, 2)}, "X ~ N(0, C/2), Y = b: N(0, b^2 C/2) is not b^2 C/2-subgaussian"),
             Mutant({"factor": 2}, "'no smaller constant' fails: {|XY| >= t} is in {|X| >= t/b}, so b^2 C works")),
)


@def_subgaussian.step(4, STEP_4, method="symbolic")
def step_4(ctx: Context) -> Evidence:
    return check_product(_claim(ctx, STEP_4).factor)


def sampled_tail_check(ctx: Context, *, laws=None, samples: int = 40_000) -> Evidence:
    """Monte Carlo: P(|X| >= t) <= 2 exp(-t^2/C) for each (name, sampler, C[, ts]) in ``laws``, at the given ts, or by
    default at the t where the bound is 0.5 and 0.05. The step's alpha is split evenly over all (law, t) checks."""
    if laws is None:
        laws = default_laws()
    plan = []
    for law in laws:
        name, draw, C = law[:3]
        ts = law[3] if len(law) > 3 and law[3] is not None else [math.sqrt(C * math.log(2 / b)) for b in (0.5, 0.05)]
        plan += [(name, draw, C, j, t) for j, t in enumerate(ts)]
    parts = []
    for name, draw, C, j, t in plan:
        b = 2 * math.exp(-t * t / C)

        def trial(rng: np.random.Generator, m: int, draw=draw, t=t) -> np.ndarray:
            return np.abs(draw(rng, m)) >= t

        r = check_trials(trial, bound=b, alpha=ctx.alpha / len(plan), samples=ctx.samples(samples),
                         seed=ctx.seed_for(f"{name}-{j}"), claim=f"P(|X| >= {t:.6g}) <= {b:.10g} for {name}, C={C:.4g}")
        parts.append(Evidence.from_check(r, what=f"{name}, t={t:.6g}"))
    return Evidence.all_of(*parts, method="monte-carlo")


BOUNDED_A = 2.0


def _plus_minus(a: float):
    return lambda rng, m: a * rng.choice([-1.0, 1.0], m)


def default_laws(gauss: object = 2, bounded: object = 1, product: object = 1):
    """(name, sampler, C[, ts]) with C the constant the examples give: N(0, 1) with C = gauss; X = +-a with
    C = bounded a^2/log 2; extremal(C = 1) x uniform[-2, 2] with C = product 2^2 1; 2 N(0, 1) x Rademacher with
    C = product 2^2 gauss (defaults: the constants of steps 1, 3, 4).

    The bounded case uses the extremal law X = +-a (C = a^2/log 2) at t just below a, where P(|X| >= t) = 1 and the
    bound is 2^(1 - (1 - 1e-9)^2) = 1 + 1.4e-9 (so any C' <= 0.9996 C is refuted there: see the tests), and just above
    a (1.001 a), where the bound is 0.9986 and P = 0. For a bounded law and C = a^2/log 2 the bound is >= 1 at every
    t <= a, so no sampled check of the true constant can be sharper than this; its sharpness is exact in step 3.
    """
    a = BOUNDED_A
    g, bd, pr = (float(exact_fraction(k, v)) for k, v in (("gauss", gauss), ("bounded", bounded), ("product", product)))
    return [
        ("N(0, 1)", lambda rng, m: rng.standard_normal(m), g),
        (f"+-{a:g} (extremal bounded)", _plus_minus(a), bd * a * a / math.log(2), [a * (1 - 1e-9), a * 1.001]),
        ("extremal(C=1) x uniform[-2, 2]", lambda rng, m: extremal_sample(rng, (m,)) * rng.uniform(-2, 2, m),
         pr * 4.0),
        ("N(0, 1) x Rademacher x 2", lambda rng, m: 2 * rng.standard_normal(m) * rng.choice([-1.0, 1.0], m),
         pr * 4.0 * g),
    ]


CONCLUSION = Claim(
    "the standard examples satisfy the definition with the stated constants, and no smaller ones: N(0, s^2) for "
    "C >= {gauss} s^2; |X| <= a for C = {bounded} a^2/log 2; XY for C' = {product} b^2 C when |Y| <= b",
    {"gauss": 2, "bounded": 1, "product": 1}, kind="statement",
    mutants=(Mutant({"gauss": Fraction(19, 10)}, _GAUSS_LOW),
             Mutant({"gauss": 3}, "'no smaller ones' fails: N(0, s^2) is 2 s^2-subgaussian"),
             Mutant({"bounded": Fraction(99, 100)}, "X = +-a: P(|X| >= a) = 1 > 2^(1 - 1/0.99)"),
             Mutant({"product": Fraction(9, 10)}, "X ~ N(0, C/2), Y = b: N(0, b^2 C/2) is not 0.9 b^2 C-subgaussian")),
)


@def_subgaussian.conclusion_step(CONCLUSION, method="symbolic+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    claim = _claim(ctx, CONCLUSION)
    gauss, bounded, product = claim.gauss, claim.bounded, claim.product
    exact = [check_gaussian(gauss), check_gaussian_sharp(gauss), check_bounded(bounded), check_product(product)]
    if any(e.status.value == "refuted" for e in exact):  # a certified counterexample decides; skip the sampling
        return Evidence.all_of(*exact)
    return Evidence.all_of(*exact, sampled_tail_check(ctx, laws=default_laws(gauss, bounded, product)))
