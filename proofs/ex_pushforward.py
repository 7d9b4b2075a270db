"""ex-pushforward: M-Lipschitz images of a c-isoperimetric law, and Gaussian data plus small independent noise.

If mu on R^d is c-isoperimetric and T: R^d -> R^{d'} is M-Lipschitz, then for L-Lipschitz f on R^{d'} the
composition f o T is LM-Lipschitz on R^d, so P(|f(TX) - E f(TX)| >= t) <= 2 exp(-d t^2/(2 c L^2 M^2)), which is
Definition 1.1 in dimension d' with c' = c M^2 d'/d. Noise: with (X, Z) ~ N(0, I_2d/d) (data and noise at the same
scale), Y = T(X) + sigma Z is the image of W ~ N(0, I_2d/(2d)) under w -> T(sqrt(2) w_1) + sqrt(2) sigma w_2, which is
sqrt(2) sqrt(M^2 + sigma^2)-Lipschitz, so c' = 1 * 2 (M^2 + sigma^2) * d/(2d) = M^2 + sigma^2 (= 1 + sigma^2 for
Gaussian data, exactly the constant of N(0, (1 + sigma^2) I_d/d)).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from _isoperimetry_checks import family_check
from scipy import special

from isoper import Context, Evidence, Gaussian, PushForward, Statement, check_isoperimetry
from isoper.testfunctions import Linear

ex_pushforward = Statement(
    id="ex-pushforward",
    title="M-Lipschitz images of a c-isoperimetric law on R^d are c'-isoperimetric on R^{d'}, c' = c M^2 d'/d; "
          "Gaussian data plus independent noise sigma Z is (1 + sigma^2)-isoperimetric",
    source="Bubeck-Sellke 2021, examples after Definition 1.1 (Lipschitz images; 'Gaussian plus small noise')",
    hypotheses=("X ~ mu on R^d, c-isoperimetric", "T: R^d -> R^{d'} M-Lipschitz", "f bounded and L-Lipschitz on R^{d'}"),
    conclusion="T(X) is c'-isoperimetric with c' = c M^2 d'/d; X + sigma Z (X, Z ~ N(0, I_d/d) independent) has "
               "c' = 1 + sigma^2, and T(X) + sigma Z has c' = M^2 + sigma^2",
    order=2.6,
)


def tanh_map(M: float = 1.0):
    """x -> M tanh(sqrt(d) x)/sqrt(d) coordinatewise: derivative M sech^2 <= M, so M-Lipschitz (diagonal Jacobian)."""
    def T(x: np.ndarray) -> np.ndarray:
        s = math.sqrt(x.shape[1])
        return M * np.tanh(s * x) / s
    return T


def noisy_map(d: int, sigma: float, M: float = 1.0):
    """w = (w_1, w_2) in R^{2d} -> M tanh(sqrt(d) sqrt(2) w_1)/sqrt(d) + sqrt(2) sigma w_2, so that with
    W ~ N(0, I_2d/(2d)) the image is T(X) + sigma Z, X = sqrt(2) w_1, Z = sqrt(2) w_2 ~ N(0, I_d/d)."""
    def T(w: np.ndarray) -> np.ndarray:
        x, z = math.sqrt(2) * w[:, :d], math.sqrt(2) * w[:, d:]
        return M * np.tanh(math.sqrt(d) * x) / math.sqrt(d) + sigma * z
    return T


@ex_pushforward.step(1, "Push-forward rule: f o T is LM-Lipschitz, and 2 exp(-d t^2/(2 c (LM)^2)) equals "
                     "2 exp(-d' t^2/(2 c' L^2)) with c' = c M^2 d'/d; isoper's PushForward constant agrees",
                     method="symbolic")
def step_1(ctx: Context) -> Evidence:
    d, dp, c, M, L, t = sp.symbols("d dprime c M L t", positive=True)
    cp = c * M**2 * dp / d
    same = sp.simplify(-d * t**2 / (2 * c * (L * M) ** 2) - (-dp * t**2 / (2 * cp * L**2))) == 0
    lib = []
    for dd, dout, MM in ((8, 8, 3.0), (8, 16, 2.0), (16, 4, 1.0)):
        mu = PushForward(Gaussian(dd), lambda x, k=dout // dd if dout >= dd else 1, n=dout: np.tile(x, k)[:, :n],
                         lipschitz=MM, out_dim=dout)
        lib.append(math.isclose(float(mu.isoperimetry_constant), MM**2 * dout / dd, rel_tol=1e-12))
    if same and all(lib):
        return Evidence.verified("|f(Tx) - f(Ty)| <= L |Tx - Ty| <= LM |x - y|; the exponents agree identically for "
                                 "c' = c M^2 d'/d (sympy); PushForward.isoperimetry_constant matches on 3 instances")
    return Evidence.inconclusive(f"sympy: exponents {same}, library {lib}", method="symbolic")


@ex_pushforward.step(2, "The coordinatewise map x -> M tanh(sqrt(d) x)/sqrt(d) is M-Lipschitz (derivative M sech^2 "
                     "<= M); the map w -> T(sqrt(2) w_1) + sqrt(2) sigma w_2 is sqrt(2) sqrt(M^2 + sigma^2)-Lipschitz "
                     "(Cauchy-Schwarz: M a + sigma b <= sqrt(M^2 + sigma^2) sqrt(a^2 + b^2)), giving c' = M^2 + "
                     "sigma^2 from N(0, I_2d/(2d)) in dimension 2d", method="symbolic")
def step_2(ctx: Context) -> Evidence:
    x = sp.Symbol("x", real=True)
    M, d, sigma, a, b = sp.symbols("M d sigma a b", positive=True)
    deriv = sp.simplify(sp.diff(M * sp.tanh(sp.sqrt(d) * x) / sp.sqrt(d), x))
    # M - M sech^2 = M tanh^2 >= 0
    lip_tanh = sp.simplify(M - deriv - M * sp.tanh(sp.sqrt(d) * x) ** 2) == 0
    cs = sp.expand((M**2 + sigma**2) * (a**2 + b**2) - (M * a + sigma * b) ** 2 - (M * b - sigma * a) ** 2) == 0
    cp = sp.simplify(1 * (sp.sqrt(2) * sp.sqrt(M**2 + sigma**2)) ** 2 * d / (2 * d))
    lib = math.isclose(float(PushForward(Gaussian(6), noisy_map(3, 0.5), lipschitz=math.sqrt(2 * 1.25),
                                         out_dim=3).isoperimetry_constant), 1.25, rel_tol=1e-12)
    gauss = sp.simplify(cp.subs(M, 1) - (1 + sigma**2)) == 0
    if lip_tanh and cs and sp.simplify(cp - (M**2 + sigma**2)) == 0 and gauss and lib:
        return Evidence.verified(f"T' = {deriv} = M (1 - tanh^2) <= M; (M^2 + s^2)(a^2 + b^2) - (M a + s b)^2 = "
                                 f"(M b - s a)^2 >= 0; c' = 2 (M^2 + sigma^2) d/(2d) = {cp}, = 1 + sigma^2 for M = 1, "
                                 "the constant of N(0, (1 + sigma^2) I_d/d) (sympy)")
    return Evidence.inconclusive(f"sympy: tanh {lip_tanh}, CS {cs}, c' {cp}, gauss {gauss}, library {lib}",
                                 method="symbolic")


def check_tanh(ctx: Context, *, M: float = 1.0, c: float | None = None, d: int = 16, samples: int = 10_000,
               bounds: tuple[float, ...] = (0.02,)) -> Evidence:
    """Monte Carlo: the test family on the image of N(0, I_d/d) by the M-Lipschitz tanh map, at c (default M^2)."""
    mu = PushForward(Gaussian(d), tanh_map(M), lipschitz=M, out_dim=d)
    return family_check(ctx, mu, M**2 if c is None else c, samples=samples, bounds=bounds)


def check_duplicate(ctx: Context, *, c: float = 4.0, d: int = 16, samples: int = 10_000,
                    bounds: tuple[float, ...] = (0.02, 0.005)) -> Evidence:
    """Monte Carlo: x -> (x, x) maps N(0, I_d/d) into R^{2d} with M = sqrt(2), so c' = 1 * 2 * 2d/d = 4.

    Besides the test family (whose random directions barely see the duplication), the worst linear functional
    f(y) = (y_1 + y_{d+1})/sqrt(2) = sqrt(2) x_1 ~ N(0, 2/d) (mean 0 exactly) is checked at the t where the claimed
    bound equals each value in ``bounds``.
    """
    mu = PushForward(Gaussian(d), lambda x: np.concatenate([x, x], axis=1), lipschitz=math.sqrt(2), out_dim=2 * d)
    a = np.zeros(2 * d)
    a[0] = a[d] = 1 / math.sqrt(2)
    f = Linear(a)
    parts = [family_check(_split(ctx, 2), mu, c, samples=samples)]
    for j, b in enumerate(bounds):
        t = math.sqrt(2 * c * math.log(2 / b) / (2 * d))
        r = check_isoperimetry(mu, f, c=c, t=t, center=0.0, alpha=ctx.alpha / (2 * len(bounds)),
                               samples=ctx.samples(samples), seed=ctx.seed_for(f"dup-{d}-{j}"))
        parts.append(Evidence.from_check(r, what=f"(x, x), d'={2 * d}, f = (y_1 + y_(d+1))/sqrt 2, c = {c:g}"))
    return Evidence.all_of(*parts)


def check_noise(ctx: Context, *, sigma: float = 0.5, M: float = 1.0, c: float | None = None, d: int = 16,
                samples: int = 10_000, bounds: tuple[float, ...] = (0.02,)) -> Evidence:
    """Monte Carlo: the test family on T(X) + sigma Z at c (default M^2 + sigma^2)."""
    mu = PushForward(Gaussian(2 * d), noisy_map(d, sigma, M), lipschitz=math.sqrt(2 * (M**2 + sigma**2)), out_dim=d)
    return family_check(ctx, mu, M**2 + sigma**2 if c is None else c, samples=samples, bounds=bounds)


def _split(ctx: Context, k: int) -> Context:
    return Context(ctx.step_id, ctx.alpha / k, ctx.seed, ctx.thorough, ctx.scale)


@ex_pushforward.step(3, "Monte Carlo, nonlinear images of N(0, I_d/d), d = 16: the tanh map with M = 1 (c' = 1) and "
                     "M = 3 (c' = 9), and the dimension-doubling x -> (x, x) (M = sqrt 2, d' = 2d, c' = 4) satisfy "
                     "Definition 1.1 with c' = c M^2 d'/d on the test family", method="monte-carlo")
def step_3(ctx: Context) -> Evidence:
    sub = _split(ctx, 3)
    return Evidence.all_of(check_tanh(sub, M=1.0), check_tanh(sub, M=3.0), check_duplicate(sub))


def check_gaussian_noise(ctx: Context, *, sigma: float = 0.5, c: float | None = None, d: int = 16,
                         samples: int = 10_000, bounds: tuple[float, ...] = (0.02,)) -> Evidence:
    """X + sigma Z (X, Z ~ N(0, I_d/d)) at c (default 1 + sigma^2): the test family by Monte Carlo, and exactly the
    unit linear functional <e_1, X + sigma Z> ~ N(0, (1 + sigma^2)/d), the tight direction, against
    2 exp(-d t^2/(2c)) on a grid of t up to 10 standard deviations (compared in log space)."""
    mu = PushForward(Gaussian(2 * d), lambda w: math.sqrt(2) * (w[:, :d] + sigma * w[:, d:]),
                     lipschitz=math.sqrt(2 * (1 + sigma**2)), out_dim=d)
    cc = 1 + sigma**2 if c is None else c
    return Evidence.all_of(exact_gaussian_linear(d, (1 + sigma**2) / d, cc, what=f"X + {sigma:g} Z, <e_1, .>"),
                           family_check(ctx, mu, cc, samples=samples, bounds=bounds))


def exact_gaussian_linear(d: int, var: float, c: float, *, sds: float = 10.0, points: int = 201,
                          what: str = "") -> Evidence:
    """Exact: a linear functional ~ N(0, var) has P(|f| >= t) = 2 Phi(-t/sd); compare log of it with
    log 2 - d t^2/(2c) on t in [0, sds * sd] ('refuted' at the first t where the exact tail exceeds the bound by a
    relative margin 1e-9; a grid is not a proof, so 'consistent' otherwise)."""
    sd = math.sqrt(var)
    worst, worst_t = -math.inf, 0.0
    for t in np.linspace(0.0, sds * sd, points):
        log_tail = math.log(2.0) + float(special.log_ndtr(-t / sd))
        log_bound = math.log(2.0) - d * t * t / (2.0 * c)
        if log_tail > log_bound + 1e-9:
            return Evidence.refuted(f"{what}: exact log tail {log_tail:.6g} > log bound {log_bound:.6g} at t={t:.6g} "
                                    f"({t / sd:.3g} sd; d={d}, c={c:g})", method="exact-numeric",
                                    counterexample={"d": d, "c": c, "t": float(t), "log_exact": log_tail,
                                                    "log_bound": log_bound})
        if t > 0 and log_tail - log_bound > worst:
            worst, worst_t = log_tail - log_bound, float(t)
    return Evidence.consistent(f"{what}: exact tail <= bound at {points} grid points up to {sds:g} sd (d={d}, "
                               f"c={c:g}); max ratio {math.exp(worst):.4g} at t={worst_t:.4g}",
                               method="exact-numeric", data={"max_ratio": math.exp(worst)})


@ex_pushforward.step(4, "Data plus noise, d = 16: X + sigma Z (sigma = 0.5, c' = 1.25; exactly on the tight linear "
                     "functional up to 10 sd, and on the test family by Monte Carlo) and tanh-image + sigma Z "
                     "(M = 1, sigma = 0.5, c' = 1.25; test family, Monte Carlo) satisfy Definition 1.1",
                     method="exact-numeric+monte-carlo")
def step_4(ctx: Context) -> Evidence:
    sub = _split(ctx, 2)
    return Evidence.all_of(check_gaussian_noise(sub), check_noise(sub))


@ex_pushforward.conclusion_step(method="symbolic+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    sub = _split(ctx, 2)
    return Evidence.all_of(step_1(ctx), step_2(ctx), check_tanh(sub, M=2.0, d=32), check_noise(sub, sigma=0.25, d=32))
