"""lem-network-param (Lemma 3.1): deep networks are Lipschitz in their parameters.

Claimed: for a depth-D network with 1-Lipschitz activations, p free parameters in [-W, W]^p each tied to at most Q
entries, and B(w) = max_{i in 0..D} prod_{j != i} ||W_j||_op: if ||x|| <= R and B(w1), B(w2) <= Bbar then
|f_w1(x) - f_w2(x)| <= Bbar Q R sqrt(p) ||w1 - w2||; B(w) <= (W sqrt(pQ))^D for W >= 1; B(w) >= Lip(f_w).

Findings. The norm bounds and B >= Lip are proved. The parameter-Lipschitz bound has a proof (telescoping over the
layers along the segment [w1, w2]: d/dt f = sum_i (...) with |term i| <= prod_{j != i} ||W_j(t)|| ||dW_i|| R, and
sum_i ||dW_i||_F <= sqrt(D Q) ||dw|| <= Q sqrt(p) ||dw|| when every layer holds a parameter) only when B <= Bbar on the
whole segment, e.g. on the convex box [-W, W]^p with Bbar = (W sqrt(pQ))^D, which is what (3.1) uses; with the
endpoint hypothesis alone (the non-convex class {B <= Bbar} of (3.2)) a search over small tied networks finds no
violation (worst ratio -> 1, attained in the limit by f = a^2 x) but no proof: recorded as inconclusive. With biases
as free parameters outside the W_j (PAPER.md lists biases) the bound is false: a bias behind small-norm layers moves
f by |db| while Bbar is small (counterexample below); writing biases as augmented matrices [[W_j, b_j], [0, 1]]
acting on (x, 1) repairs it with R replaced by sqrt(R^2 + 1).
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp
from _networks import TiedNet

from isoper import Context, Evidence, Statement
from isoper.certify import prove_symbolic

lem_network_param = Statement(
    id="lem-network-param",
    title="Lemma 3.1: |f_w1(x) - f_w2(x)| <= Bbar Q R sqrt(p) ||w1 - w2||, B(w) <= (W sqrt(pQ))^D, B(w) >= Lip(f_w)",
    source="Bubeck-Sellke 2021, Lemma 3.1",
    hypotheses=("depth-D network, 1-Lipschitz activations, forward connections", ("p parameters in [-W, W], each "
                                                                              "tied to <= Q entries"), "||x|| <= R", "B(w1), B(w2) <= Bbar"),
    conclusion="|f_w1(x) - f_w2(x)| <= Bbar Q R sqrt(p) ||w1 - w2||; B(w) <= (W sqrt(pQ))^D (W >= 1); Lip(f_w) <= B(w)",
    order=7.0,
)


def _extreme_params(net: TiedNet, W: float, rng: np.random.Generator, K: int) -> np.ndarray:
    return W * rng.choice([-1.0, 1.0], (K, net.p)) * rng.uniform(0.5, 1.0, (K, net.p)) ** 0.1


@lem_network_param.step(1, "||W_j||_op <= ||W_j||_F <= W sqrt(pQ) (at most pQ nonzero entries, each <= W)",
                        method="symbolic")
def step_1(ctx: Context) -> Evidence:
    W, p, Q = sp.symbols("W p Q", positive=True)
    # ||W_j||_F^2 = sum of squared entries <= (number of parameter entries in layer j) W^2 <= p Q W^2
    ident = sp.simplify(sp.sqrt(p * Q * W**2) - W * sp.sqrt(p * Q)) == 0
    rng = ctx.rng("nets")
    worst = 0.0
    for widths, q in (((3, 4, 1), 1), ((2, 5, 3, 1), 2), ((4, 8, 8, 1), 1), ((1, 1, 1, 1), 2)):
        net = TiedNet.random(widths, q, rng)
        w = _extreme_params(net, 2.0, rng, 64)
        fro = np.stack([np.linalg.norm(M, axis=(1, 2)) for M in net.mats(w)], axis=1)
        op = net.norms(w)
        if np.any(op > fro * (1 + 1e-12)):
            return Evidence.refuted("operator norm above Frobenius norm?", method="exact")
        worst = max(worst, float(np.max(fro / (2.0 * math.sqrt(net.p * q)))))
    if ident and worst <= 1 + 1e-12:
        return Evidence.verified(f"||A||_op <= ||A||_F (largest singular value <= root of the sum of squares); "
                                 f"||W_j||_F^2 <= (#entries tied to parameters) W^2 <= p Q W^2 (sympy: sqrt(pQW^2) = "
                                 f"W sqrt(pQ)); random tied nets at |w_k| <= W: max ||W_j||_F/(W sqrt(pQ)) = {worst:.3g}")
    return Evidence.inconclusive(f"identity {ident}, worst {worst}", method="symbolic")


def check_step_2(ctx: Context, *, exponent_shift: int = 0) -> Evidence:
    """B(w) <= (W sqrt(pQ))^(D - exponent_shift) for W >= 1."""
    e = sp.Symbol("e", nonnegative=True)
    D = sp.Symbol("D", positive=True, integer=True)
    # B <= max(m^D, m^(D-1)) since each term drops at most one factor; with m = 1 + e >= 1, m^D >= m^(D-1)
    proof = prove_symbolic((1 + e) ** D, ">=", (1 + e) ** (D - 1), timeout=3.0)
    # instances with every parameter at +-W: search for B(w) > m^(D - shift)
    rng = ctx.rng("instances")
    worst, cex = 0.0, None
    for widths, q, W in (((1, 1, 1), 1, 4.0), ((1, 1, 1, 1), 1, 3.0), ((2, 3, 1), 2, 1.0), ((3, 4, 4, 1), 1, 1.0)):
        net = TiedNet.random(widths, q, rng)
        w = W * rng.choice([-1.0, 1.0], (256, net.p))
        mval = W * math.sqrt(net.p * q)
        r = net.B(w) / mval ** (net.depth - exponent_shift)
        i = int(np.argmax(r))
        if r[i] > worst:
            worst, cex = float(r[i]), {"widths": widths, "Q": q, "W": W, "w": w[i].tolist(), "B": float(net.B(w)[i]),
                                       "bound": mval ** (net.depth - exponent_shift)}
    if worst > 1:
        return Evidence.refuted(f"B(w) exceeds (W sqrt(pQ))^(D-{exponent_shift}) by the factor {worst:.4g}",
                                method="search", counterexample=cex)
    if proof.status == "verified" and exponent_shift == 0:
        return Evidence.verified(f"each term of B drops at most one factor <= m = W sqrt(pQ) (step 1), so B <= "
                                 f"max(m^D, m^(D-1)) = m^D for m >= 1, in particular W >= 1 (sympy: {proof.status}); "
                                 f"instances reach {worst:.3g} of the bound")
    return Evidence.inconclusive(f"sympy {proof.status}; worst ratio {worst:.4g}", method="search")


@lem_network_param.step(2, "B(w) <= (W sqrt(pQ))^D for W >= 1", method="symbolic")
def step_2(ctx: Context) -> Evidence:
    return check_step_2(ctx)


def ratio(net: TiedNet, w1: np.ndarray, w2: np.ndarray, x: np.ndarray, *, sqrt_p: bool = True,
          B: np.ndarray | None = None) -> np.ndarray:
    R = np.linalg.norm(x, axis=1)
    dw = np.linalg.norm(w1 - w2, axis=1)
    Bb = np.maximum(net.B(w1), net.B(w2)) if B is None else B
    rhs = Bb * net.Q * R * (math.sqrt(net.p) if sqrt_p else 1.0) * dw
    return np.abs(net.forward(w1, x) - net.forward(w2, x)) / rhs


def search_ratio(ctx: Context, *, sqrt_p: bool = True, nets: int = 14, K: int = 128, iters: int = 40,
                 bias: bool = False) -> tuple[float, dict]:
    """Worst |f_w1(x) - f_w2(x)| / (Bbar Q R sqrt(p) ||w1 - w2||) over random tied nets (depth 2-3, widths <= 8,
    Q in {1, 2}), Bbar = max(B(w1), B(w2)), by random starts and hill climbing in (w1, w2, x)."""
    rng = ctx.rng("search")
    best, where = 0.0, {}
    shapes = [(1, 1, 1), (1, 1, 1, 1), (2, 3, 1), (3, 8, 1), (4, 8, 8, 1), (2, 4, 3, 1), (1, 2, 2, 1)]
    for k in range(nets):
        widths = shapes[k % len(shapes)]
        q = 1 + (k // len(shapes)) % 2
        net = TiedNet.random(widths, q, rng, bias=bias)
        p = net.p
        w1 = rng.standard_normal((K, p)) * np.exp(rng.uniform(-2, 2, (K, 1)))
        w2 = w1 + rng.standard_normal((K, p)) * np.exp(rng.uniform(-6, 1, (K, 1)))
        x = rng.standard_normal((K, widths[0]))
        r = ratio(net, w1, w2, x, sqrt_p=sqrt_p)
        s = np.full(K, 0.3)
        for _ in range(iters):
            n1 = w1 + s[:, None] * rng.standard_normal(w1.shape) * np.abs(w1).mean(1, keepdims=True)
            step = np.linalg.norm(w2 - w1, axis=1, keepdims=True) / math.sqrt(p)
            n2 = n1 + (w2 - w1) * np.exp(0.3 * rng.standard_normal((K, 1))) + 0.1 * s[:, None] * step * \
                rng.standard_normal(w1.shape)
            nx = x + s[:, None] * rng.standard_normal(x.shape)
            rn = ratio(net, n1, n2, nx, sqrt_p=sqrt_p)
            up = np.isfinite(rn) & (rn > r)
            w1[up], w2[up], x[up], r[up] = n1[up], n2[up], nx[up], rn[up]
            s = np.where(up, s * 1.3, s * 0.8)
        i = int(np.nanargmax(r))
        if r[i] > best:
            best = float(r[i])
            where = {"widths": widths, "Q": q, "p": p, "w1": w1[i].tolist(), "w2": w2[i].tolist(), "x": x[i].tolist()}
    return best, where


def scalar_chain_ratio(*, sqrt_p: bool, delta: float = 1e-4) -> float:
    """f = b relu(a x), w1 = (1, 1), w2 = (1 + delta, 1 + delta), x = 1: ratio -> 1 (sqrt p) or sqrt 2 (no sqrt p)."""
    net = TiedNet((1, 1, 1), (np.array([[0]]), np.array([[1]])), 2, 1)
    w1, w2 = np.array([[1.0, 1.0]]), np.array([[1 + delta, 1 + delta]])
    return float(ratio(net, w1, w2, np.array([[1.0]]), sqrt_p=sqrt_p)[0])


def check_step_3(ctx: Context, *, sqrt_p: bool = True) -> Evidence:
    chain = scalar_chain_ratio(sqrt_p=sqrt_p)
    best, where = search_ratio(ctx, sqrt_p=sqrt_p)
    if max(chain, best) > 1 + 1e-6:  # rounding of f in the tight limit stays far below 1e-6
        cex = {"f": "b relu(a x)", "w1": [1, 1], "w2": [1.0001, 1.0001], "x": 1, "ratio": chain} if chain > 1 else where
        return Evidence.refuted(f"ratio {max(chain, best):.6g} > 1 (scalar chain {chain:.6g}, search {best:.6g})",
                                method="search", counterexample=cex)
    return Evidence.inconclusive(
        f"no violation: worst ratio {best:.9f} over random tied nets (depth 2-3, widths <= 8, Q in {{1, 2}}), tight "
        f"in the limit (f = a^2 x, f = b a x: {chain:.6g}); proved when B <= Bbar on the whole segment [w1, w2] "
        "(telescoping along it), not from the endpoint bounds alone", method="search", data={"worst": best})


@lem_network_param.step(3, "If ||x|| <= R and B(w1), B(w2) <= Bbar then |f_w1(x) - f_w2(x)| <= Bbar Q R sqrt(p) "
                        "||w1 - w2|| (bias-free, activations with s(0) = 0)", method="search",
                        expect=("inconclusive", "consistent", "verified"))
def step_3(ctx: Context) -> Evidence:
    return check_step_3(ctx)


def check_step_4(ctx: Context, *, drop_full_product: bool = False) -> Evidence:
    """Lip(f_w) <= B(w); the variant without the i = 0 term (max over i >= 1 only) is refuted by f = 2 relu(2x)."""
    from isoper.lipschitz import lipschitz_lower_bound_search

    rng = ctx.rng("lip")
    worst, cex = 0.0, None
    cases = [(TiedNet((1, 1, 1), (np.array([[0]]), np.array([[1]])), 2, 1), np.array([[2.0, 2.0]]))]
    for widths in ((3, 6, 1), (2, 5, 4, 1)):
        net = TiedNet.random(widths, 1, rng)
        cases.append((net, rng.standard_normal((1, net.p)) * 1.5))
    for net, w in cases:
        nm = net.norms(w)[0]
        Bv = max(math.prod(np.delete(nm, i)) for i in range(len(nm))) if drop_full_product else float(net.B(w)[0])
        f = lambda X, net=net, w=w: net.forward(np.repeat(w, len(X), axis=0), X)
        lo = lipschitz_lower_bound_search(f, dim=net.widths[0], rng=rng, samples=300, starts=4, steps=15)
        if lo.value / Bv > worst:
            worst = lo.value / Bv
            cex = {"widths": net.widths, "w": w[0].tolist(), "lower_bound": lo.value, "B": Bv}
    if worst > 1 + 1e-6:
        return Evidence.refuted(f"an explicit pair gives a quotient {worst:.4g} times B", method="search",
                                counterexample=cex)
    if drop_full_product:
        return Evidence.inconclusive(f"worst {worst:.4g}", method="search")
    return Evidence.verified(f"Lip of a composition <= product of the layers' constants: ||W_j||_op for the linear "
                             f"maps, 1 for the activations; that product is B's i = 0 term. Search lower bounds reach "
                             f"{worst:.4g} of B (1 for f = 2 relu(2x))", method="symbolic")


@lem_network_param.step(4, "B(w) upper-bounds Lip(f_w)", method="symbolic")
def step_4(ctx: Context) -> Evidence:
    return check_step_4(ctx)


def bias_counterexample(eps: float = 0.1, R: float = 1.0) -> dict:
    """f = c relu(b relu(a x + b1) + b2) + b3 with a = b = eps, c = 1, biases 1; move b2 by delta."""
    ties = (np.array([[0]]), np.array([[1]]), np.array([[2]]))
    net = TiedNet((1, 1, 1, 1), ties, 3, 1, bias=True)
    w1 = np.array([[eps, eps, 1.0, 1.0, 1.0, 1.0]])
    w2 = w1.copy()
    w2[0, 4] += 1e-3
    x = np.array([[R]])
    Bb = float(max(net.B(w1)[0], net.B(w2)[0]))
    lhs = float(abs(net.forward(w1, x)[0] - net.forward(w2, x)[0]))
    rhs = Bb * 1 * R * math.sqrt(net.p) * float(np.linalg.norm(w1 - w2))
    return {"eps": eps, "R": R, "Bbar": Bb, "p": net.p, "lhs": lhs, "rhs": rhs}


@lem_network_param.step(5, "Sub-claim: the bound of step 3 holds with biases (PAPER.md lists biases among the "
                        "parameters; read as free additive parameters b_j, B from the W_j)", method="exact",
                        erratum="a bias behind layers of small norm moves f by |db| while B(w) is small: "
                                "f = relu(eps relu(eps x + 1) + b2) + 1 with eps = 0.1, R = 1 gives |df| = |db2| > "
                                "Bbar sqrt(6) |db2| = 0.245 |db2|")
def step_5(ctx: Context) -> Evidence:
    c = bias_counterexample()
    if c["lhs"] > c["rhs"]:
        return Evidence.refuted(f"|f_w1(x) - f_w2(x)| = {c['lhs']:.6g} > Bbar Q R sqrt(p) ||dw|| = {c['rhs']:.6g}",
                                method="exact", counterexample=c)
    return Evidence.inconclusive(f"{c}", method="exact")


@lem_network_param.correction(5, "With biases as augmented matrices [[W_j, b_j], [0, 1]] acting on (x, 1) (ReLU keeps "
                              "the 1), B computed from the augmented matrices and R replaced by sqrt(R^2 + 1), the "
                              "bias-free argument applies (fixed entries do not move); on a convex parameter set "
                              "it is a proof")
def correction_5(ctx: Context) -> Evidence:
    # the counterexample, redone in augmented form: B now sees the unit entries, and the bound holds
    ties = (np.array([[0, 3], [-1, -1]]), np.array([[1, 4], [-1, -1]]), np.array([[2, 5]]))
    w1 = np.array([0.1, 0.1, 1.0, 1.0, 1.0, 1.0])
    w2 = w1.copy()
    w2[4] += 1e-3

    def mats(w: np.ndarray) -> list[np.ndarray]:
        out = []
        for t in ties:
            M = np.where(t >= 0, w[np.maximum(t, 0)], 0.0)
            if M.shape[0] == 2:
                M[1, 1] = 1.0
            out.append(M)
        return out

    def f(w: np.ndarray, x: float) -> float:
        h = np.array([x, 1.0])
        Ms = mats(w)
        for j, M in enumerate(Ms):
            h = M @ h
            if j < len(Ms) - 1:
                h = np.maximum(h, 0)
        return float(h[0])

    def B(w: np.ndarray) -> float:
        nm = [np.linalg.norm(M, 2) for M in mats(w)]
        return max([math.prod(nm)] + [math.prod(np.delete(nm, i)) for i in range(len(nm))])

    R = 1.0
    lhs = abs(f(w1, R) - f(w2, R))
    rhs = max(B(w1), B(w2)) * math.sqrt(R**2 + 1) * math.sqrt(6) * float(np.linalg.norm(w1 - w2))
    if lhs <= rhs:
        return Evidence.verified(f"augmented form of the counterexample: |df| = {lhs:.4g} <= {rhs:.4g}; in general "
                                 "the augmented net is a bias-free ReLU net on (x, 1), ||(x, 1)|| <= sqrt(R^2 + 1), "
                                 "whose fixed entries do not change, so step 3's telescoping applies verbatim",
                                 method="symbolic")
    return Evidence.refuted(f"augmented form still fails: {lhs} > {rhs}", method="exact")


@lem_network_param.conclusion_step("Lemma 3.1 for bias-free nets: norm bounds and B >= Lip proved; the parameter "
                                   "bound proved on convex parameter sets (as used for (3.1)), endpoint version "
                                   "searched (no violation)", method="symbolic+search",
                                   expect=("inconclusive", "consistent", "verified"))
def conclusion(ctx: Context) -> Evidence:
    return Evidence.all_of(step_1(ctx), step_2(ctx), step_4(ctx),
                           Evidence.inconclusive("step 3 (endpoint hypothesis) is supported by search only",
                                                 method="search"))
