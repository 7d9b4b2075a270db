"""cor-depth (consequences (3.1), (3.2) of Lemma 3.1 in Theorem 3).

(3.1): with J = R (W Q p)^D, log(60 W J/eps) <= 2 D Lam, Lam = log(60 W Q p R/eps) (W, Q, p >= 1, 60 R >= eps), so
Theorem 3 gives Lip >= eps/(2^9 sqrt c sqrt(2 Lam + log(4/delta))) sqrt(n d/(D p)) = Omega~(sqrt(n d/(D p))).
(3.2): with J = Bbar Q R sqrt p, log(60 W J/eps) = log Bbar + log(60 W Q R sqrt(p)/eps) <= 2 log(Bbar) M for
Bbar >= e... stated as Lip >= Omega~(sqrt(n d/(p log Bbar))): checked in the form
p log(60 W J/eps) + log(4/delta) <= p log(Bbar) * (1 + M) + log(4/delta) with M = log(60 W Q R sqrt(p)/eps) >= 0,
for Bbar >= e.

Status. The checkers prove the log algebra; both consequences also rest on Lemma 3.1's parameter bound.
(3.1) needs J = R (W Q p)^D to bound the parameter-Lipschitz constant for every D >= 1. Lemma 3.1 on the convex box
[-W, W]^p (lem-network-param, step 7, proved) gives J_box = (W sqrt(pQ))^D Q R sqrt(p), and J_box <= J holds for
D >= 2 (sympy: log J - log J_box = (D/2 - 1) log Q + ((D - 1)/2) log p >= 0) but at D = 1 only for Q = 1 (J_box =
sqrt(Q) J there). D = 1 is proved directly: f_w(x) = <T w, x> is linear in w, so |f_w1(x) - f_w2(x)| <= ||T dw|| R
<= sqrt(Q) R ||dw|| (Cauchy-Schwarz; each parameter fills <= Q entries) <= R W Q p ||dw|| = J ||dw||. So (3.1) is
verified for every D >= 1, by two routes that the evidence names. (3.2) uses Lemma 3.1 on the non-convex class
{B <= Bbar}, i.e. the endpoint version (lem-network-param, step 3), which is only searched: inconclusive while that
step is. A sympy result other than verified is reported as refuted only with a counterexample (a grid point where
Theorem 3's bound is below the claimed form, or an exact instance), else inconclusive.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import lem_network_param as lem
import mpmath
import numpy as np
import sympy as sp

from isoper import Claim, Context, Evidence, Mutant, Statement
from isoper.certify import prove_symbolic
from isoper.law import lipschitz_lower_bound, network_J

THEOREM_3 = "Theorem 3 (Bubeck-Sellke), applied with J from Lemma 3.1"

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
GRID_LAW = {"n": 10**7, "d": 100, "eps": 0.5, "delta": 0.01, "R": 1.0}


def _q(v: Any) -> sp.Expr:
    return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.nsimplify(v)


def _lemma_claim(ctx: Context, step: str, default: Any) -> Any:
    try:
        return ctx.claim_of(f"lem-network-param/{step}")
    except Exception:  # noqa: BLE001 - lem-network-param is not in this ledger
        return default


def _lemma_evidence(ctx: Context, which: str) -> Evidence:
    """lem-network-param's evidence for the parameter bound this consequence uses: 'box' (step 7, convex box, used by
    (3.1)) or 'endpoint' (step 3, B(w1), B(w2) <= Bbar, used by (3.2)), with that step's claim as the run sees it."""
    sub = Context(ctx.step_id + "/lemma-" + which, ctx.alpha, ctx.seed_for(which), ctx.thorough, ctx.scale)
    if which == "box":
        return lem.check_box_bound(sub, _lemma_claim(ctx, "step-7", lem.STEP_7))
    return lem.check_step_3(sub, _lemma_claim(ctx, "step-3", lem.STEP_3))


def _verdict(proof, worst: float, ok_detail: str, fail_detail: str, cex: dict) -> Evidence:
    """verified iff sympy verified and the numeric ratio >= 1; refuted only with a grid point where Theorem 3's bound
    is below the claimed form (a counterexample to the claim as stated); else inconclusive."""
    if proof.status == "verified" and worst >= 1:
        return Evidence.verified(ok_detail, cites=(THEOREM_3,))
    if worst < 1:
        return Evidence.refuted(fail_detail, method="exact-numeric", counterexample={**cex, "min_ratio": worst,
                                                                                   "sympy": str(proof.status)})
    return Evidence.inconclusive(f"sympy {proof.status} (not a refutation); numeric ratio {worst:.4g} >= 1 on the "
                                 "grid", method="symbolic")


# --------------------------------------------------------------------------------------------------------------
# (3.1)

STEP_1 = Claim(
    "(3.1), every D >= 1: J = R (W^{j_w_exp} Q p)^D bounds the parameter-Lipschitz constant (D = 1: f linear in w, "
    "|df| <= sqrt(Q) R ||dw|| by Cauchy-Schwarz; D >= 2: Lemma 3.1 on the convex box, J_box = (W sqrt(pQ))^D Q R "
    "sqrt(p) <= J) and log(60 W J/eps) <= {lam_factor} D log(60 W Q p R/eps) = {lam_factor} D Lam, so Theorem 3's "
    "bound is >= eps/({prefactor} sqrt c sqrt({lam_factor} Lam + log(4/delta))) sqrt(nd/(D^{depth_power} p)) = "
    "Omega~(sqrt(nd/(Dp)))",
    {"j_w_exp": 1, "lam_factor": 2, "prefactor": 2**9, "depth_power": 1}, kind="chain",
    cites=(THEOREM_3, lem.CAUCHY_SCHWARZ),
    mutants=(
        Mutant({"depth_power": 0}, "Theorem 3's bound carries 1/sqrt(log J) ~ 1/sqrt(D): at D = 20 it is below "
                                   "eps/(2^9 sqrt(2 Lam + log 4/delta)) sqrt(nd/p)"),
        Mutant({"lam_factor": 1}, "log(60 W J/eps) = u + lw + D(lw + lq + lp) exceeds D Lam = D(u + lw + lq + lp) at "
                                  "D = 1, W = 2 (by log W)"),
        Mutant({"prefactor": 2**8}, "Theorem 3's constant is 2^9 and log(60 W J/eps) >= Lam: at D = 1 the bound is "
                                    "at most 2^(-9) sqrt(2) times the claimed 2^(-8) form"),
        Mutant({"j_w_exp": 0}, "J = R (Q p)^D ignores the weights: f = b relu(a x) at a = b = 8 moves by "
                               "(16 - delta) delta R when (a, b) moves by delta (1, 1), more than J sqrt 2 delta = "
                               "4 sqrt 2 delta R"),
    ),
)

# exact instances for J (scalar-input ReLU nets, weights >= 0, so x = R = 1 is the maximiser): (name, ties, p, Q, W,
# w1, w2)
_J_CASES = [
    ("f = b relu(a x) (D = 2, W = 8)", (np.array([[0]]), np.array([[1]])), 2, 1, 8, [8, 8],
     [8 - sp.Rational(1, 100)] * 2),
    ("f = w x (D = 1, W = 1)", (np.array([[0]]),), 1, 1, 1, [1], [sp.Rational(99, 100)]),
    ("f = <(w, w), x> (D = 1, Q = 2, W = 1)", (np.array([[0, 0]]),), 1, 2, 1, [1], [sp.Rational(99, 100)]),
]


def _J(values: dict, *, W: Any, Q: Any, p: Any, depth: Any, R: Any = 1) -> sp.Expr:
    return sp.sympify(R) * (sp.sympify(W) ** _q(values["j_w_exp"]) * Q * p) ** depth


def check_J(claim: Claim = STEP_1) -> Evidence:
    """J = R (W^j_w_exp Q p)^D bounds sup_||x||<=R |f_w1(x) - f_w2(x)|/||w1 - w2||: exact instances (refute smaller J);
    D = 1 directly (linear in w, Cauchy-Schwarz) and D >= 2 through J_box <= J (sympy), J_box from Lemma 3.1 on the
    box."""
    for name, ties, p, Q, W, w1, w2 in _J_CASES:
        x = [1] * ties[0].shape[1]
        R = sp.sqrt(len(x))
        m1, m2 = lem.exact_mats(ties, w1), lem.exact_mats(ties, w2)
        df = sp.Abs(lem.exact_forward(m1, x) - lem.exact_forward(m2, x))
        dw = sp.sqrt(sum((sp.nsimplify(a) - sp.nsimplify(c)) ** 2 for a, c in zip(w1, w2)))
        J = _J(claim.values, W=W, Q=Q, p=p, depth=len(ties), R=R)
        if bool(sp.simplify(df - J * dw) > 0):
            return Evidence.refuted(f"{name}: |f_w1(x) - f_w2(x)| = {df} > J ||w1 - w2|| = {sp.simplify(J * dw)} at "
                                    f"x = {x} (exact)", method="exact",
                                    counterexample={"net": name, "W": W, "p": p, "Q": Q, "w1": [str(v) for v in w1],
                                                    "w2": [str(v) for v in w2], "x": x, "|df|": str(df),
                                                    "J||dw||": str(sp.simplify(J * dw))})
    jw = _q(claim.values["j_w_exp"])
    # D = 1: sqrt(Q) <= W^jw Q p for W, Q, p >= 1 (logs: jw lw + lq/2 + lp >= 0)
    d1 = prove_symbolic(jw * lw + lq / 2 + lp, ">=", 0, timeout=3.0)
    # the tied-norm step ||T dw||^2 <= Q ||dw||^2 on a symbolic instance: one parameter on 2 entries, one on 1 (Q = 2)
    d0, d1_ = sp.symbols("d0 d1", real=True)
    tied = sp.expand(2 * (d0**2 + d1_**2) - ((d0**2 + d0**2) + d1_**2))  # Q ||dw||^2 - ||T dw||^2 = d1^2 >= 0
    tied_ok = bool(tied.is_nonnegative)
    # D >= 2: log J - log J_box = D(jw lw + lq + lp) - [D(lw + (lp + lq)/2) + lq + lp/2], D = 2 + e
    D2 = 2 + e
    gap = D2 * (jw * lw + lq + lp) - (D2 * (lw + (lp + lq) / 2) + lq + lp / 2)
    d2 = prove_symbolic(sp.expand(gap), ">=", 0, timeout=3.0)
    detail = (f"D = 1: |df| <= ||T dw|| R (Cauchy-Schwarz) <= sqrt(Q) R ||dw|| (tied entries: Q||dw||^2 - ||T dw||^2 = "
              f"{tied} >= 0 on an instance) <= J ||dw|| (sympy: {d1.status}); D >= 2: log J - log J_box = "
              f"{sp.factor(sp.expand(gap))} >= 0 (sympy: {d2.status}), J_box the box bound of Lemma 3.1; exact "
              "instances below J")
    if d1.status == "verified" and d2.status == "verified" and tied_ok:
        return Evidence.verified(detail, method="symbolic+exact", cites=(lem.CAUCHY_SCHWARZ,),
                                 data={"routes": {"D = 1": "direct (linear in w, Cauchy-Schwarz)",
                                                  "D >= 2": "Lemma 3.1 on the convex box, J_box <= J"}})
    return Evidence.inconclusive(detail + " (this route does not derive J for every D >= 1)", method="symbolic")


def check_step_1(ctx: Context, claim: Claim = STEP_1) -> Evidence:
    """The log algebra and the numeric form of (3.1): log(60 W J/eps) <= lam_factor D Lam (sympy, or a point that
    violates it), and Theorem 3's bound / the claimed form >= 1 on a grid through isoper.law (a point below 1 is a
    counterexample to 'Theorem 3's bound is >= the form')."""
    v = claim.values
    lam_f, pref, dpow, jw = _q(v["lam_factor"]), _q(v["prefactor"]), _q(v["depth_power"]), _q(v["j_w_exp"])
    logJ = u + lw + D * (jw * lw + lq + lp)  # log(60 W J/eps) with J = R (W^jw Q p)^D
    Lam = u + lw + lq + lp  # log(60 W Q p R/eps)
    proof = prove_symbolic(lam_f * D * Lam, ">=", logJ, timeout=5.0)
    g = GRID_LAW
    worst, cex = math.inf, {}
    with mpmath.workdps(30):
        for depth in (1, 2, 5, 20):
            for p in (10, 10**4):
                for W, Q in ((2.0, 2), (1.0, 1)):
                    J = float(_J(v, W=sp.nsimplify(W), Q=Q, p=p, depth=depth, R=sp.nsimplify(g["R"])))
                    if float(jw) == 1:  # the record's J is isoper.law's network_J
                        J = network_J(depth=depth, p=p, Q=Q, weight_bound=W, input_radius=g["R"])
                    bound = lipschitz_lower_bound(n=g["n"], d=g["d"], p=p, eps=g["eps"], delta=g["delta"], W=W, J=J)
                    lam = math.log(60 * W * Q * p * g["R"] / g["eps"])
                    logj = math.log(60 * W * J / g["eps"])
                    form = g["eps"] / (float(pref) * math.sqrt(float(lam_f) * lam + math.log(4 / g["delta"]))) * \
                        math.sqrt(g["n"] * g["d"] / (depth ** float(dpow) * p))
                    r = bound / form
                    if logj > float(lam_f) * depth * lam * (1 + 1e-12):
                        r = min(r, float(lam_f) * depth * lam / logj)  # the log inequality itself fails here
                    if r < worst:
                        worst, cex = r, {"D": depth, "p": p, "W": W, "Q": Q, **g, "theorem_3_bound": bound,
                                         "claimed_form": form, "log(60WJ/eps)": logj,
                                         f"{v['lam_factor']} D Lam": float(lam_f) * depth * lam}
    return _verdict(proof, worst,
                    f"{v['lam_factor']} D Lam - log(60 W J/eps) >= 0 (sympy: {proof.detail[:80]}); hence "
                    f"p log(60WJ/eps) + log(4/delta) <= D p ({v['lam_factor']} Lam + log(4/delta)); isoper.law: "
                    f"Theorem 3's bound / claimed form >= {worst:.4g} >= 1 on a grid (D in 1..20, p in 10..1e4)",
                    f"sympy: {proof.status}; at D = {cex.get('D')}, p = {cex.get('p')}, W = {cex.get('W')}, Q = "
                    f"{cex.get('Q')}: Theorem 3's bound / claimed form = {worst:.4g} < 1", {"claim": str(claim)})


@cor_depth.step(1, STEP_1, method="symbolic+exact")
def step_1(ctx: Context) -> Evidence:
    algebra = check_step_1(ctx, ctx.claim)
    J = check_J(ctx.claim)
    if algebra.status.value == "refuted" or J.status.value == "refuted":
        return Evidence.all_of(algebra, J)
    return Evidence.all_of(algebra, J, _lemma_evidence(ctx, "box"))


# --------------------------------------------------------------------------------------------------------------
# (3.2)

STEP_2 = Claim(
    "(3.2): restricted to B(w) <= Bbar with J = Bbar Q R sqrt p (log Bbar >= {lb_min}), Theorem 3's bound is >= "
    "eps/({prefactor} sqrt c sqrt(1 + M + log(4/delta))) sqrt(nd/(p (log Bbar)^{log_power})), M = log(60 W Q R "
    "sqrt(p)/eps), i.e. Lip >= Omega~(sqrt(nd/(p log Bbar))) [log algebra verified; needs Lemma 3.1 on the non-convex "
    "class {{B <= Bbar}}, i.e. its endpoint version (lem-network-param step 3), which is inconclusive]",
    {"lb_min": 1, "prefactor": 2**9, "log_power": 1}, kind="chain", cites=(THEOREM_3,),
    mutants=(
        Mutant({"log_power": 0}, "Theorem 3's bound carries 1/sqrt(log Bbar): at Bbar = 1e30 it is far below "
                                 "sqrt(nd/p)/(2^9 sqrt(1 + M + log 4/delta))"),
        Mutant({"prefactor": 2**8}, "Theorem 3's constant is 2^9: at Bbar = e the bound is about 2^(-9) times the form, "
                                    "half the claimed 2^(-8)"),
        Mutant({"lb_min": 0}, "at Bbar = 1.01 (log Bbar ~ 0.01) the claimed form blows up like 1/sqrt(log Bbar) while "
                              "Theorem 3's bound stays ~ 1/sqrt(p M)"),
    ),
)


def check_step_2(ctx: Context, claim: Claim = STEP_2) -> Evidence:
    """(3.2): J = Bbar Q R sqrt p: log(60 W J/eps) = lb + m with lb = log Bbar >= lb_min, m = log(60 W Q R sqrt p/eps)
    >= 0, so p log(60 W J/eps) <= p lb (1 + m) when lb >= 1: Lip >= eps/(2^9 sqrt c sqrt(1 + m + log(4/delta)))
    sqrt(nd/(p log Bbar)). Numeric: Theorem 3's bound / the claimed form on a grid of Bbar >= e^lb_min."""
    v = claim.values
    lb_min, pref, lpow = _q(v["lb_min"]), _q(v["prefactor"]), _q(v["log_power"])
    lbb = lb_min + lb  # log Bbar >= lb_min
    proof = prove_symbolic(lbb * (1 + m), ">=", lbb + m, timeout=5.0)
    worst, cex = math.inf, {}
    for Bbar in (math.exp(float(lb_min)) * 1.01, 10.0, 1e6, 1e30):
        if math.log(Bbar) < float(lb_min):
            continue
        for p in (10, 10**4):
            n, d, eps, delta, W, Q, R = 10**7, 100, 0.5, 0.01, 2.0, 2, 1.0
            J = network_J(depth=3, p=p, Q=Q, weight_bound=W, input_radius=R, Bbar=Bbar)
            bound = lipschitz_lower_bound(n=n, d=d, p=p, eps=eps, delta=delta, W=W, J=J)
            mm = math.log(60 * W * Q * R * math.sqrt(p) / eps)
            den = p * math.log(Bbar) ** float(lpow)
            form = eps / (float(pref) * math.sqrt(1 + mm + math.log(4 / delta))) * math.sqrt(n * d / den)
            if bound / form < worst:
                worst, cex = bound / form, {"Bbar": Bbar, "p": p, "n": n, "d": d, "eps": eps, "delta": delta, "W": W,
                                            "Q": Q, "R": R, "theorem_3_bound": bound, "claimed_form": form}
    return _verdict(proof, worst,
                    f"(lb_min + lb)(1 + m) - (lb_min + lb + m) = (lb_min - 1 + lb) m >= 0 (sympy); isoper.law: "
                    f"Theorem 3's bound / claimed form >= {worst:.4g} >= 1 for Bbar in [e^{v['lb_min']}, 1e30]",
                    f"sympy {proof.status}; at Bbar = {cex.get('Bbar')}, p = {cex.get('p')}: Theorem 3's bound / "
                    f"claimed form = {worst:.4g} < 1", {"claim": str(claim)})


@cor_depth.step(2, STEP_2, method="symbolic+search", expect=["inconclusive"])
def step_2(ctx: Context) -> Evidence:
    algebra = check_step_2(ctx, ctx.claim)
    if algebra.status.value == "refuted":
        return algebra
    return Evidence.all_of(algebra, _lemma_evidence(ctx, "endpoint"))


CONCLUSION = Claim(
    "Lip >= Omega~(sqrt(nd/(D^{depth_power} p))) (proved for every D >= 1: the convex-box Lemma 3.1 for D >= 2, the "
    "linear case D = 1 directly); with B(w) <= Bbar: Lip >= Omega~(sqrt(nd/(p (log Bbar)^{log_power}))) (log algebra "
    "proved; rests on the endpoint Lemma 3.1, inconclusive)",
    {"depth_power": 1, "log_power": 1}, kind="statement", cites=(THEOREM_3,),
    mutants=(
        Mutant({"depth_power": 0}, "Theorem 3's bound carries 1/sqrt(D) through log J (see step 1)"),
        Mutant({"log_power": 0}, "Theorem 3's bound carries 1/sqrt(log Bbar) (see step 2)"),
    ),
)


@cor_depth.conclusion_step(CONCLUSION, method="symbolic+search", expect=["inconclusive"])
def conclusion(ctx: Context) -> Evidence:
    def claim(k: str, default: Claim) -> Claim:
        try:
            return ctx.claim_of(f"cor-depth/{k}")
        except Exception:  # noqa: BLE001
            return default

    s1 = claim("step-1", STEP_1).replace(depth_power=ctx.claim.depth_power)
    s2 = claim("step-2", STEP_2).replace(log_power=ctx.claim.log_power)
    one = Evidence.all_of(check_step_1(ctx, s1), check_J(s1))
    two = check_step_2(ctx, s2)
    if "refuted" in (one.status.value, two.status.value):
        return Evidence.all_of(one, two)
    return Evidence.all_of(one, _lemma_evidence(ctx, "box"), two, _lemma_evidence(ctx, "endpoint"))
