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
step is. Each inequality "Theorem 3's bound >= the claimed form" is decided over the claim's whole domain: sympy
proves it in the logs (every coefficient of the expanded gap >= 0), or a certified counterexample is found at extreme
points (Arb balls from exact inputs, cross-checked with isoper.law): the ratio tends to prefactor/2^9 at D = p = W = Q
= 1 as 60 R -> eps (and as delta -> 0), and equals it at log Bbar = 1, p = 1, so every prefactor below 2^9 is refuted
(an earlier grid with p >= 10 and fixed delta let prefactors down to ~340 pass). A sympy non-answer without such a
point is inconclusive.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import lem_network_param as lem
import numpy as np
import sympy as sp
from flint import arb, fmpq

from isoper import Claim, Context, Evidence, InvalidParameter, Mutant, Statement
from isoper._arb import precision
from isoper.certify import prove_symbolic
from isoper.law import CONSTANTS as LAW_CONSTANTS
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
u, lw, lq, lp, e, b, lb, m, ell = sp.symbols("u lw lq lp e b lb m ell", nonnegative=True)
D = 1 + e  # D >= 1


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


def _arb_exact(x: Any) -> arb:
    """x (int, Fraction, sympy Rational, or a float, which is an exact dyadic) as an exact Arb ball."""
    if isinstance(x, sp.Rational):
        x = Fraction(int(x.p), int(x.q))
    if isinstance(x, float):
        return arb(x)
    f = Fraction(x)
    return arb(fmpq(f.numerator, f.denominator))


def _fmt(x: Any) -> Any:
    """A JSON-friendly exact value: ints as ints, other rationals as 'p/q' strings."""
    f = Fraction(x)
    return f.numerator if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _law_ratio(*, n: int, d: int, p: int, eps: float, delta: float, W: float, J: float, form: float) -> float | None:
    """isoper.law's Theorem 3 bound / the claimed form in floats, or None when Theorem 3's hypotheses fail (the point
    is then outside the claim's domain) or a value leaves the float range."""
    try:
        return lipschitz_lower_bound(n=n, d=d, p=p, eps=eps, delta=delta, W=W, J=J) / form
    except (InvalidParameter, OverflowError, ZeroDivisionError):
        return None


def _decide(proofs: dict[str, Any], points: list[dict[str, Any]], claim: Claim, what: str) -> Evidence:
    """verified iff sympy proves every inequality in ``proofs`` for all parameters (a relaxation of the claim's
    domain, so a proof covers it); else refuted at the candidate point whose certified ratio (Theorem 3's bound / the
    claimed form, an Arb ball from exact inputs) lies below 1 (or whose log inequality certainly fails), with
    isoper.law's float value beside it; else inconclusive (a sympy non-answer is not a refutation)."""
    below = [q for q in points if q["ratio_ball"] < 1]
    logfail = [q for q in points if q["log_gap_ball"] < 0]
    ok = all(pr.status == "verified" for pr in proofs.values())
    sym = "; ".join(f"{k}: sympy {pr.status}" for k, pr in proofs.items())
    if below or logfail:
        q = min(below, key=lambda r: float(r["ratio_ball"].mid())) if below else logfail[0]
        cex = {k: v for k, v in q.items() if not k.endswith("_ball")}
        cex.update({"ratio (Theorem 3's bound / claimed form, Arb)": q["ratio_ball"].str(radius=True),
                    "log gap (Arb)": q["log_gap_ball"].str(radius=True), "sympy": sym, "claim": str(claim)})
        why = (f"Theorem 3's bound / claimed form = {q['ratio_ball'].str(8)} < 1 (certified, Arb from exact inputs; "
               f"isoper.law: {q['isoper.law ratio']})" if below else
               f"the log inequality fails: gap = {q['log_gap_ball'].str(8)} < 0 (certified)")
        at = ", ".join(f"{k} = {q[k]}" for k in q["_shown"])
        cex.pop("_shown", None)
        return Evidence.refuted(f"{what}: at {at}: {why}" + ("" if not ok else " [contradicts a sympy proof]"),
                                method="exact-numeric", counterexample=cex, cites=(THEOREM_3,))
    if ok:
        return Evidence.verified(f"{what}: " + "; ".join(f"{k}: {pr.detail.split(' for all values')[0]}"
                                                            for k, pr in proofs.items())
                                 + f"; no certified violation among {len(points)} extreme points",
                                 method="symbolic", cites=(THEOREM_3,))
    worst = min((float(q["ratio_ball"].lower()) for q in points), default=math.inf)
    return Evidence.inconclusive(f"{what}: {sym} (not a refutation); no certified violation among {len(points)} "
                                 f"extreme points (least ratio {worst:.6g})", method="symbolic")


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
        Mutant({"prefactor": 400}, "at D = p = W = Q = 1 the bound / form is (400/512) sqrt((2 Lam + l)/(Lam + l)), "
                                   "l = log(4/delta): 0.928 at R = 1, eps = 0.9, delta = 0.01 (isoper.law), -> 400/512 "
                                   "as 60 R -> eps (audit row 129)"),
        Mutant({"prefactor": 362}, "same point: (362/512) sqrt((2 Lam + l)/(Lam + l)) = 0.840 at R = 1, eps = 0.9, "
                                   "delta = 0.01 (audit row 130)"),
        Mutant({"prefactor": 511}, "the ratio (511/512) sqrt((2 Lam + l)/(Lam + l)) at D = p = W = Q = 1 tends to "
                                   "511/512 < 1 as Lam -> 0 (60 R -> eps) or l -> oo (delta -> 0) (audit row 47)"),
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


# extreme points for the search (exact inputs): c = 1, n, d large enough for hypothesis (2) at the smallest delta;
# t = 60 R/eps (step 1) or 60 W Q R sqrt(p)/eps (step 2) just above 1 is the corner where Lam (or M) -> 0 and the
# bound / form ratio tends to prefactor/2^9; delta = 1e-300 is the corner log(4/delta) -> oo.
EPS, N, DIM = Fraction(1, 2), 10**9, 100
T_NET = (1 + Fraction(1, 10**6), Fraction(120))
DELTAS = (Fraction(1, 100), Fraction(1, 10**300))
DEPTHS, PARAMS, WQ = (1, 2, 5, 20), (1, 10, 10**4), ((1, 1), (2, 2))


def _step_1_points(v: dict) -> list[dict[str, Any]]:
    """Theorem 3's bound / the claimed form of (3.1) and the gap lam_factor D Lam - log(60 W J/eps), as Arb balls
    from exact inputs, at every extreme point (the bound through isoper.law as well, in floats)."""
    pref, lam_f, dpow, jw = (_arb_exact(_q(v[k])) for k in ("prefactor", "lam_factor", "depth_power", "j_w_exp"))
    K = LAW_CONSTANTS["printed"]
    out = []
    with precision(192):
        for depth in DEPTHS:
            for p in PARAMS:
                for W, Q in WQ:
                    for t in T_NET:
                        for delta in DELTAS:
                            R = t * EPS / K.net_factor
                            a = {k: _arb_exact(x) for k, x in (("W", W), ("Q", Q), ("p", p), ("D", depth),
                                                                ("R", R), ("eps", EPS), ("delta", delta))}
                            J = a["R"] * ((jw * a["W"].log()).exp() * a["Q"] * a["p"]) ** depth
                            logJ = (K.net_factor * a["W"] * J / a["eps"]).log()
                            Lam = (K.net_factor * a["W"] * a["Q"] * a["p"] * a["R"] / a["eps"]).log()
                            ell = (K.delta_factor / a["delta"]).log()
                            nd = arb(N) * DIM
                            bound = a["eps"] / K.prefactor * (nd / (a["p"] * logJ + ell)).sqrt()
                            Dpow = (dpow * a["D"].log()).exp()
                            form = a["eps"] / (pref * (lam_f * Lam + ell).sqrt()) * (nd / (Dpow * a["p"])).sqrt()
                            if not (logJ > 0):  # Theorem 3 needs 60 W J > eps
                                continue
                            Jf = (network_J(depth=depth, p=p, Q=Q, weight_bound=float(W), input_radius=float(R))
                                  if float(_q(v["j_w_exp"])) == 1 else float(J.mid()))
                            law = _law_ratio(n=N, d=DIM, p=p, eps=float(EPS), delta=float(delta), W=float(W),
                                             J=Jf, form=float(form.mid()))
                            if law is None:
                                continue
                            out.append({"D": depth, "p": p, "W": W, "Q": Q, "R": _fmt(R), "eps": _fmt(EPS),
                                        "delta": "1e-300" if delta < Fraction(1, 10**200) else _fmt(delta),
                                        "n": N, "d": DIM, "c": 1, "60 R/eps": _fmt(t),
                                        "theorem_3_bound": float(bound.mid()), "claimed_form": float(form.mid()),
                                        "isoper.law ratio": law, "ratio_ball": bound / form,
                                        "log_gap_ball": lam_f * a["D"] * Lam - logJ,
                                        "_shown": ("D", "p", "W", "Q", "R", "eps", "delta")})
    return out


def check_step_1(ctx: Context, claim: Claim = STEP_1) -> Evidence:
    """(3.1) decided over its whole domain (D, p, W, Q >= 1, 60 R >= eps, delta in (0, 1); n, d, c cancel).
    With a = log(60 W J/eps), Lam = log(60 W Q p R/eps), l = log(4/delta), Theorem 3's bound >= the claimed form iff
    prefactor^2 D^depth_power p (lam_factor Lam + l) >= 2^18 (p a + l); sympy proves this (and the log inequality
    a <= lam_factor D Lam) in the logs u = log(60 R/eps), log W, log Q, log p, D - 1, p - 1, l >= 0 (p and log p
    independent: a relaxation, so a proof covers the claim). Otherwise a certified counterexample is searched at
    extreme points: the sup of the ratio (p a + l)/(D p (2 Lam + l)) is 1, approached at D = p = W = Q = 1 as
    Lam -> 0 (60 R -> eps) or l -> oo (delta -> 0), so every prefactor below 2^9 fails there."""
    v = claim.values
    lam_f, pref, dpow, jw = _q(v["lam_factor"]), _q(v["prefactor"]), _q(v["depth_power"]), _q(v["j_w_exp"])
    K = LAW_CONSTANTS["printed"]
    logJ = u + lw + D * (jw * lw + lq + lp)  # log(60 W J/eps) with J = R (W^jw Q p)^D
    Lam = u + lw + lq + lp  # log(60 W Q p R/eps)
    P = 1 + b  # p >= 1, taken independent of lp = log p
    proofs = {
        "log(60 W J/eps) <= lam_factor D Lam": prove_symbolic(lam_f * D * Lam, ">=", logJ, timeout=5.0, depth=0),
        "bound >= form": prove_symbolic(pref**2 * D**dpow * P * (lam_f * Lam + ell), ">=",
                                        sp.Integer(K.prefactor) ** 2 * (P * logJ + ell), timeout=5.0, depth=0),
    }
    return _decide(proofs, _step_1_points(v), claim, "(3.1)")


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
        Mutant({"prefactor": 511}, "at log Bbar = 1, p = 1 the two sides p (log Bbar + M) + l and p log Bbar (1 + M + "
                                   "l) are equal, so the bound / form is exactly 511/512 < 1 for every M, delta (audit "
                                   "row 48)"),
        Mutant({"lb_min": 0}, "at Bbar = 1.01 (log Bbar ~ 0.01) the claimed form blows up like 1/sqrt(log Bbar) while "
                              "Theorem 3's bound stays ~ 1/sqrt(p M)"),
    ),
)


LOG_BBAR_ABOVE_MIN = (Fraction(1, 10**6), Fraction(1, 100))
LOG_BBAR = (Fraction(5, 2), Fraction(14), Fraction(69))  # Bbar ~ 12, 1.2e6, 9e29


def _step_2_points(v: dict) -> list[dict[str, Any]]:
    """Theorem 3's bound with J = Bbar Q R sqrt p / the claimed form of (3.2) and the gap log Bbar (1 + M) -
    (log Bbar + M), as Arb balls from exact inputs (Bbar = exp(rational), R from t = 60 W Q R sqrt(p)/eps)."""
    lb_min = _q(v["lb_min"])
    pref, lpow = _arb_exact(_q(v["prefactor"])), _arb_exact(_q(v["log_power"]))
    K = LAW_CONSTANTS["printed"]
    logs = sorted({Fraction(int(lb_min.p), int(lb_min.q)) + x for x in LOG_BBAR_ABOVE_MIN}
                  | {x for x in LOG_BBAR if x >= lb_min})
    out = []
    with precision(192):
        for LB in (x for x in logs if x > 0):
            for p in PARAMS:
                for W, Q in WQ:
                    for t in T_NET:
                        for delta in DELTAS:
                            a = {k: _arb_exact(x) for k, x in (("W", W), ("Q", Q), ("p", p), ("LB", LB),
                                                                ("t", t), ("eps", EPS), ("delta", delta))}
                            R = a["t"] * a["eps"] / (K.net_factor * a["W"] * a["Q"] * a["p"].sqrt())
                            M = a["t"].log()  # log(60 W Q R sqrt(p)/eps)
                            logJ = a["LB"] + M  # log(60 W J/eps), J = Bbar Q R sqrt p
                            ell = (K.delta_factor / a["delta"]).log()
                            nd = arb(N) * DIM
                            bound = a["eps"] / K.prefactor * (nd / (a["p"] * logJ + ell)).sqrt()
                            den = a["p"] * (lpow * a["LB"].log()).exp()
                            form = a["eps"] / (pref * (1 + M + ell).sqrt()) * (nd / den).sqrt()
                            Bbar, Rf = float(a["LB"].exp().mid()), float(R.mid())
                            try:
                                Jf = network_J(depth=3, p=p, Q=Q, weight_bound=float(W), input_radius=Rf, Bbar=Bbar)
                            except InvalidParameter:
                                continue
                            law = _law_ratio(n=N, d=DIM, p=p, eps=float(EPS), delta=float(delta), W=float(W),
                                             J=Jf, form=float(form.mid()))
                            if law is None:
                                continue
                            out.append({"Bbar": f"exp({_fmt(LB)})", "log Bbar": _fmt(LB), "p": p, "W": W, "Q": Q,
                                        "R": f"{_fmt(t)} eps/(60 W Q sqrt p) = {Rf!r}", "eps": _fmt(EPS),
                                        "delta": "1e-300" if delta < Fraction(1, 10**200) else _fmt(delta),
                                        "n": N, "d": DIM, "c": 1, "M": f"log({_fmt(t)})",
                                        "theorem_3_bound": float(bound.mid()), "claimed_form": float(form.mid()),
                                        "isoper.law ratio": law, "ratio_ball": bound / form,
                                        "log_gap_ball": a["LB"] * (1 + M) - logJ,
                                        "_shown": ("Bbar", "p", "W", "Q", "M", "eps", "delta")})
    return out


def check_step_2(ctx: Context, claim: Claim = STEP_2) -> Evidence:
    """(3.2) decided over its domain (log Bbar >= lb_min, p, W, Q >= 1, M = log(60 W Q R sqrt p/eps) >= 0,
    delta in (0, 1)). J = Bbar Q R sqrt p gives log(60 W J/eps) = log Bbar + M; sympy proves the log algebra
    log Bbar (1 + M) >= log Bbar + M and the whole inequality prefactor^2 (log Bbar)^log_power p (1 + M + l) >=
    2^18 (p (log Bbar + M) + l), l = log(4/delta), in lb = log Bbar - lb_min, M, p - 1, l >= 0. Otherwise a certified
    counterexample is searched: at log Bbar = 1, p = 1 the two sides are equal for every M and delta (the ratio is
    exactly prefactor/2^9), so any prefactor below 2^9 fails next to Bbar = e."""
    v = claim.values
    lb_min, pref, lpow = _q(v["lb_min"]), _q(v["prefactor"]), _q(v["log_power"])
    K = LAW_CONSTANTS["printed"]
    lbb = lb_min + lb  # log Bbar >= lb_min
    P = 1 + b
    proofs = {
        "log Bbar (1 + M) >= log Bbar + M": prove_symbolic(lbb * (1 + m), ">=", lbb + m, timeout=5.0, depth=0),
        "bound >= form": prove_symbolic(pref**2 * lbb**lpow * P * (1 + m + ell), ">=",
                                        sp.Integer(K.prefactor) ** 2 * (P * (lbb + m) + ell), timeout=5.0, depth=0),
    }
    return _decide(proofs, _step_2_points(v), claim, "(3.2)")


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
