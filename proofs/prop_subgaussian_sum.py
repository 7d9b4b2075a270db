"""prop-subgaussian-sum: X_1..X_n independent, mean 0, C-subgaussian => (1/sqrt n) sum X_i is 18C-subgaussian.

The paper cites Vershynin (HDP, Prop. 2.6.1), which has an unspecified absolute constant; "18C" is the paper's own
claim. PAPER.md lists no proof steps; the numbered steps below are the sub-claims of an explicit derivation by the
MGF route (constant K = 2 log 3 for the MGF, 4K = 8 log 3 ~ 8.79 <= 18 for the sum), followed by exact and Monte
Carlo attacks on 18C and the sharpness facts (no factor below 2(1 + log 2) ~ 3.39 can hold).
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp
from _subgaussian import (
    K_MGF,
    PAPER_SUM_CONST,
    SUM_CONST,
    SUM_CONST_LOWER,
    exact_rational,
    extremal_sample,
    prove_exp_le_x_plus_exp_x2,
    prove_mgf_bound,
    prove_square_mgf,
    prove_sum_tail,
    prove_variance_max,
    rademacher_sum_tail,
    refute_sum_factor_by_clt,
    show_number,
    two_point_sample,
)

from isoper import Context, Evidence, Statement, check_trials

DERIVED = {
    "K_mgf": K_MGF,                      # E exp(lam X) <= exp(K C lam^2), X mean-zero C-subgaussian
    "sum_factor": SUM_CONST,             # (1/sqrt n) sum X_i is (8 log 3) C-subgaussian
    "sum_factor_lower": SUM_CONST_LOWER,  # no factor below 2 (1 + log 2) can hold (CLT on the extremal law)
    "sum_factor_paper": PAPER_SUM_CONST,  # the paper's 18
}

prop_subgaussian_sum = Statement(
    id="prop-subgaussian-sum",
    title="Proposition 1.2: independent mean-zero C-subgaussian X_i give a 18C-subgaussian (1/sqrt n) sum X_i",
    source="Bubeck-Sellke 2021, Proposition 1.2 (cited from Vershynin, High-Dimensional Probability, Prop. 2.6.1, "
           "whose constant is not explicit)",
    hypotheses=("X_1..X_n independent", "E X_i = 0", "each X_i C-subgaussian (P(|X_i| >= t) <= 2 exp(-t^2/C))"),
    conclusion="(1/sqrt n) sum X_i is 18C-subgaussian",
    order=1.2,
)


@prop_subgaussian_sum.step(1, "Derivation, sub-claim: a C-subgaussian X has E exp(s X^2/C) <= (1+s)/(1-s) for "
                           "0 <= s < 1 (layer-cake integral of the tail bound)", method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return prove_square_mgf()


@prop_subgaussian_sum.step(2, "Derivation, sub-claim: e^x <= x + e^{x^2} for all real x, so for mean-zero X "
                           "E e^{lam X} <= E e^{lam^2 X^2}", method="symbolic")
def step_2(ctx: Context) -> Evidence:
    return prove_exp_le_x_plus_exp_x2()


@prop_subgaussian_sum.step(3, "Derivation, sub-claim: a mean-zero C-subgaussian X has E exp(lam X) <= "
                           "exp(K C lam^2) for all lam with K = 2 log 3", method="symbolic")
def step_3(ctx: Context) -> Evidence:
    return prove_mgf_bound(K_MGF)


def check_factor_symbolic(factor: sp.Expr = PAPER_SUM_CONST) -> Evidence:
    """The derivation's conclusion 'the normalised sum is factor*C-subgaussian' (needs 4K <= factor)."""
    return prove_sum_tail(K_MGF, factor)


@prop_subgaussian_sum.step(4, "Derivation, sub-claim: tensorisation and Chernoff make (1/sqrt n) sum X_i "
                           "4KC = (8 log 3) C-subgaussian, and 8 log 3 <= 18", method="symbolic")
def step_4(ctx: Context) -> Evidence:
    return check_factor_symbolic(PAPER_SUM_CONST)


def check_small_n(factor: float | Fraction = 18) -> Evidence:
    """n = 1: X is C-subgaussian, so factor >= 1 suffices. n = 2, any C-subgaussian X_1, X_2 (no independence or mean
    zero needed): P(|X_1 + X_2| >= sqrt 2 t) <= min(1, 4 exp(-t^2/(2C))); the worst ratio to 2 exp(-t^2/(factor C)) is
    at t^2 = 2 C log 4 and equals 4^(2/factor)/2 = 2^(4/factor - 1), which is <= 1 iff factor >= 4. ``factor`` is taken
    at its exact value (3.9999999 stays below 4: the argument does not give it)."""
    u, f = sp.Symbol("u", positive=True), exact_rational("factor", factor)  # u = t^2/C
    ratio_hi = 4 * sp.exp(-u / 2) / (2 * sp.exp(-u / f))
    ratio_lo = 1 / (2 * sp.exp(-u / f))
    u_star = 2 * sp.log(4)
    worst = sp.simplify(ratio_lo.subs(u, u_star))
    facts = {
        "ratio increasing before u*": bool(sp.diff(ratio_lo, u).is_positive),
        "ratio decreasing after u* (f > 2)": bool(f > 2) and bool(sp.simplify(sp.diff(ratio_hi, u)).is_negative),
        "the two branches meet at u* = 2 log 4": sp.simplify(4 * sp.exp(-u_star / 2) - 1) == 0,
        "worst ratio = 2^(4/factor - 1)": sp.simplify(worst - 2 ** (4 / f - 1)) == 0,
    }
    w = float(worst)
    e = 4 / f - 1
    at_most_1 = bool(e <= 0)  # exact rational comparison: 2^e <= 1 iff e <= 0
    if all(facts.values()) and at_most_1 and f >= 1:
        return Evidence.verified(f"n = 1 trivially; n = 2: worst ratio 2^(4/{show_number(f)} - 1) = {w:.6g} <= 1 "
                                 "(sympy: " + "; ".join(facts) + ")", data={"n2_worst_ratio": w})
    return Evidence.inconclusive(f"union-bound argument does not give factor {show_number(f)} at n = 2 (worst ratio "
                                 f"2^(4/factor - 1) = {w:.17g}; 4/factor - 1 = {show_number(e) if e > 0 else e}, exact)",
                                 method="symbolic")


@prop_subgaussian_sum.step(5, "Exact small cases: n = 1, and n = 2 for any C-subgaussian X_1, X_2 (union bound; "
                           "factor 4 suffices there)", method="symbolic")
def step_5(ctx: Context) -> Evidence:
    return check_small_n(18)


def rademacher_exact(factor: float, ns=(4, 8, 16, 32, 64)) -> Evidence:
    """Exact tails of normalised Rademacher sums (C = 1/log 2) against 2 exp(-t^2/(factor C)) at every atom t."""
    worst = (0.0, None)
    with mpmath.workdps(40):
        C = 1 / mpmath.log(2)  # at 40 digits, like the bound below
        for n in ns:
            for k in range(n // 2 + 1):
                t = (n - 2 * k) / math.sqrt(n)
                if t <= 0:
                    continue
                p = rademacher_sum_tail(n, t)
                bound = 2 * mpmath.exp(-mpmath.mpf(n - 2 * k) ** 2 / n / (factor * C))
                r = mpmath.mpf(p.numerator) / p.denominator / bound
                if r > worst[0]:
                    worst = (float(r), {"n": n, "t": t, "P": float(p), "P_exact": str(p), "bound": float(bound)})
                if r > 1:
                    return Evidence.refuted(
                        f"Rademacher (C = 1/log 2), n = {n}: P(|S| >= {t:.4g}) = {p} = {float(p):.6g} > "
                        f"2 exp(-t^2/({factor} C)) = {float(bound):.6g} (exact rational vs 40-digit bound)",
                        method="exact", counterexample=worst[1])
    return Evidence.consistent(f"Rademacher, n in {list(ns)}: exact tail / bound <= {worst[0]:.4g} at every atom",
                               method="exact", data={"worst": worst[1], "worst_ratio": worst[0]})


def sampled_laws():
    """(name, sampler(rng, shape) -> samples, C) for the Monte Carlo attack."""
    laws = [("extremal", lambda rng, shape: extremal_sample(rng, shape), 1.0)]
    for q in (0.1, 0.01):
        C = two_point_sample(np.random.default_rng(0), (1,), q)[1]
        laws.append((f"two-point(q={q})", lambda rng, shape, q=q: two_point_sample(rng, shape, q)[0], C))
    return laws


def sum_tail_mc(ctx: Context, factor: float, *, cases, samples: int = 40_000) -> Evidence:
    """Monte Carlo: P(|(1/sqrt n) sum X_i| >= t) <= 2 exp(-t^2/(factor C)) for each (law, n, t/sqrt C) in ``cases``."""
    parts = []
    for name, draw, C, n, x in cases:
        t = x * math.sqrt(C)
        bound = 2 * math.exp(-t * t / (factor * C))

        def trial(rng: np.random.Generator, m: int, draw=draw, n=n, t=t) -> np.ndarray:
            return np.abs(draw(rng, (m, n)).sum(axis=1)) / math.sqrt(n) >= t

        r = check_trials(trial, bound=min(bound, 1.0), alpha=ctx.alpha / (2 * len(cases)),
                         samples=ctx.samples(samples), seed=ctx.seed_for(f"{name}-{n}-{x}-{factor}"), batch=4096,
                         claim=f"{name}, n={n}: P(|S| >= {t:.4g}) <= 2 exp(-t^2/({factor:g} C))")
        parts.append(Evidence.from_check(r, what=f"{name}, n={n}, t={t:.4g}"))
    return Evidence.all_of(*parts, method="monte-carlo")


MC_DECIDES = ("what the sampled attack can decide: at these (law, n, t) and sample sizes it refutes factor 2 (below) "
              "but not the factors in (2, 2(1 + log 2)) that the variance/CLT argument proves false (3.0 and 3.3 pass "
              "it), so 'no violation found' for 18 is evidence against gross errors, not a sharp test")


def attack(ctx: Context, factor: float = 18.0, *, samples: int = 10_000, ns=(2, 8, 64)) -> Evidence:
    """Try to refute 'the normalised sum is factor*C-subgaussian': first by proof (the variance/CLT lower bound refutes
    every factor < 2(1 + log 2) ~ 3.39, :func:`refute_sum_factor_by_clt`), then by exact Rademacher tails, and by
    Monte Carlo on the extremal law and asymmetric two-point laws at n in {2, 8, 64}, at the t where the claimed bound
    is 0.5 and 0.02 (and, for factors below 4, at t/sqrt C = 4 and 4.5 with n = 64, where a Gaussian limit with
    variance (1 + log 2) C would exceed it). The sampled part alone only refutes factors <= 2 (see MC_DECIDES)."""
    clt = refute_sum_factor_by_clt(factor)
    if clt.status.value == "refuted":
        return clt
    exact = rademacher_exact(factor)
    cases = []
    for name, draw, C in sampled_laws():
        for n in ns:
            for b in (0.5, 0.02):
                cases.append((name, draw, C, n, math.sqrt(factor * math.log(2 / b))))
    parts = [exact]
    if cases:
        parts.append(sum_tail_mc(ctx, factor, cases=cases, samples=samples))
    if factor < 4:
        name, draw, C = sampled_laws()[0]
        far = sum_tail_mc(ctx, factor, cases=[(name, draw, C, 64, 4.0), (name, draw, C, 64, 4.5)],
                          samples=6 * samples)
        parts.append(far)
    ev = Evidence.all_of(*parts)
    return Evidence(ev.status, ev.method, f"{ev.detail} || variance/CLT bound: {clt.detail} || {MC_DECIDES}",
                    interval=ev.interval, counterexample=ev.counterexample, seed=ev.seed, elapsed=ev.elapsed,
                    data=ev.data)


@prop_subgaussian_sum.step(6, "Attack on 18C: exact Rademacher tails (n <= 64) and Monte Carlo on the extremal law "
                           "(P(|X| >= t) = min(1, 2 exp(-t^2/C))) and asymmetric two-point laws find no violation "
                           "(a test that refutes factors <= 2, not a sharp one); the factors 1 and 2 are refuted, "
                           "and every factor below 2(1 + log 2) ~ 3.39 is refuted by proof (the extremal law has "
                           "variance (1 + log 2) C; CLT, cited; certified Gaussian counterexample)",
                           method="exact+monte-carlo")
def step_6(ctx: Context) -> Evidence:
    sub = Context(ctx.step_id, ctx.alpha / 3, ctx.seed, ctx.thorough, ctx.scale)
    main = attack(sub, 18.0)
    low1 = rademacher_exact(1.0)
    low2 = attack(Context(ctx.step_id + "/2", ctx.alpha / 3, ctx.seed_for("two"), ctx.thorough, ctx.scale), 2.0,
                  ns=())
    mc2 = sum_tail_mc(Context(ctx.step_id + "/2mc", ctx.alpha / 3, ctx.seed_for("two-mc"), ctx.thorough, ctx.scale),
                      2.0, cases=[(*sampled_laws()[0], 64, 4.0), (*sampled_laws()[0], 64, 4.5)], samples=60_000)
    # the sharp side, by proof: just below 2(1 + log 2) (the float 3.386 < 3.38629...) and a point between 2 and 3.39
    low_sharp = [refute_sum_factor_by_clt(f) for f in (3.0, 3.386)]
    var = prove_variance_max()
    sharp_ok = (low1.status.value == "refuted" and low2.status.value == "refuted" and mc2.status.value == "refuted"
                and var.status.value == "verified" and all(e.status.value == "refuted" for e in low_sharp))
    if not sharp_ok:
        return Evidence.all_of(main, Evidence.inconclusive(
            f"sharpness not shown: factor 1 -> {low1.status}, factor 2 (proof) -> {low2.status}, factor 2 (Monte "
            f"Carlo) -> {mc2.status}, variance -> {var.status}, factors 3.0, 3.386 -> "
            f"{[str(e.status) for e in low_sharp]}", method="exact+monte-carlo"))
    return Evidence(main.status, "exact+monte-carlo",
                    f"18C: {main.detail} || factor 1 refuted (exact): {low1.detail} || factor 2 refuted by the "
                    f"variance/CLT proof: {low2.detail[:400]} || factor 2 refuted by Monte Carlo too (extremal law, "
                    f"n = 64): {mc2.detail[:400]} || factors 3.0 and 3.386 refuted by proof: {low_sharp[1].detail}",
                    interval=main.interval, data={"factor1": low1.counterexample, "factor2": low2.counterexample,
                                                  "factor2_mc": mc2.counterexample,
                                                  "factor3.386": low_sharp[1].counterexample})


@prop_subgaussian_sum.conclusion_step(method="symbolic")
def conclusion(ctx: Context) -> Evidence:
    parts = [prove_square_mgf(), prove_exp_le_x_plus_exp_x2(), prove_mgf_bound(K_MGF), check_factor_symbolic(18)]
    if all(p.status.value == "verified" for p in parts):
        return Evidence.verified(f"steps 1-4 prove the sum is (8 log 3) C = {float(SUM_CONST):.4f} C-subgaussian, "
                                 f"and 8 log 3 <= 18 (sympy); the best factor lies in [2(1 + log 2), 8 log 3] = "
                                 f"[{float(SUM_CONST_LOWER):.4f}, {float(SUM_CONST):.4f}] (lower end: variance of the "
                                 "extremal law, sympy, with the CLT, cited; step 6)")
    return Evidence.all_of(*parts)
