"""ex-log-concave: a density exp(-V) on R^d with Hess V >= kappa I is c-isoperimetric with c = d/kappa.

Bakry-Emery: Hess V >= kappa I gives the log-Sobolev inequality Ent(g^2) <= (2/kappa) E|grad g|^2; Herbst's argument
turns it into P(|f - Ef| >= t) <= 2 exp(-kappa t^2/(2 L^2)) for L-Lipschitz f (Ledoux 2001, Thm 5.2 and 5.3), which
is Definition 1.1 with c = d/kappa. At the paper's scale, N(0, I_d/d) has kappa = d (c = 1), N(0, Sigma) has
kappa = 1/lambda_max(Sigma) (c = d lambda_max), and the product of densities exp(-d y^2/2 - d^2 y^4/4) (the law of
U/sqrt(d), U with density ~ exp(-u^2/2 - u^4/4)) has kappa = d (c = 1).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from _isoperimetry_checks import family_check
from _measure_examples import QuarticProduct, exact_tail_grid, quartic_potential
from scipy import special

from isoper import Context, Evidence, Gaussian, PushForward, Statement

ex_log_concave = Statement(
    id="ex-log-concave",
    title="A density exp(-V) with Hess V >= kappa I is c-isoperimetric with c = d/kappa",
    source="Bubeck-Sellke 2021, examples after Definition 1.1; Bakry-Emery 1985, Herbst (Ledoux 2001, Thm 5.2, 5.3)",
    hypotheses=("X has density exp(-V) on R^d", "Hess V >= kappa I, kappa > 0", "f bounded and L-Lipschitz"),
    conclusion="P(|f(X) - E f| >= t) <= 2 exp(-kappa t^2/(2 L^2)) = 2 exp(-d t^2/(2 c L^2)) with c = d/kappa",
    order=2.4,
)


def covariance_instance(d: int, seed: int = 20210524) -> tuple[np.ndarray, np.ndarray]:
    """A fixed covariance Sigma = Q diag(lam) Q^T with eigenvalues lam = linspace(0.5, 2, d)/d (paper's scale), and
    its square root A (so X = sqrt(d) A G has covariance Sigma when G ~ N(0, I_d/d))."""
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    lam = np.linspace(0.5, 2.0, d) / d
    return (Q * lam) @ Q.T, (Q * np.sqrt(lam)) @ Q.T


def gaussian_covariance_measure(d: int) -> tuple[PushForward, float]:
    """N(0, Sigma) as the push-forward of N(0, I_d/d) by the linear map x -> sqrt(d) A x, with lambda_max(Sigma)."""
    Sigma, A = covariance_instance(d)
    lam_max = float(np.linalg.eigvalsh(Sigma)[-1])
    M = math.sqrt(d * lam_max)
    s = math.sqrt(d)

    def T(x: np.ndarray) -> np.ndarray:
        return s * (x @ A.T)

    return PushForward(Gaussian(d), T, lipschitz=M, out_dim=d), lam_max


@ex_log_concave.step(1, "Herbst: the log-Sobolev constant 1/kappa (Bakry-Emery) gives 2 exp(-kappa t^2/(2 L^2)), "
                     "which equals Definition 1.1's bound with c = d/kappa", method="symbolic")
def step_1(ctx: Context) -> Evidence:
    d, t, L, kappa = sp.symbols("d t L kappa", positive=True)
    c = d / kappa
    if sp.simplify(-kappa * t**2 / (2 * L**2) - (-d * t**2 / (2 * c * L**2))) == 0:
        return Evidence.verified("exponents agree identically for c = d/kappa (sympy)")
    return Evidence.inconclusive("sympy did not identify the exponents", method="symbolic")


@ex_log_concave.step(2, "Instances at the paper's scale: N(0, I_d/d) has kappa = d, so c = 1 (isoper's Gaussian "
                     "constant); N(0, Sigma) has kappa = 1/lambda_max, so c = d lambda_max, the push-forward "
                     "constant of x -> sqrt(d) Sigma^(1/2) x; U/sqrt(d) with U_i ~ exp(-u^2/2 - u^4/4) has "
                     "kappa = d (V'' = 1 + 3 u^2 >= 1), so c = 1", method="symbolic")
def step_2(ctx: Context) -> Evidence:
    d, lam = sp.symbols("d lambda", positive=True)
    xs = sp.symbols("x1:4", real=True)
    # N(0, I/d) in dimension 3 (symbolic d): V = d |x|^2/2, Hessian d I
    V = d * sum(x**2 for x in xs) / 2
    hess_gauss = sp.hessian(V, xs) == d * sp.eye(3)
    c_gauss = sp.simplify(d / d)
    lib = all(float(Gaussian(k).isoperimetry_constant) == 1.0 for k in (1, 16))
    # N(0, Sigma): Hess V = Sigma^{-1} >= I/lambda_max, kappa = 1/lambda_max; push-forward M^2 = d lambda_max
    c_sigma = d / (1 / lam)
    c_push = 1 * sp.sqrt(d * lam) ** 2 * d / d
    sigma_ok = sp.simplify(c_sigma - c_push) == 0
    inst, lam_max = gaussian_covariance_measure(8)
    lib_sigma = math.isclose(float(inst.isoperimetry_constant), 8 * lam_max, rel_tol=1e-9)
    # quartic product: V(u) = u^2/2 + u^4/4, V'' = 1 + 3u^2 >= 1; scaled potential V(sqrt(d) y) has V'' >= d
    u, Vq = quartic_potential()
    v2 = sp.diff(Vq, u, 2)
    quartic_ok = sp.simplify(v2 - 1 - 3 * u**2) == 0 and (v2 - 1).is_nonnegative
    y = sp.Symbol("y", real=True)
    scaled = sp.simplify(sp.diff(Vq.subs(u, sp.sqrt(d) * y), y, 2) - d * v2.subs(u, sp.sqrt(d) * y)) == 0
    facts = {"Gaussian Hessian = d I": hess_gauss, "c = d/d = 1": c_gauss == 1, "isoper Gaussian c = 1": lib,
             "d/kappa = push-forward c for Sigma": sigma_ok, "PushForward(Sigma) constant = d lambda_max": lib_sigma,
             "V'' = 1 + 3u^2 >= 1": bool(quartic_ok), "scaled V'' = d V''": scaled}
    if all(facts.values()):
        return Evidence.verified("; ".join(facts) + " (sympy)")
    return Evidence.inconclusive(f"not established: {[k for k, v in facts.items() if not v]}", method="symbolic")


def check_covariance_exact(c_of_lam: float | None = None, *, dims: tuple[int, ...] = (4, 16, 64)) -> Evidence:
    """Exact tail of the unit linear functional along the top eigenvector of Sigma, <v, X> ~ N(0, lambda_max),
    against 2 exp(-d t^2/(2 c)) with c = d lambda_max (or c = c_of_lam * d * lambda_max to test a wrong factor)."""
    parts = []
    for d in dims:
        _, lam_max = gaussian_covariance_measure(d)
        c = d * lam_max * (1.0 if c_of_lam is None else c_of_lam)
        s = math.sqrt(lam_max)
        parts.append(exact_tail_grid(lambda t, s=s: float(special.erfc(t / s / math.sqrt(2))), d, c,
                                     np.linspace(0, 8 * s, 161), what=f"N(0, Sigma), top eigenvector, d={d}"))
    return Evidence.all_of(*parts)


@ex_log_concave.step(3, "N(0, Sigma), exact: the unit linear functional along the top eigenvector, ~ N(0, lambda_max), "
                     "has tail <= 2 exp(-d t^2/(2 c)) with c = d lambda_max (the tight direction), d = 4, 16, 64",
                     method="exact-numeric")
def step_3(ctx: Context) -> Evidence:
    return check_covariance_exact()


def check_covariance_mc(ctx: Context, *, factor: float = 1.0, d: int = 16, samples: int = 15_000) -> Evidence:
    """Monte Carlo: the test family on N(0, Sigma) at c = factor * d lambda_max."""
    mu, lam_max = gaussian_covariance_measure(d)
    return family_check(ctx, mu, factor * d * lam_max, samples=samples)


@ex_log_concave.step(4, "N(0, Sigma), Monte Carlo: the test family satisfies Definition 1.1 with c = d lambda_max = 2 "
                     "(eigenvalues linspace(0.5, 2, d)/d), d = 16", method="monte-carlo")
def step_4(ctx: Context) -> Evidence:
    return check_covariance_mc(ctx)


def check_quartic(ctx: Context, *, c: float = 1.0, dims: tuple[int, ...] = (16, 64), samples: int = 10_000
                  ) -> Evidence:
    """Monte Carlo: the test family on the quartic product law (kappa = d) at constant c."""
    sub = Context(ctx.step_id, ctx.alpha / len(dims), ctx.seed, ctx.thorough, ctx.scale)
    return Evidence.all_of(*[family_check(sub, QuarticProduct(d), c, samples=samples) for d in dims])


@ex_log_concave.step(5, "Non-Gaussian, Monte Carlo: U/sqrt(d) with U_i i.i.d. ~ exp(-u^2/2 - u^4/4) (exact rejection "
                     "sampling) satisfies Definition 1.1 with c = d/kappa = 1 on the test family, d = 16, 64",
                     method="monte-carlo")
def step_5(ctx: Context) -> Evidence:
    return check_quartic(ctx)


@ex_log_concave.conclusion_step(method="symbolic+exact-numeric+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    half = Context(ctx.step_id, ctx.alpha / 2, ctx.seed, ctx.thorough, ctx.scale)
    return Evidence.all_of(step_1(ctx), step_2(ctx), check_covariance_exact(dims=(32,)),
                           check_covariance_mc(half, d=32, samples=10_000),
                           check_quartic(half, dims=(32,), samples=10_000))
