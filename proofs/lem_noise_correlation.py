"""lem-noise-correlation (Lemma 2.1): fitting below the noise level forces correlation with the noise.

P(exists f in F: (1/n) sum (f(x_i) - y_i)^2 <= sigma^2 - eps) <= 2 exp(-n eps^2/8^3)
                                                        + P(exists f in F: (1/n) sum f(x_i) z_i >= eps/3).

Finding: steps 1 and 2 hold (Hoeffding gives exp(-n eps^2/288), stronger than the claimed exp(-n eps^2/512)), but
step 3's chain has an arithmetic slip: from ||Z||^2 >= sigma^2 - eps/6 and <Z, G> >= -eps/6 one only gets
||G + Z - F||^2 >= sigma^2 - eps/2 - 2<Z, F> (the cross term contributes 2 * eps/6), hence <F, Z> >= eps/4, not
eps/3; an explicit (exact rational) counterexample shows eps/3 does not follow and eps/4 is sharp. The repaired lemma
has eps/4 in place of eps/3 (with the same 2 exp(-n eps^2/8^3)). The printed conclusion itself is not refuted: Monte
Carlo and exact computations are consistent with it.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from isoper import Claim, Context, Evidence, Mutant, Statement, check_trials

lem_noise_correlation = Statement(
    id="lem-noise-correlation",
    title="Lemma 2.1: P(exists f: fit <= sigma^2 - eps) <= 2 exp(-n eps^2/8^3) + P(exists f: (1/n) sum f(x_i) z_i "
          ">= eps/3)",
    source="Bubeck-Sellke 2021, Lemma 2.1 (text of record: NeurIPS 2021 submission)",
    hypotheses=("(x_i, y_i) i.i.d., |y_i| <= 1, g = E[y|x], z_i = y_i - g(x_i)", "sigma^2 = E Var(y|x) > 0",
                "F a class of functions with values in [-1, 1]", "eps in (0, 1)"),
    conclusion="P(exists f: fit <= sigma^2 - eps) <= 2 exp(-n eps^2/8^3) + P(exists f: (1/n) sum f(x_i) z_i >= eps/3) "
               "[Monte Carlo/exact: consistent; the printed proof supports it only with eps/4 in place of eps/3 "
               "(step 3 erratum)]",
    order=4.0,
)

DERIVED = {
    "hoeffding_exponent": sp.Integer(288),     # steps 1, 2: exp(-n eps^2/288) <= exp(-n eps^2/8^3)
    "claimed_exponent": sp.Integer(8**3),
    "threshold_printed": sp.Rational(1, 3),     # <F, Z> >= eps/3 (does not follow)
    "threshold_corrected": sp.Rational(1, 4),   # <F, Z> >= eps/4 (follows, and is sharp)
    "eps3_alternative_exponent": sp.Integer(648),  # eps/3 kept with deviations eps/9: 2 exp(-n eps^2/648)
}

n_, eps_ = sp.symbols("n eps", positive=True)


def _binom_cdf(n: int, k: int, p: Fraction) -> Fraction:
    """Exact P(Bin(n, p) <= k)."""
    if k < 0:
        return Fraction(0)
    return sum((Fraction(math.comb(n, j)) * p**j * (1 - p) ** (n - j) for j in range(min(k, n) + 1)), Fraction(0))


def _mpf(v: Fraction | float) -> mpmath.mpf:
    return mpmath.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else mpmath.mpf(v)


def _exact_search(prob, const, grid) -> dict | None:
    """First (n, eps) of ``grid`` at which the exact probability prob(n, eps) exceeds exp(-n eps^2/const)."""
    with mpmath.workdps(40):
        for n in grid[0]:
            for eps in grid[1]:
                p = prob(n, eps)
                b = mpmath.exp(-mpmath.mpf(n) * _mpf(eps) ** 2 / const)
                if mpmath.mpf(p.numerator) / p.denominator > b:
                    return {"n": n, "eps": float(eps), "P": float(p), "bound": float(b)}
    return None


GRID = ((10, 20, 50, 100, 200, 400), (Fraction(1, 2), Fraction(9, 10)))


def _hoeffding(slack: Any, width: Any, const: Any, what: str) -> Evidence | None:
    """Hoeffding for a mean of n variables in an interval of length ``width`` at deviation eps/slack:
    exp(-2 n (eps/slack)^2 / width^2) = exp(-n eps^2 / (width^2 slack^2 / 2)); it gives exp(-n eps^2/const) iff
    width^2 slack^2 / 2 <= const (sympy). None when it does not."""
    slack, width, const = sp.nsimplify(slack), sp.nsimplify(width), sp.nsimplify(const)
    hoeff = sp.simplify(2 * n_ * (eps_ / slack) ** 2 / width**2)
    need = sp.simplify(n_ * eps_**2 / hoeff)  # the Hoeffding denominator
    if not need.is_number:
        return Evidence.inconclusive(f"Hoeffding exponent simplified to {hoeff}", method="symbolic")
    if sp.simplify(need - const) <= 0:
        return Evidence.verified(f"Hoeffding ({what}): exp(-2n(eps/{slack})^2/{width}^2) = exp(-n eps^2/{need}) <= "
                                 f"exp(-n eps^2/{const}) since {need} <= {const} (sympy)",
                                 cites=("Hoeffding's inequality",))
    return None


def check_step_1(ctx: Context, *, const: Any = 8**3, slack: Any = 6) -> Evidence:
    """P((1/n) sum z_i^2 <= sigma^2 - eps/slack) <= exp(-n eps^2/const). E z^2 = E E[(y - g(x))^2 | x] = E Var(y|x) =
    sigma^2 and z^2 in [0, 4], so Hoeffding gives exp(-n eps^2/(8 slack^2)) (288 at slack 6): the claim follows when
    const >= 8 slack^2. Otherwise an exact counterexample is sought: g = 0, y = z in {-1, 0, 1} w.p. 1/4, 1/2, 1/4
    (sigma^2 = 1/2, n mean z^2 ~ Bin(n, 1/2))."""
    ok = _hoeffding(slack, 4, const, "z^2 in [0, 4], mean E z^2 = E Var(y|x) = sigma^2")
    if ok is not None:
        return ok
    slack_f = Fraction(str(sp.nsimplify(slack)))

    def prob(n: int, eps: Fraction) -> Fraction:
        k = math.floor(n * (Fraction(1, 2) - eps / slack_f))  # n mean z^2 <= n(1/2 - eps/slack)
        return _binom_cdf(n, k, Fraction(1, 2))

    cex = _exact_search(prob, float(const), GRID)
    if cex is None:
        return Evidence.inconclusive(f"const {const} < 8 slack^2: Hoeffding does not give it, and no exact "
                                     "counterexample was found on the grid", method="exact")
    return Evidence.refuted(f"z in {{-1, 0, 1}} w.p. 1/4, 1/2, 1/4: P(mean z^2 <= sigma^2 - eps/{slack}) = "
                            f"{cex['P']:.6g} > exp(-n eps^2/{const}) = {cex['bound']:.6g} at n = {cex['n']}, "
                            f"eps = {cex['eps']} (exact)", method="exact", counterexample=cex)


def check_step_2(ctx: Context, *, const: Any = 8**3, slack: Any = 6) -> Evidence:
    """P((1/n) sum z_i g(x_i) <= -eps/slack) <= exp(-n eps^2/const). E[z g | x] = g E[z | x] = 0 and z g in [-2, 2],
    so Hoeffding gives exp(-n eps^2/(8 slack^2)). Exact instance for small const: g = +-1/2, y = +-1 with E[y|x] = g:
    z g = 1/4 w.p. 3/4 and -3/4 w.p. 1/4, so (1/n) sum z g = 1/4 - K/n with K ~ Bin(n, 1/4)."""
    ok = _hoeffding(slack, 4, const, "z g in [-2, 2], E[z g] = E[g E[z|x]] = 0")
    if ok is not None:
        return ok
    slack_f = Fraction(str(sp.nsimplify(slack)))

    def prob(n: int, eps: Fraction) -> Fraction:
        k = math.ceil(n * (Fraction(1, 4) + eps / slack_f))  # K >= n(1/4 + eps/slack)
        return 1 - _binom_cdf(n, k - 1, Fraction(1, 4))

    cex = _exact_search(prob, float(const), GRID)
    if cex is None:
        return Evidence.inconclusive(f"const {const} < 8 slack^2 and no exact counterexample on the grid",
                                     method="exact")
    return Evidence.refuted(f"z g in {{1/4, -3/4}} (w.p. 3/4, 1/4): P(mean z g <= -eps/{slack}) = {cex['P']:.6g} > "
                            f"exp(-n eps^2/{const}) = {cex['bound']:.6g} at n = {cex['n']}, eps = {cex['eps']} (exact)",
                            method="exact", counterexample=cex)


STEP_1 = Claim(
    "Hoeffding on z_i^2 in [0, 4]: P((1/n) sum z_i^2 <= sigma^2 - eps/{slack}) <= exp(-n eps^2 / {const})",
    {"slack": 6, "const": 8**3}, kind="probability", cites=("Hoeffding's inequality",),
    mutants=(
        Mutant({"const": 8}, "z uniform-ish on {-1, 0, 1} (w.p. 1/4, 1/2, 1/4): mean z^2 deviates by eps/6 at the "
                             "rate KL ~ 2(eps/6)^2 = eps^2/18 per sample, so any const < 18 fails for large n"),
        Mutant({"const": 12}, "the same instance: the exact rate eps^2/18 per sample beats exp(-n eps^2/12)"),
    ),
)


@lem_noise_correlation.step(1, STEP_1, method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return check_step_1(ctx, const=ctx.claim.const, slack=ctx.claim.slack)


STEP_2 = Claim(
    "Hoeffding on z_i g(x_i) in [-2, 2], mean 0: P((1/n) sum z_i g(x_i) <= -eps/{slack}) <= exp(-n eps^2 / {const})",
    {"slack": 6, "const": 8**3}, kind="probability", cites=("Hoeffding's inequality",),
    mutants=(
        Mutant({"const": 4}, "z g = 1/4 w.p. 3/4, -3/4 w.p. 1/4 (variance 3/16): its mean deviates by eps/6 at the "
                             "rate ~ (eps/6)^2/(2 * 3/16) = eps^2/13.5 per sample, so const < 13.5 fails for large n"),
        Mutant({"const": 8}, "the same instance: the exact rate ~ eps^2/13.5 per sample beats exp(-n eps^2/8)"),
    ),
)


@lem_noise_correlation.step(2, STEP_2, method="symbolic")
def step_2(ctx: Context) -> Evidence:
    return check_step_2(ctx, const=ctx.claim.const, slack=ctx.claim.slack)


def _identity_and_lower_bound() -> bool:
    """Per coordinate (g + z - f)^2 = z^2 + 2 z (g - f) + (g - f)^2 (so the vector identity holds for every n after
    summing and dividing by n), and the lower bound's arithmetic: -eps/6 + 2(-eps/6) = -eps/2."""
    g, z, f, e = sp.symbols("g z f eps", real=True)
    ident = sp.expand((g + z - f) ** 2 - (z**2 + 2 * z * (g - f) + (g - f) ** 2)) == 0
    arith = sp.simplify(-e / 6 + 2 * (-e / 6) + e / 2) == 0
    return ident and arith


def counterexample_step_3(threshold: Fraction) -> dict | None:
    """Exact vectors (n = 1) with ||Z||^2 >= sigma^2 - eps/6, <Z, G> >= -eps/6, ||G + Z - F||^2 <= sigma^2 - eps and
    <F, Z> < threshold * eps (possible iff threshold > 1/4), with |g|, |f|, |y| <= 1 and sigma^2 <= 1."""
    if threshold <= Fraction(1, 4):
        return None
    z = Fraction(9, 10)
    a = z * z
    eps = Fraction(1, 10)
    for _ in range(60):
        sigma2 = a + eps / 6
        g = -(eps / 6) / z
        lo, hi = Fraction(5, 12) * eps, (threshold + Fraction(1, 6)) * eps  # need m >= 5eps/12 + m^2/(2a), m < hi
        m = (lo + hi) / 2
        if m >= lo + m * m / (2 * a) and sigma2 <= 1:
            f = g + (m / a) * z
            y = g + z
            fit = (y - f) ** 2
            corr = f * z
            chain_mid = z * z + 2 * z * (g - f) + (g - f) ** 2
            chain_low = sigma2 - eps / 3 - 2 * z * f
            ok = (z * z >= sigma2 - eps / 6 and z * g >= -eps / 6 and fit <= sigma2 - eps and corr < threshold * eps
                  and abs(f) <= 1 and abs(g) <= 1 and abs(y) <= 1)
            if ok:
                return {"n": 1, "eps": str(eps), "sigma2": str(sigma2), "z": str(z), "g": str(g), "f": str(f),
                        "y": str(y), "||Z||^2": str(z * z), "<Z,G>": str(z * g), "fit": str(fit),
                        "sigma2-eps": str(sigma2 - eps), "<F,Z>": str(corr), "threshold*eps": str(threshold * eps),
                        "middle of chain": str(chain_mid), "claimed lower end sigma2-eps/3-2<Z,F>": str(chain_low),
                        "middle >= lower end": chain_mid >= chain_low}
        eps /= 2
    return None


def check_step_3(ctx: Context, *, threshold: Fraction = Fraction(1, 3)) -> Evidence:
    """The implication: ||Z||^2 >= sigma^2 - eps/6, <Z, G> >= -eps/6, ||G + Z - F||^2 <= sigma^2 - eps imply
    <F, Z> >= threshold * eps. True for threshold <= 1/4 (fit = ||Z||^2 + 2<Z, G> - 2<Z, F> + ||G - F||^2 >=
    sigma^2 - eps/6 - eps/3 - 2<Z, F>); for threshold > 1/4 an exact counterexample is constructed."""
    if not _identity_and_lower_bound():
        return Evidence.inconclusive("sympy could not verify the identity", method="symbolic")
    if threshold <= Fraction(1, 4):
        return Evidence.verified(
            "identity ||G+Z-F||^2 = ||Z||^2 + 2<Z,G-F> + ||G-F||^2 (sympy, per coordinate); with ||Z||^2 >= sigma^2 - "
            "eps/6, 2<Z,G> >= -eps/3 and ||G-F||^2 >= 0: fit >= sigma^2 - eps/2 - 2<Z,F>; fit <= sigma^2 - eps then "
            f"gives <F,Z> >= eps/4 >= {threshold} eps")
    cex = counterexample_step_3(threshold)
    if cex is None:
        return Evidence.inconclusive(f"no counterexample constructed for threshold {threshold}", method="exact")
    return Evidence.refuted(
        f"exact counterexample (n = 1, rationals): eps = {cex['eps']}, sigma^2 = {cex['sigma2']}, z = {cex['z']}, "
        f"g = {cex['g']}, f = {cex['f']}: ||Z||^2 = sigma^2 - eps/6, <Z,G> = -eps/6, fit = {cex['fit']} <= sigma^2 - "
        f"eps = {cex['sigma2-eps']}, yet <F,Z> = {cex['<F,Z>']} < {threshold} eps = {cex['threshold*eps']}; the "
        f"chain's middle term {cex['middle of chain']} is below its claimed lower end "
        f"{cex['claimed lower end sigma2-eps/3-2<Z,F>']} (the cross term 2<Z,G> contributes -eps/3, not -eps/6)",
        method="exact", counterexample=cex)


_CEX_ABOVE_QUARTER = ("an exact counterexample (n = 1, rationals) exists for every threshold above 1/4: the cross "
                      "term 2<Z, G> contributes -eps/3, so the hypotheses leave <F, Z> as low as eps/4 + o(1)")

STEP_3 = Claim(
    "With Z, G, F the vectors (z_i), (g(x_i)), (f(x_i)) divided by sqrt n: if ||Z||^2 >= sigma^2 - eps/6 and "
    "<Z, G> >= -eps/6, then ||G + Z - F||^2 <= sigma^2 - eps implies <F, Z> >= {threshold} eps, because sigma^2 - "
    "eps >= ||Z||^2 + 2<Z, G - F> + ||G - F||^2 >= sigma^2 - eps/3 - 2<Z, F>",
    {"threshold": Fraction(1, 3)}, kind="inequality",
    mutants=(Mutant({"threshold": Fraction(1, 2)}, _CEX_ABOVE_QUARTER),
             Mutant({"threshold": Fraction(1)}, _CEX_ABOVE_QUARTER)),
)


@lem_noise_correlation.step(
    3, STEP_3, method="exact",
    erratum="the chain's last inequality drops a factor 2 on the cross term: the hypotheses give "
            "||Z||^2 + 2<Z, G-F> + ||G-F||^2 >= sigma^2 - eps/2 - 2<Z, F>, so only <F, Z> >= eps/4 follows",
)
def step_3(ctx: Context) -> Evidence:
    return check_step_3(ctx, threshold=ctx.claim.threshold)


STEP_3_CORRECTED = Claim(
    "Under the same hypotheses ||G + Z - F||^2 >= sigma^2 - eps/2 - 2<Z, F>, so fit <= sigma^2 - eps implies "
    "<F, Z> >= {threshold} eps (sharp: every threshold above eps/4 has an exact counterexample); Lemma 2.1 holds "
    "with eps/4 in place of eps/3 (or with eps/3 and deviations eps/9, at the price 2 exp(-n eps^2/648))",
    {"threshold": Fraction(1, 4)}, kind="inequality",
    mutants=(Mutant({"threshold": Fraction(1, 4) + Fraction(1, 100)},
                    "passes the sharp value 1/4 that the correction itself establishes; " + _CEX_ABOVE_QUARTER),
             Mutant({"threshold": Fraction(3, 10)}, _CEX_ABOVE_QUARTER)),
)


@lem_noise_correlation.correction(3, STEP_3_CORRECTED)
def step_3_correction(ctx: Context) -> Evidence:
    threshold = ctx.claim.threshold
    ok = check_step_3(ctx, threshold=threshold)
    if ok.status.value != "verified":
        return ok
    sharp = check_step_3(ctx, threshold=Fraction(1, 4) + Fraction(1, 1000))
    if sharp.status.value == "refuted":
        return Evidence.verified(ok.detail + " || sharp: threshold 1/4 + 1/1000 refuted: " + sharp.detail,
                                 method="symbolic+exact")
    return Evidence.all_of(ok, Evidence.inconclusive(f"sharpness: {sharp.status}", method="exact"))


# --------------------------------------------------------------------------------------------------------------
# the conclusion

def exact_zero_class(const: float = 8**3, threshold: Fraction = Fraction(1, 3)) -> Evidence:
    """F = {0}, g = 0, y = z in {-1, 0, 1} w.p. 1/4, 1/2, 1/4 (sigma^2 = 1/2): the event {exists f: <F,Z> >= ...} is
    empty, so the lemma says P(mean z^2 <= 1/2 - eps) <= 2 exp(-n eps^2/const): exact binomial tails on a grid."""
    worst = (0.0, None)
    with mpmath.workdps(40):
        for n in (5, 10, 20, 50, 100, 200, 500):
            for eps in (Fraction(1, 10), Fraction(1, 4), Fraction(2, 5)):
                p = _binom_cdf(n, math.floor(n * (Fraction(1, 2) - eps)), Fraction(1, 2))
                b = 2 * mpmath.exp(-n * _mpf(eps) ** 2 / const)
                r = float(mpmath.mpf(p.numerator) / p.denominator / b)
                if r > worst[0]:
                    worst = (r, {"n": n, "eps": float(eps), "P": float(p), "bound": float(b)})
                if r > 1:
                    return Evidence.refuted(f"F = {{0}}: P(fit <= sigma^2 - eps) = {float(p):.6g} > 2 exp(-n eps^2/"
                                            f"{const}) = {float(b):.6g} at n = {n}, eps = {float(eps)} (exact)",
                                            method="exact", counterexample=worst[1])
    return Evidence.consistent(f"F = {{0}} instance: exact P(fit event)/bound <= {worst[0]:.4g} on the grid",
                               method="exact", data={"worst": worst[1]})


def _instance(d: int, n_funcs: int, rng: np.random.Generator):
    """Gaussian data N(0, I_d/d), g(x) = clip(sqrt d x_1, -1, 1)/2, labels +-1 with E[y|x] = g, and a finite class:
    g itself, constants 0 and +-1/2, and clip(sqrt d <w, x>) for random unit w."""
    W = rng.standard_normal((n_funcs, d))
    W /= np.linalg.norm(W, axis=1, keepdims=True)
    # E g^2 = E[min(Z^2, 1)]/4 with Z ~ N(0, 1): E[Z^2; |Z| < 1] = erf(1/sqrt 2) - 2 phi(1); P(|Z| >= 1) = erfc(1/sqrt 2)
    phi1 = math.exp(-0.5) / math.sqrt(2 * math.pi)
    e_min = (math.erf(1 / math.sqrt(2)) - 2 * phi1) + math.erfc(1 / math.sqrt(2))
    sigma2 = 1 - e_min / 4

    def values(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(g values (m, n), class values (m, n, |F|)) for x of shape (m, n, d)."""
        s = math.sqrt(d)
        g = np.clip(s * x[..., 0], -1, 1) / 2
        proj = np.clip(s * np.einsum("mnd,fd->mnf", x, W), -1, 1)
        consts = np.broadcast_to(np.array([0.0, 0.5, -0.5]), x.shape[:2] + (3,))
        return g, np.concatenate([g[..., None], consts, proj], axis=2)

    return sigma2, values


def mc_difference(ctx: Context, *, n: int, eps: float, const: float = 8**3, threshold: float = 1 / 3,
                  d: int = 8, n_funcs: int = 8, samples: int = 1000) -> Evidence:
    """Monte Carlo on the synthetic instance: P(A \\ B) <= 2 exp(-n eps^2/const) with A = {exists f: fit <= sigma^2 -
    eps}, B = {exists f: (1/n) sum f(x_i) z_i >= threshold eps}. Since P(A) <= P(B) + P(A \\ B), this checks the
    lemma (a stronger form of it) with both events evaluated on the same data sets."""
    sigma2, values = _instance(d, n_funcs, np.random.default_rng(ctx.seed_for("class")))
    bound = 2 * math.exp(-n * eps * eps / const)

    def trial(rng: np.random.Generator, m: int) -> np.ndarray:
        x = rng.standard_normal((m, n, d)) / math.sqrt(d)
        g, F = values(x)
        y = np.where(rng.random((m, n)) < (1 + g) / 2, 1.0, -1.0)
        z = y - g
        fit = ((F - y[..., None]) ** 2).mean(axis=1)
        corr = (F * z[..., None]).mean(axis=1)
        A = (fit <= sigma2 - eps).any(axis=1)
        B = (corr >= threshold * eps).any(axis=1)
        return A & ~B

    r = check_trials(trial, bound=min(bound, 1.0), alpha=ctx.alpha, samples=ctx.samples(samples),
                     seed=ctx.seed_for(f"mc-{n}-{eps}"), batch=50,
                     claim=f"P(A \\ B) <= 2 exp(-n eps^2/{const}) at n={n}, eps={eps}")
    return Evidence.from_check(r, what=f"Gaussian d={d}, |F|={n_funcs + 4}, sigma^2={sigma2:.4f} (power: none on "
                                        "the constant: the printed bound is >= 1 wherever A is observable, and on "
                                        "this class A \\ B was never seen in 4000 data sets at any n = 5..40, "
                                        "eps = 0.1..0.5, so this guards only against a gross error in the event "
                                        "logic; the exact zero-class part is the check with power)")


def exact_rich_class(const: Any = 8**3, threshold: Any = Fraction(1, 3)) -> Evidence:
    """g = 0, y = z in {-1, 0, 1} w.p. 1/4, 1/2, 1/4, and F = all functions with values in {-1, 0, 1} on the sample
    (finite): f = y fits exactly, so P(A) = 1, and max_f (1/n) sum f(x_i) z_i = mean |z_i| ~ Bin(n, 1/2)/n. The lemma
    says 1 <= 2 exp(-n eps^2/const) + P(Bin(n, 1/2) >= threshold eps n): exact on a grid. This instance has power on
    the threshold (any threshold eps > 1/2 makes the second term vanish for large n)."""
    const_m = _mpf(Fraction(str(sp.nsimplify(const))))
    thr = Fraction(str(sp.nsimplify(threshold)))
    worst = None
    with mpmath.workdps(50):
        for n in (100, 500, 1000, 2000):
            for eps in (Fraction(1, 2), Fraction(9, 10)):
                k = math.ceil(thr * eps * n)
                tail = Fraction(sum(math.comb(n, j) for j in range(max(k, 0), n + 1)), 2**n) if k <= n else Fraction(0)
                rhs = 2 * mpmath.exp(-n * _mpf(eps) ** 2 / const_m) + _mpf(tail)
                if worst is None or rhs < worst[0]:
                    worst = (rhs, n, eps)
                if rhs < 1:
                    cex = {"n": n, "eps": str(eps), "P(A)": 1, "2exp(-n eps^2/const)": float(rhs - _mpf(tail)),
                           "P(B)": float(tail), "class": "all {-1,0,1}-valued functions on the sample",
                           "law": "g = 0, y = z in {-1, 0, 1} w.p. 1/4, 1/2, 1/4"}
                    return Evidence.refuted(
                        f"F = all {{-1,0,1}}-valued functions: P(exists f: fit <= sigma^2 - eps) = 1 > 2 exp(-n eps^2/"
                        f"{const}) + P(exists f: <F,Z> >= {threshold} eps) = {float(rhs):.6g} at n = {n}, eps = {eps} "
                        "(exact)", method="exact", counterexample=cex)
    return Evidence.consistent(f"rich class instance: 2 exp(-n eps^2/{const}) + P(B) >= {float(worst[0]):.6g} >= 1 = "
                               f"P(A) on the grid (least at n = {worst[1]}, eps = {worst[2]}; exact)", method="exact")


CONCLUSION = Claim(
    "P(exists f: fit <= sigma^2 - eps) <= 2 exp(-n eps^2/{const}) + P(exists f: (1/n) sum f(x_i) z_i >= "
    "{threshold} eps) [exact instances: consistent; the printed proof supports it only with eps/4 in place of eps/3 "
    "(step 3 erratum)]",
    {"const": 8**3, "threshold": Fraction(1, 3)}, kind="probability",
    mutants=(
        Mutant({"const": Fraction(1, 4)}, "F = {0}, y = z in {-1, 0, 1}: P(mean z^2 <= 1/2 - eps) decays at the rate "
                                          "KL(1/2 - eps || 1/2) < 4 eps^2, slower than 2 exp(-4 n eps^2)"),
        Mutant({"threshold": Fraction(1)}, "F = all {-1,0,1}-valued functions on the sample: P(A) = 1 while "
                                           "P(mean |z| >= 0.9) and 2 exp(-n 0.81/512) are small at n = 1000"),
        Mutant({"threshold": Fraction(4)}, "threshold eps > 2 >= |<F, Z>| makes the second term 0, but P(A) = 1 for the "
                                           "class of all {-1,0,1}-valued functions"),
    ),
)


@lem_noise_correlation.conclusion_step(CONCLUSION, method="exact+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    const, threshold = ctx.claim.const, ctx.claim.threshold
    sub = Context(ctx.step_id, ctx.alpha / 2, ctx.seed, ctx.thorough, ctx.scale)
    return Evidence.all_of(exact_zero_class(const=const, threshold=threshold),
                           exact_rich_class(const=const, threshold=threshold),
                           mc_difference(sub, n=3000, eps=0.5, samples=300, const=float(const),
                                         threshold=float(threshold)))
