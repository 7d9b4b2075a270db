"""ex-cube: which hypercube of diameter 1 is O(1)-isoperimetric for all Lipschitz f.

PAPER.md lists "hypercubes normalised to diameter 1" among the O(1)-isoperimetric laws. Two cubes fit the words:

* the solid cube [0, 1/sqrt d]^d (uniform): 1/(2 pi)-isoperimetric, as the image of N(0, I_d/d) under the
  coordinatewise (2 pi)^(-1/2)-Lipschitz map x -> Phi(sqrt(d) x)/sqrt(d);
* the discrete cube {+-1/(2 sqrt d)}^d (uniform): NOT O(1)-isoperimetric. The 1-Lipschitz f = distance to the
  half-cube A = {x in the cube: sum x_i <= 0} fluctuates at scale d^(-1/4), and the least c it allows is
  c_min(d) ~ 0.0598 sqrt(d), so the cube's least constant is at least that (a lower bound from one f: the truth
  lies between c_min(d) and d/4). McDiarmid gives c = d/4.

The law of f is exact: f = sqrt(ceil(max(S, 0)/2)/d) with S = 2B - d, B ~ Bin(d, 1/2).
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from _isoperimetry_checks import exact_linear_check, family_check, until_refuted
from _measure_examples import (
    definition_bound,
    exact_tail_grid,
    half_cube_distance,
    half_cube_law,
    half_cube_limit_constant,
    half_cube_tail,
    least_c_half_cube,
)
from scipy import special

from isoper import (
    Claim,
    Context,
    DiscreteCube,
    Evidence,
    Gaussian,
    InvalidParameter,
    Mutant,
    SolidCube,
    Statement,
    Status,
    check_isoperimetry,
    check_trials,
)
from isoper.testfunctions import DistanceToSet

ex_cube = Statement(
    id="ex-cube",
    title="Hypercubes of diameter 1: the solid cube [0, 1/sqrt d]^d is 1/(2 pi)-isoperimetric; the discrete cube "
          "{+-1/(2 sqrt d)}^d is not O(1)-isoperimetric for all Lipschitz f",
    source="Bubeck-Sellke 2021, examples after Definition 1.1 ('hypercubes'); Gaussian concentration + Lipschitz "
           "transport; McDiarmid 1989; the half-cube distance is the classical obstruction (Ledoux 2001, Sec. 4)",
    hypotheses=("solid: X uniform on [0, 1/sqrt d]^d", "discrete: X uniform on {+-1/(2 sqrt d)}^d",
                "f bounded and L-Lipschitz on R^d"),
    conclusion="the solid cube is 1/(2 pi)-isoperimetric; the discrete cube is not O(1)-isoperimetric for all "
               "Lipschitz f (its least c is at least ~0.0598 sqrt(d), from the half-cube distance), though c = d/4 "
               "holds (McDiarmid)",
    order=2.3,
)

# d at which each c is refuted (c_min(d) = 1.94, 15.3, 122.5 there) and, for Monte Carlo, d where the margin is wide
EXACT_REFUTATIONS = ((1.0, 1024), (10.0, 2**16), (100.0, 2**22))
MC_REFUTATIONS = ((1.0, 1024), (10.0, 2**18), (100.0, 2**24))
GROWTH_DIMS = tuple(4**k for k in range(3, 12))


def _Phi(z: sp.Expr) -> sp.Expr:
    return (1 + sp.erf(z / sp.sqrt(2))) / 2


def _Phi_inv(q: sp.Expr) -> sp.Expr:
    return sp.sqrt(2) * sp.erfinv(2 * q - 1)


d_, S_, L_ = sp.symbols("d S L", positive=True)
GAUSSIAN_CONCENTRATION = "Gaussian concentration (Tsirelson-Ibragimov-Sudakov)"
LIPSCHITZ_TRANSPORT = "Lipschitz push-forward: c' = c M^2 d'/d"
MCDIARMID = "McDiarmid's inequality"


def _mp(v: Any) -> mpmath.mpf:
    return mpmath.mpf(str(sp.N(sp.sympify(v), 50)))


def check_step_1(ctx: Context, *, k: Any = None, m: Any = None) -> Evidence:
    """T_i(x) = Phi(k x)/m with sqrt(d) X_i ~ N(0, 1): P(T_i <= u) = Phi((sqrt d/k) Phi^{-1}(m u)) for m u < 1 (1 above),
    claimed to equal sqrt(d) u on [0, 1/sqrt d]. sympy for the identity; else the first (d, u) on a grid where the
    two differ (mpmath, 40 digits) is the counterexample."""
    k = sp.sympify(STEP_1.k if k is None else k)  # None: the value of record
    m = sp.sympify(STEP_1.m if m is None else m)
    u, p = sp.symbols("u p", positive=True)
    inverse = sp.simplify(_Phi(_Phi_inv(p)) - p) == 0
    cdf = sp.simplify(_Phi(sp.sqrt(d_) / k * _Phi_inv(m * u)))
    x = sp.Symbol("x", real=True)
    increasing = sp.diff(_Phi(k * x) / m, x).is_positive
    if inverse and increasing and sp.simplify(cdf - sp.sqrt(d_) * u) == 0:
        return Evidence.verified("Phi(Phi^{-1}(p)) = p (erf(erfinv)), T_i' > 0, so P(T_i(X_i) <= u) = "
                                 f"Phi(Phi^-1(sqrt(d) u)) = {cdf}: uniform on [0, 1/sqrt d]; independent "
                                 "coordinates give the uniform product law (sympy)")
    with mpmath.workdps(40):
        for d in (1, 4, 16):
            for j in range(1, 20):
                uu = mpmath.mpf(j) / 20 / mpmath.sqrt(d)
                kk, mm = _mp(k.subs(d_, d)), _mp(m.subs(d_, d))
                q = mm * uu
                P = mpmath.mpf(1) if q >= 1 else mpmath.ncdf(mpmath.sqrt(d) / kk * mpmath.sqrt(2) *
                                                             mpmath.erfinv(2 * q - 1))
                if abs(P - mpmath.sqrt(d) * uu) > mpmath.mpf(10) ** -25:
                    return Evidence.refuted(f"d = {d}, u = {float(uu):.6g}: P(T_1(X_1) <= u) = {float(P):.10g} but "
                                            f"sqrt(d) u = {float(mpmath.sqrt(d) * uu):.10g} (mpmath)", method="exact",
                                            counterexample={"d": d, "u": float(uu), "P": float(P),
                                                            "claimed": float(mpmath.sqrt(d) * uu)})
    return Evidence.inconclusive(f"sympy: inverse={inverse}, cdf={cdf}, increasing={increasing}; no grid point "
                                 "differs", method="symbolic")


STEP_1 = Claim(
    "Solid cube, transport: if X ~ N(0, I_d/d) then T(X) = Phi({k} X)/{m} (coordinatewise) is uniform on "
    "[0, 1/sqrt d]^d: P(T_i(X_i) <= u) = sqrt(d) u for u in [0, 1/sqrt d]",
    {"k": sp.sqrt(d_), "m": sp.sqrt(d_)}, kind="identity",
    mutants=(
        Mutant({"k": sp.Integer(1)}, "Phi(X_i) with X_i ~ N(0, 1/d) is not uniform for d > 1: at d = 4, u = 1/40 "
                                     "P(T_1 <= u) = Phi(2 Phi^-1(1/20)) = 5e-4, not 1/20"),
        Mutant({"m": d_}, "Phi(sqrt d X)/d is uniform on [0, 1/d]: at d = 4, u = 1/4 P = 1, not 1/2"),
        Mutant({"k": 2 * sp.sqrt(d_)}, "Phi(2 sqrt d X_i) puts too much mass near the ends: P(T_1 <= u) = "
                                       "Phi(Phi^-1(sqrt d u)/2) != sqrt d u off u = 1/(2 sqrt d)"),
    ),
)


@ex_cube.step(1, STEP_1, method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return check_step_1(ctx, k=ctx.claim.k, m=ctx.claim.m)


def check_step_2(ctx: Context, *, M: Any = None, c0: Any = 1, c: Any = None) -> Evidence:
    """T_i' = M_0 exp(-d x^2/2) with M_0 = 1/sqrt(2 pi) (sympy); M must be >= T_i'(0) = M_0 (else x = 0 is the
    counterexample) and M_0 its sup; the base Gaussian constant c0 is tested on exact linear tails (log space); the
    push-forward rule must give c = c0 M^2 d/d (else the exact values are the counterexample)."""
    M, c0 = sp.sympify(STEP_2.M if M is None else M), sp.sympify(c0)
    c = sp.sympify(STEP_2.c if c is None else c)
    x = sp.Symbol("x", real=True)
    y = sp.Symbol("y", nonnegative=True)  # y = d x^2 / 2
    M0 = 1 / sp.sqrt(2 * sp.pi)
    dT = sp.simplify(sp.diff(_Phi(sp.sqrt(d_) * x) / sp.sqrt(d_), x))
    form = sp.simplify(dT - M0 * sp.exp(-d_ * x**2 / 2)) == 0
    if sp.N(M - M0, 50) < 0:
        return Evidence.refuted(f"T_1'(0) = 1/sqrt(2 pi) = {float(M0):.10g} > M = {M} = {float(M):.10g}: T is not "
                                "M-Lipschitz (exact, at x = 0)", method="symbolic",
                                counterexample={"x": 0, "T'(x)": float(M0), "M": float(M)})
    gauss = exact_linear_check(Gaussian(16), float(c0))
    if gauss.status.value == "refuted":
        return Evidence.refuted(f"the base constant c0 = {c0} is false for N(0, I_d/d): {gauss.detail}",
                                method="exact-numeric", counterexample=gauss.counterexample)
    dd = sp.Symbol("dd", positive=True)
    c_new = sp.simplify(c0 * M**2 * dd / dd)
    if sp.simplify(c_new - c) != 0:
        return Evidence.refuted(f"the push-forward rule gives c = c0 M^2 d/d = {c_new}, not {c} (exact)",
                                method="symbolic", counterexample={"c0 M^2": str(c_new), "claimed c": str(c)})
    h = M0 - M0 * sp.exp(-y)  # M0 - T' >= 0: zero at y = 0, derivative M0 exp(-y) > 0
    bounded = h.subs(y, 0) == 0 and sp.diff(h, y).is_positive
    library = all(sp.simplify(SolidCube(k).isoperimetry_constant.expr - c) == 0 for k in (1, 7, 64))
    if form and bounded and library:
        return Evidence.verified(f"T_i'(x) = {dT} <= 1/sqrt(2 pi) <= M = {M} (equality at x = 0); c' = c0 M^2 d/d = "
                                 f"{c_new}; c0 = {c0} consistent with exact Gaussian linear tails; isoper's SolidCube "
                                 "constant agrees (sympy)", cites=(GAUSSIAN_CONCENTRATION, LIPSCHITZ_TRANSPORT))
    return Evidence.inconclusive(f"sympy: form={form}, bounded={bounded}, c'={c_new}, library={library}",
                                 method="symbolic")


STEP_2 = Claim(
    "Solid cube, constant: T is M-Lipschitz with M = {M} (T_i' = phi(sqrt(d) x) <= phi(0), Jacobian diagonal), so the "
    "push-forward rule c' = c M^2 d'/d gives, from N(0, I_d/d)'s c = {c0}, c = {c0} * M^2 * d/d = {c}",
    {"M": 1 / sp.sqrt(2 * sp.pi), "c0": 1, "c": 1 / (2 * sp.pi)}, kind="chain",
    cites=(GAUSSIAN_CONCENTRATION, LIPSCHITZ_TRANSPORT),
    mutants=(
        Mutant({"M": 1 / (2 * sp.sqrt(2 * sp.pi))}, "T_1'(0) = phi(0) = 1/sqrt(2 pi) exceeds it"),
        Mutant({"c": 1 / (4 * sp.pi)}, "1 * (1/sqrt(2 pi))^2 = 1/(2 pi), not 1/(4 pi): an arithmetic slip"),
        Mutant({"c0": sp.Rational(1, 2)}, "N(0, I_d/d) is not 1/2-isoperimetric: 2 Phi^c(x) > 2 exp(-x^2) near x = 2"),
    ),
)


@ex_cube.step(2, STEP_2, method="symbolic")
def step_2(ctx: Context) -> Evidence:
    return check_step_2(ctx, M=ctx.claim.M, c0=ctx.claim.c0, c=ctx.claim.c)


def solid_cube_coordinate(c: float, d: int = 16) -> Evidence:
    """The exact tail of the coordinate f = x_1 on the solid cube: |X_1 - 1/(2 sqrt d)| >= t has probability
    max(0, 1 - 2 t sqrt d), compared with 2 exp(-d t^2/(2c)) on a grid of t (the least c it allows is ~0.0349)."""
    ts = [j / 2000 / math.sqrt(d) for j in range(1, 1000)]
    return exact_tail_grid(lambda t: max(0.0, 1 - 2 * t * math.sqrt(d)), d, c, ts,
                           what=f"SolidCube(d={d}), f = x_1")


def check_solid_cube(ctx: Context, *, c: float = 1 / (2 * math.pi), dims: tuple[int, ...] = (16, 64),
                     samples: int = 20_000) -> Evidence:
    """Definition 1.1 with constant ``c`` for the solid cube: the exact coordinate tail first (a refutation ends the
    check), then Monte Carlo on the standard test family (alpha split over the dimensions)."""
    sub = Context(ctx.step_id, ctx.alpha / len(dims), ctx.seed, ctx.thorough, ctx.scale)
    return until_refuted(lambda: solid_cube_coordinate(float(c)),
                         *[lambda d=d: family_check(sub, SolidCube(d), float(c), samples=samples) for d in dims])


STEP_3 = Claim(
    "Solid cube, Monte Carlo: Definition 1.1 with c = {c} holds for the exact coordinate tail and the standard test "
    "family (linear, norm, max coordinate, distance to a set, ReLU net), d in {dims}",
    {"c": 1 / (2 * sp.pi), "dims": (16, 64)}, kind="probability",
    mutants=(
        Mutant({"c": sp.Rational(1, 30)}, "f = x_1: P(|X_1 - m| >= t) = 1 - 2x (x = t sqrt d) exceeds 2 exp(-15 x^2) "
                                          "near x = 0.42 (the coordinate needs c >= 0.0349)"),
        Mutant({"c": sp.Rational(1, 40)}, "f = x_1: 1 - 2x > 2 exp(-20 x^2) at x = 0.3"),
        Mutant({"c": sp.Rational(1, 100)}, "f = x_1: 1 - 2x > 2 exp(-50 x^2) at x = 0.2"),
    ),
)


@ex_cube.step(3, STEP_3, method="monte-carlo")
def step_3(ctx: Context) -> Evidence:
    dims = tuple(ctx.claim.dims) + ((256,) if ctx.thorough else ())
    return check_solid_cube(ctx, c=float(ctx.claim.c), dims=dims)


def prove_half_cube_distance(flips=lambda S: sp.ceiling(S / 2)) -> Evidence:
    """For every d: a cube point x with S = sum sign(x_i) > 0 is at distance sqrt(k(S)/d) from the half-cube A, where
    k(S) = ``flips(S)`` is claimed to be the least number of coordinates to flip (default ceil(S/2)).

    Two cube points differing in m coordinates are at distance sqrt(m/d) (each gap is 1/sqrt d); one flip changes S by
    exactly +-2, so reaching S(y) <= 0 needs m >= S/2, i.e. m >= ceil(S/2); flipping ceil(S/2) of the B = (d + S)/2
    positive coordinates reaches it. sympy checks, for S = 2j and S = 2j - 1 (j >= 1, every parity of d), that k(S)
    is attained (S - 2k <= 0, k <= B when S <= d) and least (k < S/2 + 1 with k >= S/2); and for S <= 0, x is in A."""
    d = sp.Symbol("d", positive=True)
    j = sp.Symbol("j", integer=True, positive=True)
    facts: dict[str, bool] = {
        "coordinate gap (1/(2 sqrt d) + 1/(2 sqrt d))^2 = 1/d": sp.simplify((1 / (2 * sp.sqrt(d)) * 2) ** 2 - 1 / d) == 0,
        "one flip changes a sign by -1 - 1 = -2 or 1 - (-1) = 2": (-1 - 1, 1 - (-1)) == (-2, 2),
    }
    for name, S in (("S = 2j", 2 * j), ("S = 2j - 1", 2 * j - 1)):
        k = sp.sympify(flips(S))
        facts[f"{name}: k = {k} is an integer"] = bool(k.is_integer)
        facts[f"{name}: attained, S - 2k <= 0"] = bool((S - 2 * k).is_nonpositive)
        # k <= B = (d + S)/2 for all d >= S follows from k <= S (then B - k >= (S + S)/2 - k = S - k >= 0)
        facts[f"{name}: enough positive coordinates, S - k >= 0"] = bool((S - k).is_nonnegative)
        facts[f"{name}: least, k >= S/2 and k - S/2 < 1"] = bool((k - S / 2).is_nonnegative) and \
            bool((1 - (k - S / 2)).is_positive)
    if all(facts.values()):
        return Evidence.verified("dist(x, A) = sqrt(ceil(max(S, 0)/2)/d) for every d: " + "; ".join(facts)
                                 + " (sympy; S <= 0 means x in A, distance 0)")
    return Evidence.inconclusive(f"the flip-count argument fails for k(S) = {flips(sp.Symbol('S'))}: "
                                 f"{[k for k, v in facts.items() if not v]}", method="symbolic")


def exhaustive_half_cube(formula=half_cube_distance, dims=range(1, 13)) -> Evidence:
    """The implementation ``formula`` against brute-force nearest-neighbour distances at all 2^d points."""
    import itertools

    for d in dims:
        pts = np.array(list(itertools.product((-1.0, 1.0), repeat=d))) / (2 * math.sqrt(d))
        S = np.sign(pts).sum(axis=1)
        A = pts[S <= 0]
        brute = DistanceToSet(A)(pts)
        gap = np.abs(brute - formula(pts))
        err = float(gap.max())
        if err > 1e-12:
            bad = int(np.argmax(gap))
            return Evidence.refuted(f"formula and brute force differ by {err:.3g} at d={d}", method="exhaustive",
                                    counterexample={"d": d, "point": pts[bad].tolist(), "brute": float(brute[bad])})
    return Evidence.verified(f"the implementation equals the brute-force distance to A at all 2^d points, d = "
                             f"{min(dims)}..{max(dims)}", method="exhaustive")


def _formula(flips: Any, unit: Any):
    """The claimed distance sqrt(k(S)/unit) as a function of cube points (S = sum sign(x_i); 0 for S <= 0)."""
    k_of = sp.lambdify(S_, sp.sympify(flips), modules="math")
    unit = sp.sympify(unit)

    def f(x: np.ndarray) -> np.ndarray:
        d = x.shape[1]
        S = np.count_nonzero(x > 0, axis=1) * 2 - d
        u = float(unit.subs(d_, d))
        return np.array([math.sqrt(k_of(int(s)) / u) if s > 0 else 0.0 for s in S])
    return f


def check_step_4(ctx: Context, *, flips: Any = None, unit: Any = d_) -> Evidence:
    """The claimed formula against brute-force nearest-neighbour distances at all 2^d points for d = 1..12 (a
    differing point is the counterexample); then the flip-count argument in sympy for every d."""
    flips = STEP_4.flips if flips is None else flips
    code = exhaustive_half_cube(_formula(flips, unit))
    if code.status.value != "verified":
        return code
    proof = prove_half_cube_distance(lambda S: sp.sympify(flips).subs(S_, S))
    gap = sp.simplify((1 / (2 * sp.sqrt(d_)) * 2) ** 2 - 1 / sp.sympify(unit)) == 0
    ev = Evidence.all_of(proof, code, method="symbolic+exhaustive")
    if ev.status.value == "verified" and gap:
        return Evidence.verified(ev.detail + f"; one flip moves a point by sqrt(1/{unit}) (sympy) (the half-space "
                                 "distance max(S, 0)/(2d) would fluctuate only at scale d^(-1/2): the discreteness of A "
                                 "is what makes f large)", method="symbolic+exhaustive")
    return ev if ev.status.value != "verified" else Evidence.inconclusive(f"gap^2 != 1/{unit}", method="symbolic")


STEP_4 = Claim(
    "Discrete cube, test function: for every d and x in {{+-1/(2 sqrt d)}}^d with S = sum sign(x_i), the distance to "
    "the half-cube A = {{y in the cube: sum y_i <= 0}} is sqrt(k(S)/{unit}) with k(S) = {flips} for S > 0 (0 for "
    "S <= 0) (1-Lipschitz on R^d as a distance to a set, bounded by the diameter 1 on the cube): flip-count argument "
    "with its algebra in sympy; the implementation also matches brute force at every point for d = 1..12",
    {"flips": sp.ceiling(S_ / 2), "unit": d_}, kind="identity",
    mutants=(
        Mutant({"flips": sp.floor(S_ / 2)}, "for odd S, floor(S/2) flips leave sum sign = 1 > 0: d = 1, S = 1 is at "
                                            "distance 1, not 0"),
        Mutant({"flips": S_}, "S flips overshoot: ceil(S/2) suffice (d = 2, S = 2 is at distance sqrt(1/2), not 1)"),
        Mutant({"unit": 4 * d_}, "one flip moves a point by 1/sqrt(d) (each gap is 1/sqrt d), not 1/(2 sqrt d)"),
    ),
)


@ex_cube.step(4, STEP_4, method="symbolic+exhaustive")
def step_4(ctx: Context) -> Evidence:
    return check_step_4(ctx, flips=ctx.claim.flips, unit=ctx.claim.unit)


def discrete_cube_exact(c: float, d: int) -> Evidence:
    """The claim 'f = distance to the half-cube satisfies Definition 1.1 with constant c on DiscreteCube(d)', decided
    from the exact law of f: refuted with the t of the least-c computation when c < c_min(d)."""
    r = least_c_half_cube(d)
    t = r["t"]
    P = half_cube_tail(d)(t)
    b = definition_bound(d, t, c)
    if P > b * (1 + 1e-9):
        return Evidence.refuted(f"DiscreteCube(d={d}), f = dist(., half-cube): exact P(|f - Ef| >= {t:.5g}) = "
                                f"{P:.5g} > 2 exp(-d t^2/(2c)) = {b:.5g} at c = {c:g} (least workable c is "
                                f"{r['c_min']:.5g})", method="exact-numeric",
                                counterexample={"d": d, "c": c, "t": t, "exact": P, "bound": b, "Ef": r["Ef"]})
    return Evidence.consistent(f"DiscreteCube(d={d}): c = {c:g} >= c_min(d) = {r['c_min']:.5g}, so f satisfies the "
                               "bound at every t (exact law)", method="exact-numeric", data=r)


def _invert(ev: Evidence, what: str) -> Evidence:
    """Evidence for 'the inequality fails' from evidence about 'the inequality holds'."""
    if ev.status is Status.REFUTED:
        return Evidence(Status.VERIFIED if ev.method == "symbolic" else Status.CONSISTENT, ev.method,
                        f"{what} confirmed: {ev.detail}", interval=ev.interval, data={"counterexample":
                                                                                        ev.counterexample})
    return Evidence.inconclusive(f"{what} not shown: {ev.detail}", method=ev.method)


def failure_claim_false(c: float, d: int) -> Evidence | None:
    """The claim 'f = distance to the half-cube violates Definition 1.1 with constant c on DiscreteCube(d)' is false
    when c >= c_min(d), the least c its exact law allows (the bound then holds at every t): refuted with the exact
    law's figures; None when c < c_min(d)."""
    r = least_c_half_cube(d)
    if c >= r["c_min"] * (1 + 1e-9):
        return Evidence.refuted(f"DiscreteCube(d={d}): c = {c:g} >= c_min(d) = {r['c_min']:.6g}, so f = dist(., "
                                "half-cube) satisfies 2 exp(-d t^2/(2c)) at every t (exact law of B ~ Bin(d, 1/2)): "
                                "no failure", method="exact-numeric",
                                counterexample={"d": d, "c": c, "c_min": r["c_min"], "tightest t": r["t"]})
    return None


def check_step_5(ctx: Context, *, pairs=EXACT_REFUTATIONS) -> Evidence:
    parts = []
    for c, d in pairs:
        no = failure_claim_false(float(c), int(d))
        if no is not None:
            return no
        parts.append(_invert(discrete_cube_exact(float(c), int(d)), f"failure of c = {float(c):g}"))
    return Evidence.all_of(*parts)


STEP_5 = Claim(
    "Discrete cube fails Definition 1.1 for (c, d) in {pairs}: the exact law of f = distance to the half-cube "
    "exceeds 2 exp(-d t^2/(2c)) at some t",
    {"pairs": EXACT_REFUTATIONS}, kind="probability",
    mutants=(
        Mutant({"pairs": ((1.0, 64), (10.0, 2**16), (100.0, 2**22))}, "c_min(64) = 0.51 < 1: f satisfies the bound "
                                                                      "with c = 1 at every t at d = 64"),
        Mutant({"pairs": ((1.0, 1024), (10.0, 4096), (100.0, 2**22))}, "c_min(4096) = 3.86 < 10"),
        Mutant({"pairs": ((1.0, 1024), (10.0, 2**16), (100.0, 2**16))}, "c_min(2^16) = 15.3 < 100"),
    ),
)


@ex_cube.step(5, STEP_5, method="exact-numeric")
def step_5(ctx: Context) -> Evidence:
    return check_step_5(ctx, pairs=tuple(ctx.claim.pairs))


def _mc_t(c: float, d: int) -> float:
    """The t where the exact tail most exceeds the claimed bound among tails >= 1% (chosen before sampling)."""
    f, p = half_cube_law(d)
    Ef = float(np.dot(p, f))
    dev = np.abs(f - Ef)
    best, best_t = -1.0, 0.0
    for tt in np.linspace(0.05, 1.3, 126):
        t = float(tt) * d ** -0.25
        P = float(p[dev >= t].sum())
        if P >= 0.01 and P / definition_bound(d, t, c) > best:
            best, best_t = P / definition_bound(d, t, c), t
    return best_t


def discrete_cube_mc(ctx: Context, c: float, d: int, *, samples: int = 10_000, alpha: float | None = None,
                     label: str = "") -> Evidence:
    """Monte Carlo test of the claim 'Definition 1.1 holds with constant c' for f = distance to the half-cube.

    For d <= 4096 the engine samples points of DiscreteCube(d) in R^d; for larger d it samples B = #{x_i > 0}
    ~ Bin(d, 1/2) directly, which is exact since f depends on x only through B. E f is taken from the exact law.
    """
    alpha = ctx.alpha if alpha is None else alpha
    f_vals, p = half_cube_law(d)
    Ef = float(np.dot(p, f_vals))
    t = _mc_t(c, d)
    b = definition_bound(d, t, c)
    seed = ctx.seed_for(f"half-cube-{c}-{d}-{label}")
    n = ctx.samples(samples)
    if d <= 4096:
        r = check_isoperimetry(DiscreteCube(d), half_cube_distance, c=c, t=t, lipschitz=1.0, center=Ef,
                               alpha=alpha, samples=n, seed=seed)
    else:
        def trial(rng: np.random.Generator, m: int) -> np.ndarray:
            B = rng.binomial(d, 0.5, size=m)
            f = np.sqrt(np.ceil(np.maximum(2 * B - d, 0) / 2) / d)
            return np.abs(f - Ef) >= t

        r = check_trials(trial, bound=b, alpha=alpha, samples=n, seed=seed,
                         claim=f"P(|f - Ef| >= {t:.4g}) <= {b:.4g}", batch=8192)
    return Evidence.from_check(r, what=f"DiscreteCube(d={d}), f = dist(., half-cube), c = {c:g}, t = {t:.4g}")


def check_step_6(ctx: Context, *, pairs=MC_REFUTATIONS) -> Evidence:
    """For each (c, d): refuted at once if the exact law shows no failure (c >= c_min(d)); otherwise Monte Carlo must
    put the lower confidence bound above the claimed bound (alpha split over the pairs)."""
    for c, d in pairs:
        no = failure_claim_false(float(c), int(d))
        if no is not None:
            return no
    a = ctx.alpha / len(pairs)
    return Evidence.all_of(*[_invert(discrete_cube_mc(ctx, float(c), int(d), alpha=a), f"failure of c = {float(c):g}")
                             for c, d in pairs])


STEP_6 = Claim(
    "Discrete cube fails Definition 1.1 for (c, d) in {pairs}, by Monte Carlo: the lower confidence bound of "
    "P(|f - Ef| >= t) lies above 2 exp(-d t^2/(2c)) (d <= 4096 sampled in R^d; larger d through the exact reduction "
    "to B ~ Bin(d, 1/2))",
    {"pairs": MC_REFUTATIONS}, kind="probability",
    mutants=(
        Mutant({"pairs": ((1.0, 64), (10.0, 2**18), (100.0, 2**24))}, "c_min(64) = 0.51 < 1: no failure at d = 64"),
        Mutant({"pairs": ((1.0, 1024), (10.0, 4096), (100.0, 2**24))}, "c_min(4096) = 3.86 < 10"),
        Mutant({"pairs": ((1.0, 1024), (10.0, 2**18), (100.0, 2**16))}, "c_min(2^16) = 15.3 < 100"),
    ),
)


@ex_cube.step(6, STEP_6, method="monte-carlo")
def step_6(ctx: Context) -> Evidence:
    return check_step_6(ctx, pairs=tuple(ctx.claim.pairs))


def limit_bracket(grid: int = 30001) -> tuple[float, float]:
    """Rigorous bounds (float rounding aside) on k = sup_s s^2/(2 log(2/P(|g - Eg| >= s))), g = sqrt(max(Z, 0)/2): the
    maximum over a grid of s in (0, 3] is attained (lower), and on a cell the ratio is at most s_{j+1}^2/(2 log(2/
    P(s_j))) (P is non-increasing; upper). Beyond s = 3 only the upper tail is left: P(s) = Phi^c(2 (Eg + s)^2) <=
    exp(-2 (Eg + s)^4), so the ratio is at most s^2/(4 (Eg + s)^4) <= 1/(4 (Eg + 3)^2) = 0.023 there."""
    Eg = half_cube_limit_constant()["Eg"]
    s = np.linspace(0.0, 3.0, grid)
    up = special.ndtr(-2 * (Eg + s) ** 2)
    low = np.where(s < Eg, special.ndtr(2 * np.maximum(Eg - s, 0) ** 2), 0.0)
    P = np.minimum(up + low + np.where(s == 0, 1.0, 0.0), 1.0)
    r = s[1:] ** 2 / (2 * np.log(2 / P[1:]))
    ub = s[1:] ** 2 / (2 * np.log(2 / P[:-1]))
    tail = 1.0 / (4 * (Eg + 3.0) ** 2)  # s >= 3: log(2/P) >= 2 (Eg + s)^4 and s^2 <= (Eg + s)^2
    return float(r.max()) * (1 - 1e-9), max(float(ub.max()) * (1 + 1e-9), tail)


def check_step_7(ctx: Context, *, k: Any = 0.0598, slope: Any = None, dims=GROWTH_DIMS) -> Evidence:
    """The limit k of c_min(d)/sqrt(d) (CLT limit, bracketed rigorously by :func:`limit_bracket`) must contain the
    claimed k to its printed precision (3 significant digits); the exact c_min(d) must approach it (1%) with log-log
    slopes near the claimed slope (0.02). A limit in (0, oo) forces slope 1/2: any other slope is refuted by it."""
    slope = STEP_7.slope if slope is None else slope
    lo, hi = limit_bracket()
    kk = float(k)
    half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(kk))) - 2)  # half a unit of the 3rd significant digit
    if kk + half_unit < lo or kk - half_unit > hi:
        return Evidence.refuted(f"the CLT limit of c_min(d)/sqrt(d) lies in [{lo:.6g}, {hi:.6g}] (grid with cell-wise "
                                f"bounds), not at {k}", method="exact-numeric",
                                counterexample={"limit_lower": lo, "limit_upper": hi, "claimed k": kk})
    rows = [least_c_half_cube(d) for d in dims]
    ratios = [r["c_min"] / math.sqrt(r["d"]) for r in rows]
    slopes = [math.log(rows[i + 1]["c_min"] / rows[i]["c_min"]) / math.log(rows[i + 1]["d"] / rows[i]["d"])
              for i in range(len(rows) - 1)]
    if sp.nsimplify(slope) != sp.Rational(1, 2):
        return Evidence.refuted(f"c_min(d)/sqrt(d) -> k in [{lo:.6g}, {hi:.6g}] (0 < k < oo) forces log-log slope 1/2, "
                                f"not {slope}; exact slopes at the largest d: "
                                f"{', '.join(f'{x:.4f}' for x in slopes[-3:])}", method="exact-numeric",
                                counterexample={"limit": [lo, hi], "slopes": slopes[-3:], "claimed slope": str(slope)})
    table = ", ".join(f"d={r['d']}: {r['c_min']:.4g}" for r in rows)
    rel = abs(ratios[-1] - kk) / kk
    if rel < 0.01 and all(abs(x - float(slope)) < 0.02 for x in slopes[-3:]):
        return Evidence.consistent(f"c_min(d): {table}; c_min/sqrt(d) -> {ratios[-1]:.5g} vs CLT limit in "
                                   f"[{lo:.6g}, {hi:.6g}] (claimed {k}; rel. diff {rel:.2g}); last slopes "
                                   f"{', '.join(f'{x:.4f}' for x in slopes[-3:])}", method="exact-numeric",
                                   data={"c_min": {r["d"]: r["c_min"] for r in rows}, "limit": [lo, hi]})
    return Evidence.inconclusive(f"c_min(d): {table}; ratio {ratios[-1]:.5g} vs claimed {k}; slopes {slopes}",
                                 method="exact-numeric")


STEP_7 = Claim(
    "Growth: the least c allowed by f on the discrete cube, c_min(d), satisfies c_min(d)/sqrt(d) -> k = sup_s s^2/(2 "
    "log(2/P(|g - Eg| >= s))) ~ {k} with g = sqrt(max(Z, 0)/2) (CLT limit of d^(1/4) f); log-log slope {slope} "
    "(exact c_min at d in {dims})",
    {"k": 0.0598, "slope": sp.Rational(1, 2), "dims": GROWTH_DIMS}, kind="experiment",
    mutants=(
        Mutant({"k": 0.07}, "the CLT limit is 0.05980 (bracketed on a grid), and c_min(4^11)/2^11 = 0.0597"),
        Mutant({"k": 0.05}, "the CLT limit is 0.05980, not 0.05"),
        Mutant({"slope": sp.Integer(1)}, "a finite positive limit of c_min/sqrt(d) forces slope 1/2; exact slopes "
                                         "are 0.50"),
    ),
)


@ex_cube.step(7, STEP_7, method="exact-numeric")
def step_7(ctx: Context) -> Evidence:
    return check_step_7(ctx, k=ctx.claim.k, slope=ctx.claim.slope, dims=tuple(ctx.claim.dims))


def check_step_8(ctx: Context, *, bd: Any = None, c: Any = d_ / 4, exact_dims=(64, 256, 1024, 4096),
                 family_dim: int = 16) -> Evidence:
    """(a) the bounded difference: f = L x_1 changes by exactly L/sqrt(d) when coordinate 1 flips, so bd must be >=
    L/sqrt(d) (else d = 4, L = 1 is the counterexample); (b) McDiarmid's exponent -2 t^2/(d bd^2) must equal
    Definition 1.1's -d t^2/(2 c L^2) (else the point d = 4, t = L = 1); (c) consistency: the exact law of the half-cube
    distance at c(d) for d = 64..4096, and Monte Carlo on the test family on DiscreteCube(16)."""
    bd, c = sp.sympify(STEP_8.bd if bd is None else bd), sp.sympify(c)
    t = sp.Symbol("t", positive=True)
    at = {d_: 4, L_: 1}
    if sp.N(bd.subs(at) - sp.Rational(1, 2), 50) < 0:
        return Evidence.refuted(f"f = x_1 (1-Lipschitz) on DiscreteCube(4) changes by 1/sqrt(4) = 1/2 when x_1 flips, "
                                f"more than {bd} = {bd.subs(at)} (exact)", method="exact",
                                counterexample={"d": 4, "L": 1, "f": "x_1", "x": [-0.25, 0.25, 0.25, 0.25],
                                                "x'": [0.25, 0.25, 0.25, 0.25], "|f(x) - f(x')|": 0.5,
                                                "claimed bound": str(bd.subs(at))})
    mcd = -2 * t**2 / (d_ * bd**2)
    defn = -d_ * t**2 / (2 * c * L_**2)
    if sp.simplify(mcd - defn) != 0:
        pt = {d_: 4, L_: 1, t: 1}
        return Evidence.refuted(f"at d = 4, t = L = 1 McDiarmid's exponent is {mcd.subs(pt)} but Definition 1.1's with "
                                f"c = {c} is {defn.subs(pt)} (exact)", method="symbolic",
                                counterexample={"d": 4, "t": 1, "L": 1, "mcdiarmid": str(mcd.subs(pt)),
                                                "definition": str(defn.subs(pt))})
    library = all(sp.simplify(DiscreteCube(k).dimension_dependent_constant.expr - c.subs(d_, k)) == 0
                  for k in (4, 16, 64))
    sym = (Evidence.verified(f"[cited: McDiarmid's bounded-differences inequality, McDiarmid 1989] its exponent -2 t^2/(d ({bd})^2) equals Definition 1.1's with c = {c} (sympy); f = x_1 "
                             f"attains the bounded difference L/sqrt(d); isoper's DiscreteCube.dimension_dependent_constant "
                             "agrees", cites=(MCDIARMID,))
           if library else Evidence.inconclusive(f"library constant differs from {c}", method="symbolic"))
    exact = Evidence.all_of(*[discrete_cube_exact(float(c.subs(d_, k)), k) for k in exact_dims])
    mc = family_check(ctx, DiscreteCube(family_dim), float(c.subs(d_, family_dim)), samples=10_000)
    return Evidence.all_of(sym, exact, mc)


STEP_8 = Claim(
    "McDiarmid (dimension-dependent): changing one coordinate moves an L-Lipschitz f by <= {bd}, so P(|f - Ef| >= t) "
    "<= 2 exp(-2 t^2/(d {bd}^2)), which is Definition 1.1 with c = {c}; consistent with c_min(d) <= c (exact law, "
    "d in {exact_dims}) and with the test family on DiscreteCube({family_dim})",
    {"bd": L_ / sp.sqrt(d_), "c": d_ / 4, "exact_dims": (64, 256, 1024, 4096), "family_dim": 16}, kind="citation",
    cites=(MCDIARMID,),
    mutants=(
        Mutant({"bd": L_ / (2 * sp.sqrt(d_))}, "a flip moves a cube point by 1/sqrt(d), and f = L x_1 changes by "
                                               "exactly L/sqrt(d)"),
        Mutant({"c": d_ / 8}, "McDiarmid's exponent -2 t^2/(d (L/sqrt d)^2) = -2 t^2/L^2 is Definition 1.1's with "
                              "c = d/4; with d/8 the exponents differ (-2 vs -4 at d = 4, t = L = 1)"),
        Mutant({"c": sp.sqrt(d_) / 100}, "not what McDiarmid gives, and the half-cube distance needs c >= 0.06 sqrt(d)"),
    ),
)


@ex_cube.step(8, STEP_8, method="symbolic+exact-numeric+monte-carlo")
def step_8(ctx: Context) -> Evidence:
    cl = ctx.claim
    return check_step_8(ctx, bd=cl.bd, c=cl.c, exact_dims=tuple(cl.exact_dims), family_dim=cl.family_dim)


def _step_claim(ctx: Context, k: int, default: Claim) -> Claim:
    """Step k's claim as the run sees it (outside a ledger run: the module's)."""
    try:
        return ctx.claim_of(f"ex-cube/step-{k}")
    except InvalidParameter:
        return default


@ex_cube.step(9, "PAPER.md's example as worded: 'hypercubes normalised to diameter 1' are O(1)-isoperimetric, "
              "read for the discrete cube {+-1/(2 sqrt d)}^d (for the solid cube it holds: steps 1-3)",
              method="exact-numeric",
              erratum="false for the discrete cube: the 1-Lipschitz distance to the half-cube forces c >= c_min(d) "
                      "~ 0.0598 sqrt(d), so c = 1, 10, 100 fail at d = 2^10, 2^16, 2^22")
def step_9(ctx: Context) -> Evidence:
    """Refuted with step 5's (c, d) pairs (as the run sees step 5's claim)."""
    pairs = _step_claim(ctx, 5, STEP_5).pairs
    return Evidence.all_of(*[discrete_cube_exact(float(c), int(d)) for c, d in pairs])


def _share(ctx: Context, k: int) -> Context:
    """A context with 1/k of ctx's alpha (for one of k Monte Carlo parts of a step)."""
    return Context(ctx.step_id, ctx.alpha / k, ctx.seed, ctx.thorough, ctx.scale)


def check_summary(ctx: Context, *, c_solid: Any, k: Any, c_mcd: Any, mc_discrete: bool) -> Evidence:
    """Correction 9 and the conclusion: steps 1, 2 (with c = c_solid), the solid cube at c_solid (d = 32), step 4, step 5,
    step 7 (with k), step 8 (with c = c_mcd), each with the other values of the steps' claims as the run sees them;
    with ``mc_discrete`` also the Monte Carlo failure of c = 1 at d = 1024. Exact parts run first; a refuted part ends
    the check."""
    n_mc = 3 if mc_discrete else 2
    share = _share(ctx, n_mc)
    cl = {i: _step_claim(ctx, i, dflt) for i, dflt in ((1, STEP_1), (2, STEP_2), (4, STEP_4), (5, STEP_5),
                                                       (7, STEP_7), (8, STEP_8))}
    parts = [lambda: check_step_1(ctx, k=cl[1].k, m=cl[1].m),
             lambda: check_step_2(ctx, M=cl[2].M, c0=cl[2].c0, c=c_solid),
             lambda: solid_cube_coordinate(float(c_solid)),
             lambda: check_step_4(ctx, flips=cl[4].flips, unit=cl[4].unit),
             lambda: check_step_5(ctx, pairs=tuple(cl[5].pairs)),
             lambda: check_step_7(ctx, k=k, slope=cl[7].slope, dims=tuple(cl[7].dims)),
             lambda: check_step_8(share, bd=cl[8].bd, c=c_mcd, exact_dims=tuple(cl[8].exact_dims),
                                  family_dim=cl[8].family_dim),
             lambda: check_solid_cube(share, c=float(c_solid), dims=(32,), samples=10_000)]
    if mc_discrete:
        parts.append(lambda: _invert(discrete_cube_mc(share, 1.0, 1024, label="conclusion"), "failure of c = 1"))
    return until_refuted(*parts, method="symbolic+exact-numeric+monte-carlo")


_SUMMARY_MUTANTS = (
    Mutant({"c_solid": sp.Rational(1, 40)}, "f = x_1 on the solid cube: 1 - 2x > 2 exp(-20 x^2) at x = 0.3"),
    Mutant({"k": 0.07}, "the CLT limit of c_min(d)/sqrt(d) is 0.0598"),
    Mutant({"c_mcd": d_ / 8}, "McDiarmid gives c = d/4: the exponents differ with d/8"),
)

CORRECTION_9 = Claim(
    "The solid cube [0, 1/sqrt d]^d is {c_solid}-isoperimetric; the discrete cube {{+-1/(2 sqrt d)}}^d is "
    "c-isoperimetric only with c growing with d (c >= c_min(d) ~ {k} sqrt(d) from the half-cube distance; c = {c_mcd} "
    "suffices by McDiarmid)",
    {"c_solid": 1 / (2 * sp.pi), "k": 0.0598, "c_mcd": d_ / 4}, kind="statement",
    cites=(GAUSSIAN_CONCENTRATION, LIPSCHITZ_TRANSPORT, MCDIARMID), mutants=_SUMMARY_MUTANTS,
)


@ex_cube.correction(9, CORRECTION_9)
def correction_9(ctx: Context) -> Evidence:
    cl = ctx.claim if ctx.claim is not None else CORRECTION_9
    return check_summary(ctx, c_solid=cl.c_solid, k=cl.k, c_mcd=cl.c_mcd, mc_discrete=False)


CONCLUSION = Claim(
    "the solid cube is {c_solid}-isoperimetric; the discrete cube is not O(1)-isoperimetric for all Lipschitz f (its "
    "least c is at least ~{k} sqrt(d), from the half-cube distance), though c = {c_mcd} holds (McDiarmid)",
    {"c_solid": 1 / (2 * sp.pi), "k": 0.0598, "c_mcd": d_ / 4}, kind="statement",
    cites=(GAUSSIAN_CONCENTRATION, LIPSCHITZ_TRANSPORT, MCDIARMID), mutants=_SUMMARY_MUTANTS,
)


@ex_cube.conclusion_step(CONCLUSION, method="symbolic+exact-numeric+monte-carlo")
def conclusion(ctx: Context) -> Evidence:
    cl = ctx.claim
    return check_summary(ctx, c_solid=cl.c_solid, k=cl.k, c_mcd=cl.c_mcd, mc_discrete=True)
