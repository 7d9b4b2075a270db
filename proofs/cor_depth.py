"""cor-depth (consequences (3.1), (3.2) of Lemma 3.1 in Theorem 3).

(3.1): with J = R (W Q p)^D, log(60 W J/eps) <= 2 D Lam, Lam = log(60 W Q p R/eps) (W, Q, p >= 1, 60 R >= eps), so
Theorem 3 gives Lip >= eps/(2^9 sqrt c sqrt(2 Lam + log(4/delta))) sqrt(n d/(D p)) = Omega~(sqrt(n d/(D p))).
(3.2): with J = Bbar Q R sqrt p, log(60 W J/eps) = log Bbar + log(60 W Q R sqrt(p)/eps) <= 2 log(Bbar) M for
Bbar >= e... stated as Lip >= Omega~(sqrt(n d/(p log Bbar))): checked in the form
p log(60 W J/eps) + log(4/delta) <= p log(Bbar) * (1 + M) + log(4/delta) with M = log(60 W Q R sqrt(p)/eps) >= 0,
for Bbar >= e.

Status. The checkers prove the log algebra; both consequences also rest on Lemma 3.1's parameter bound. (3.1) uses it
on the convex box [-W, W]^p with Bbar = (W sqrt(pQ))^D, which is proved (lem-network-param, step 7): verified. (3.2)
uses it on the non-convex class {B <= Bbar}, i.e. the endpoint version (lem-network-param, step 3), which is only
searched: inconclusive while that step is. A sympy result other than verified is reported as refuted only with a
counterexample (a numeric ratio < 1 or a sympy refutation), else inconclusive.
"""

from __future__ import annotations

import math

import lem_network_param as lem
import sympy as sp

from isoper import Context, Evidence, Statement
from isoper.certify import prove_symbolic
from isoper.law import lipschitz_lower_bound, network_J


def _lemma_evidence(ctx: Context, which: str) -> Evidence:
    """lem-network-param's evidence for the parameter bound this consequence uses: 'box' (step 7, convex box, used by
    (3.1)) or 'endpoint' (step 3, B(w1), B(w2) <= Bbar, used by (3.2))."""
    sub = Context(ctx.step_id + "/lemma-" + which, ctx.alpha, ctx.seed_for(which), ctx.thorough, ctx.scale)
    return lem.check_box_bound(sub) if which == "box" else lem.check_step_3(sub)


def _verdict(proof, worst: float, ok_detail: str, fail_detail: str, cex: dict) -> Evidence:
    """verified iff sympy verified and the numeric ratio >= 1; refuted only on a sympy refutation or a ratio < 1."""
    if proof.status == "verified" and worst >= 1:
        return Evidence.verified(ok_detail)
    if worst < 1 or proof.status == "refuted":
        return Evidence.refuted(fail_detail, method="symbolic", counterexample={**cex, "min_ratio": worst,
                                                                               "sympy": str(proof.status)})
    return Evidence.inconclusive(f"sympy {proof.status} (not a refutation); numeric ratio {worst:.4g} >= 1",
                                 method="symbolic")

cor_depth = Statement(
    id="cor-depth",
    title="(3.1)-(3.2): deep networks obey Lip >= Omega~(sqrt(nd/(Dp))), and Omega~(sqrt(nd/(p log Bbar))) when "
          "B(w) <= Bbar",
    source="Bubeck-Sellke 2021, Section 3, (3.1) and (3.2)",
    hypotheses=("depth-D network, p parameters in [-W, W], W >= 1, each tied to <= Q entries, ||x|| <= R",
                "Theorem 3's hypotheses"),
    conclusion="Lip >= Omega~(sqrt(nd/(Dp))); with B(w) <= Bbar: Lip >= Omega~(sqrt(nd/(p log Bbar)))",
    order=7.1,
)

# logs of the factors, all >= 0 on the domain: u = log(60 R/eps), lw = log W, lq = log Q, lp = log p
u, lw, lq, lp, e, b, lb, m = sp.symbols("u lw lq lp e b lb m", nonnegative=True)
D = 1 + e  # D >= 1


def check_step_1(ctx: Context, *, depth_power: int = 1) -> Evidence:
    """log(60 W J/eps) <= 2 D^depth_power Lam, hence the bound >= eps/(2^9 sqrt c sqrt(2 Lam + log 4/delta))
    sqrt(nd/(D^depth_power p)). depth_power = 0 is the wrong variant without the 1/D."""
    Dp = D**depth_power
    logJ = u + lw + D * (lw + lq + lp)  # log(60 W J/eps) with J = R (W Q p)^D
    Lam = u + lw + lq + lp  # log(60 W Q p R/eps)
    proof = prove_symbolic(2 * Dp * Lam, ">=", logJ, timeout=5.0)
    # numeric confirmation through isoper.law (and the failure of the variant without D)
    worst = math.inf
    for depth in (1, 2, 5, 20):
        for p in (10, 10**4):
            n, d, eps, delta, W, Q, R = 10**7, 100, 0.5, 0.01, 2.0, 2, 1.0
            J = network_J(depth=depth, p=p, Q=Q, weight_bound=W, input_radius=R)
            bound = lipschitz_lower_bound(n=n, d=d, p=p, eps=eps, delta=delta, W=W, J=J)
            lam = math.log(60 * W * Q * p * R / eps)
            form = eps / (2**9 * math.sqrt(2 * lam + math.log(4 / delta))) * math.sqrt(n * d / (depth**depth_power * p))
            worst = min(worst, bound / form)
    return _verdict(proof, worst,
                    f"2 D Lam - log(60 W J/eps) = (2D-1)u + D(lq+lp) + (D-1)lw >= 0 (sympy: {proof.detail[:80]}); "
                    "hence p log(60WJ/eps) + log(4/delta) <= D p (2 Lam + log(4/delta)); isoper.law: bound / claimed "
                    f"form >= {worst:.4g} >= 1 on a grid",
                    f"sympy: {proof.status}; min over grid of bound / form = {worst:.4g} < 1",
                    {"depth_power": depth_power})


@cor_depth.step(1, "(3.1): J = R (W Q p)^D gives log(60 W J/eps) <= 2 D log(60 W Q p R/eps), so Theorem 3 yields "
                "Lip >= eps/(2^9 sqrt c sqrt(2 Lam + log(4/delta))) sqrt(nd/(D p)) = Omega~(sqrt(nd/(Dp))) [log algebra "
                "and Lemma 3.1 on the convex box (lem-network-param step 7)]", method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return Evidence.all_of(check_step_1(ctx), _lemma_evidence(ctx, "box"))


def check_step_2(ctx: Context, *, with_log: bool = True) -> Evidence:
    """(3.2): J = Bbar Q R sqrt p: log(60 W J/eps) = lb + m with lb = log Bbar >= 1, m = log(60 W Q R sqrt p/eps) >= 0,
    so p log(60 W J/eps) <= p lb (1 + m): Lip >= eps/(2^9 sqrt c sqrt(1 + m + log(4/delta))) sqrt(nd/(p log Bbar))."""
    lbb = 1 + lb  # log Bbar >= 1
    proof = prove_symbolic(lbb * (1 + m), ">=", lbb + m, timeout=5.0)
    worst = math.inf
    for Bbar in (math.e, 10.0, 1e6, 1e30):
        for p in (10, 10**4):
            n, d, eps, delta, W, Q, R = 10**7, 100, 0.5, 0.01, 2.0, 2, 1.0
            J = network_J(depth=3, p=p, Q=Q, weight_bound=W, input_radius=R, Bbar=Bbar)
            bound = lipschitz_lower_bound(n=n, d=d, p=p, eps=eps, delta=delta, W=W, J=J)
            mm = math.log(60 * W * Q * R * math.sqrt(p) / eps)
            den = p * math.log(Bbar) if with_log else p
            form = eps / (2**9 * math.sqrt(1 + mm + math.log(4 / delta))) * math.sqrt(n * d / den)
            worst = min(worst, bound / form)
    return _verdict(proof, worst,
                    f"(1 + lb)(1 + m) - (1 + lb + m) = lb m >= 0 (sympy); isoper.law: bound / claimed form >= "
                    f"{worst:.4g} >= 1 for Bbar in [e, 1e30]",
                    f"sympy {proof.status}; min bound / form = {worst:.4g} < 1", {"with_log": with_log})


@cor_depth.step(2, "(3.2): restricted to B(w) <= Bbar with J = Bbar Q R sqrt p (Bbar >= e), Theorem 3 yields "
                "Lip >= Omega~(sqrt(nd/(p log Bbar))) [log algebra verified; needs Lemma 3.1 on the non-convex class "
                "{B <= Bbar}, i.e. its endpoint version (lem-network-param step 3), which is inconclusive]",
                method="symbolic+search", expect=["inconclusive"])
def step_2(ctx: Context) -> Evidence:
    return Evidence.all_of(check_step_2(ctx), _lemma_evidence(ctx, "endpoint"))


@cor_depth.conclusion_step("Lip >= Omega~(sqrt(nd/(Dp))) (proved, via the convex-box Lemma 3.1); with B(w) <= Bbar: "
                           "Lip >= Omega~(sqrt(nd/(p log Bbar))) (log algebra proved; rests on the endpoint Lemma 3.1, "
                           "inconclusive)", method="symbolic+search", expect=["inconclusive"])
def conclusion(ctx: Context) -> Evidence:
    return Evidence.all_of(step_1(ctx), step_2(ctx))
