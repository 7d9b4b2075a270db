r"""The constants of the law of robustness, derived symbolically along the proof chain Lemma 2.1 -> Theorem 2 -> Theorem 3.

Every number the paper prints (8^3, 8^4, 8^6, 60, 2^9, ...) is the value of an expression in the proof's *free
choices*, kept here as sympy Symbols:

* ``sigma1, sigma2`` -- Lemma 2.1's Hoeffding slacks, as fractions of eps (paper: 1/6 and 1/6);
* ``theta`` -- the share of Lemma 2.1's correlation threshold given to the centred part in Theorem 2 (paper: 1/2,
  "eps/3 = eps/6 + eps/6");
* ``rho`` -- the share of eps spent on the fit transfer of Theorem 3, step 3 (paper: 1/2, Theorem 2 applied at eps/2);
  the net scale is then eta = rho eps / (4 J) because the transfer costs 4 ||f - g||_inf (see below);
* ``lam`` -- the Lipschitz multiplier with which Theorem 2 is applied to the net (paper: 2, "2L");
* ``C_sg`` -- the subgaussian constant of X_i = sqrt(d/c) (f(x_i) - E f)/L (Definition 1.1 gives 2, the paper says 1);
* ``K_sum`` -- Proposition 1.2's factor (the paper's 18, kept as a symbol);
* ``beta`` -- the share of delta given to Theorem 2's first term (paper: 1/2).

The derivation (B_z = 2 bounds the noise |z_i|; m = 1 - sigma1 - 2 sigma2):

* Lemma 2.1. Hoeffding for z_i^2 in [0, 4] and z_i g(x_i) in [-2, 2] (range 4) at slack s: exp(-2 n s^2 / 16), i.e.
  exp(-n eps^2 / (8 / sigma^2)). Step 3 expands ||G + Z - F||^2 >= ||Z||^2 + 2<Z, G> - 2<Z, F> >= sigma^2 - s1 - 2 s2
  - 2<Z, F>, so fit <= sigma^2 - eps forces <F, Z> >= (eps - s1 - 2 s2)/2 = m eps / 2: eps/4 at the paper's slacks,
  not the printed eps/3.
* Theorem 2. Definition 1.1 at t = s L sqrt(c/d) gives P(|X_i| >= s) <= 2 exp(-s^2/2): X_i is C_sg = 2-subgaussian in
  the sense P(|X| >= t) <= 2 exp(-t^2/C). |z_i| <= 2 makes X_i z_i (4 C_sg)-subgaussian, the normalised sum
  (4 C_sg K_sum)-subgaussian, and the centred part at t1 = theta m eps/2 has tail
  2 exp(-eps^2 n d / (a_2 c L^2)) with a_2 = 16 C_sg K_sum / (theta m)^2. The mean part at t2 = (1 - theta) m eps/2
  (Hoeffding on each component, sum_l sqrt|S_l| <= sqrt(nk)) has tail 2k exp(-n eps^2 / (a_mean k)) with
  a_mean = 32 / ((1 - theta) m)^2. The first term 4k exp(-n eps^2 / (a_1 k)) needs a_1 = max(8/sigma1^2, 8/sigma2^2,
  a_mean) (1 + 1 + 2k <= 4k).
* Theorem 3. (y - f)^2 - (y - g)^2 = (g - f)(2y - f - g) with |2y - f - g| <= 4: the fit moves by at most
  4 ||f - g||_inf (and 4h - h^2 is attained), so the transfer loss rho eps needs a net of scale eta = rho eps/(4 J); the
  paper's eta = eps/(6J) costs 2 eps/3 > eps/2 (erratum of step 3). A maximal eta-packing of W_L is an internal net of
  size <= (1 + 2W/eta)^p < (3W/eta)^p when eta < W (else one point): size <= max(1, (12/rho) W J/eps)^p. Theorem 2 at
  ((1 - rho) eps, lam L) gives exponents a_1/(1 - rho)^2 and lam^2 a_2/(1 - rho)^2; the first term is <= beta delta
  once a_1/(1 - rho)^2 k log(4k/(beta delta)) <= n eps^2 (hypothesis (2)), the second <= (1 - beta) delta once
  Lip <= eps / (P sqrt c) sqrt(n d / (p log N + log(2/((1 - beta) delta)))) with prefactor
  P = lam sqrt(a_2)/(1 - rho).

The chain is data: :data:`CHAIN` is a :class:`isoper.Chain` claim whose values are these constants, each a sympy
expression of earlier ones and of the free choices; :func:`derive` evaluates it at given choices, with any constant
replaced by the value a step's claim states (``given=``), which is how the ledger re-derives Theorems 2 and 3 from
its steps' claims during ``isoper verify``. :mod:`isoper.law` reads its derived constant sets from here (lazily);
this module never imports :mod:`isoper.law` at import time, and nothing here computes at import.

Three sets of values: ``printed`` (the paper), ``corrected`` (the chain with the free choices at the paper's values,
where these are consistent; forced changes: C_sg = 2, threshold eps/4 split evenly, net scale eps/(8J)), and
``optimised`` (the free choices chosen to minimise Theorem 3's prefactor while keeping hypothesis (2) at the printed
8^4 and the net count at the printed 60: closed form, proved by monotonicity, cross-checked with scipy.optimize).
"""

from __future__ import annotations

import argparse
import functools
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import sympy as sp

from ._claim import Chain
from ._validate import InvalidParameter, check_int, check_open_unit, check_positive, check_real

__all__ = [
    "CHAIN",
    "CORRECTED_CHOICES",
    "FREE_CHOICES",
    "LAW_CONSTANT_SETS",
    "PAPER_CHOICES",
    "THM2_OPTIMAL_CHOICES",
    "THM3_OPTIMAL_CHOICES",
    "C_sg",
    "ChainConstant",
    "K_sum",
    "LawConstantSet",
    "beta",
    "chain_expressions",
    "constant_table",
    "derive",
    "lam",
    "law_bound",
    "law_bound_corrected",
    "law_bound_optimised",
    "law_bound_printed",
    "law_hypothesis_holds",
    "main_constants",
    "optimise_numerically",
    "rho",
    "sigma1",
    "sigma2",
    "theta",
    "thm3_optimal_prefactor_expr",
]

# ---------------------------------------------------------------------------------------------------------------
# Free choices of the proof (symbols) and their values
# ---------------------------------------------------------------------------------------------------------------

sigma1 = sp.Symbol("sigma1", positive=True)  # Lemma 2.1, slack of the z^2 Hoeffding (fraction of eps)
sigma2 = sp.Symbol("sigma2", positive=True)  # Lemma 2.1, slack of the z g Hoeffding (fraction of eps)
theta = sp.Symbol("theta", positive=True)    # Theorem 2, share of the threshold for the centred part
rho = sp.Symbol("rho", positive=True)        # Theorem 3, share of eps spent on the fit transfer
lam = sp.Symbol("lam", positive=True)        # Theorem 3, Theorem 2 applied with Lipschitz constant lam L
C_sg = sp.Symbol("C_sg", positive=True)      # subgaussian constant of X_i (P(|X| >= t) <= 2 exp(-t^2/C))
K_sum = sp.Symbol("K_sum", positive=True)    # Proposition 1.2's factor
beta = sp.Symbol("beta", positive=True)      # share of delta for Theorem 2's first term

#: The free choices, in the order the chain uses them.
FREE_CHOICES: tuple[sp.Symbol, ...] = (sigma1, sigma2, theta, rho, lam, C_sg, K_sum, beta)

B_Z = sp.Integer(2)  # |z_i| <= 2 (structural, not a choice)
R = sp.Rational

#: The paper's choices, as printed (inconsistent: with slacks eps/6 the threshold is eps/4, so eps/6 + eps/6 overshoots).
PAPER_CHOICES: dict[sp.Symbol, sp.Expr] = {
    sigma1: R(1, 6), sigma2: R(1, 6), theta: R(1, 2), rho: R(1, 2), lam: sp.Integer(2),
    C_sg: sp.Integer(1), K_sum: sp.Integer(18), beta: R(1, 2),
}
#: The paper's choices made consistent: C_sg = 2 (Definition 1.1), threshold eps/4 split evenly, net scale eps/(8J).
CORRECTED_CHOICES: dict[sp.Symbol, sp.Expr] = {**PAPER_CHOICES, C_sg: sp.Integer(2)}
#: Theorem 2 alone: minimise a_2 keeping a_1 = 8^3 (sigma = 1/8, theta = 3/5, threshold 5 eps/16 = 3 eps/16 + eps/8).
THM2_OPTIMAL_CHOICES: dict[sp.Symbol, sp.Expr] = {**CORRECTED_CHOICES, sigma1: R(1, 8), sigma2: R(1, 8), theta: R(3, 5)}


def _thm3_optimum() -> dict[sp.Symbol, sp.Expr]:
    # hypothesis (2) factor H = 8^4 and net count 12/rho <= 60 kept; lam = 1 (the net lies inside W_L).
    H, rho_ = sp.Integer(8**4), R(1, 5)
    s = sp.sqrt(8 / (H * (1 - rho_) ** 2))  # least slack allowed by 8/sigma^2 <= H (1 - rho)^2 (= 5 sqrt2/128)
    m = 1 - 3 * s
    th = sp.radsimp(1 - 2 * s / m)  # largest theta allowed by 32/((1 - theta) m)^2 <= H (1 - rho)^2
    return {**CORRECTED_CHOICES, sigma1: s, sigma2: s, theta: th, rho: rho_, lam: sp.Integer(1)}


# ---------------------------------------------------------------------------------------------------------------
# The chain as data
# ---------------------------------------------------------------------------------------------------------------

_n = sp.Symbol  # a chain constant referred to by name inside a later one

#: Lemma 2.1 -> Theorem 2 -> Theorem 3: each constant an expression of earlier ones (by name) and of the free choices.
CHAIN = Chain(
    "Lemma 2.1: m = {lem_m}, threshold <F, Z> >= {lem_threshold} eps, Hoeffding exponents {lem_hoeffding_z2} (z^2) "
    "and {lem_hoeffding_zg} (z g). Theorem 2: X_i is {thm2_subgaussian_X}-subgaussian (Definition 1.1), X_i z_i "
    "{thm2_subgaussian_Xz}-subgaussian (|z| <= 2), the normalised sum {thm2_subgaussian_sum}-subgaussian (Proposition "
    "1.2); centred share {thm2_centred_share} eps, mean share {thm2_mean_share} eps; exponents a_2 = {thm2_a2}, "
    "a_mean = {thm2_a_mean} (Hoeffding, sum_l sqrt|S_l| <= sqrt(nk)), a_1 = {thm2_a1}. Theorem 3: net scale "
    "{thm3_net_scale} eps/J, net count max(1, {thm3_net_factor} W J/eps)^p (packing), Theorem 2 at ((1 - rho) eps, "
    "lam L): exponents {thm3_step2_first} and {thm3_step2_second}; hypothesis (2) {thm3_hyp_factor} k "
    "log({thm3_hyp_log_factor} k/delta) <= n eps^2; log({thm3_delta_factor}/delta); prefactor {thm3_prefactor}",
    {
        "lem_m": 1 - sigma1 - 2 * sigma2,
        "lem_threshold": _n("lem_m") / 2,
        "lem_hoeffding_z2": 8 / sigma1**2,
        "lem_hoeffding_zg": 8 / sigma2**2,
        "thm2_subgaussian_X": C_sg,
        "thm2_subgaussian_Xz": B_Z**2 * _n("thm2_subgaussian_X"),
        "thm2_subgaussian_sum": K_sum * _n("thm2_subgaussian_Xz"),
        "thm2_centred_share": theta * _n("lem_threshold"),
        "thm2_mean_share": (1 - theta) * _n("lem_threshold"),
        "thm2_a2": _n("thm2_subgaussian_sum") / _n("thm2_centred_share") ** 2,
        "thm2_a_mean": 8 / _n("thm2_mean_share") ** 2,
        "thm2_a1": sp.Max(_n("lem_hoeffding_z2"), _n("lem_hoeffding_zg"), _n("thm2_a_mean")),
        "thm3_net_scale": rho / 4,
        "thm3_net_factor": 3 / _n("thm3_net_scale"),
        "thm3_step2_first": _n("thm2_a1") / (1 - rho) ** 2,
        "thm3_step2_second": lam**2 * _n("thm2_a2") / (1 - rho) ** 2,
        "thm3_hyp_factor": _n("thm3_step2_first"),
        "thm3_hyp_log_factor": 4 / beta,
        "thm3_delta_factor": 2 / (1 - beta),
        "thm3_prefactor": sp.sqrt(_n("thm3_step2_second")),
    },
    cites=("Hoeffding's inequality", "Proposition 1.2 (Vershynin 2.6.1)", "packing-net argument (volume comparison)",
           "union bound"),
)


def _key(choices: Mapping[Any, Any] | None) -> tuple[tuple[str, Any], ...]:
    if choices is None:
        return ()
    if not isinstance(choices, Mapping):
        raise TypeError(f"choices must be a mapping of free choices to values, got {type(choices).__name__}")
    return tuple(sorted((str(k), sp.sympify(v)) for k, v in choices.items()))


@functools.lru_cache(maxsize=256)
def _derive(choices: tuple[tuple[str, Any], ...], given: tuple[tuple[str, Any], ...]) -> dict[str, sp.Expr]:
    subs: dict[str, sp.Expr] = dict(choices)
    fixed = dict(given)
    out: dict[str, sp.Expr] = {}
    for name, expr in CHAIN.values.items():
        if name in fixed:
            value = fixed[name]
        else:
            e = sp.sympify(expr)
            value = e.xreplace({s: subs[s.name] for s in e.free_symbols if s.name in subs})
        out[name] = value
        subs[name] = value
    return out


def derive(choices: Mapping[Any, Any] | None = None, **given: Any) -> dict[str, sp.Expr]:
    """Every constant of :data:`CHAIN` at the free ``choices`` (symbols or their names -> values; default the
    corrected choices), with any constant fixed to the value a step's claim states (``given``, by name): later
    constants are then computed from it. Cached; returns a fresh dict."""
    unknown = sorted(k for k in given if k not in CHAIN.values)
    if unknown:
        raise InvalidParameter(f"{unknown} are not constants of the chain (constants: {list(CHAIN.values)})")
    given = {k: _number_or_symbol(k, v) for k, v in given.items()}
    if choices is not None:
        if not isinstance(choices, Mapping):
            raise TypeError(f"choices must be a mapping of free choices to values, got {type(choices).__name__}")
        names = {str(s): s for s in FREE_CHOICES}
        bad = sorted(str(k) for k in choices if str(k) not in names)
        if bad:
            raise InvalidParameter(f"choices: {bad} are not free choices of the chain ({sorted(names)})")
        choices = {names[str(k)]: _number_or_symbol(f"choices[{str(k)!r}]", v) for k, v in choices.items()}
    ch = CORRECTED_CHOICES if choices is None else {**CORRECTED_CHOICES, **choices}
    return dict(_derive(_key(ch), _key(given)))


def chain_expressions() -> dict[str, sp.Expr]:
    """Every constant of the chain as a sympy expression in the free choices alone (earlier constants substituted);
    keys as in the table ("lem.threshold", "thm2.a2", ...)."""
    return {_dotted(k): v for k, v in _derive((), ()).items()}


def _dotted(name: str) -> str:
    head, _, tail = name.partition("_")
    return f"{head}.{tail}"


def thm3_optimal_prefactor_expr(H: Any = 8**4, rho_min: Any = "1/5") -> sp.Expr:
    """The least Theorem-3 prefactor this proof scheme allows with hypothesis factor H and rho >= rho_min (lam = 1).

    Monotonicity argument (each part elementary): P = 4 sqrt(C_sg K_sum) / (theta m (1 - rho)) decreases in theta and
    m, so the slacks sit at their least allowed value s = sqrt(8/(H (1 - rho)^2)) and theta at its largest,
    1 - 2s/m; then theta m (1 - rho) = (1 - rho) - 10 sqrt(2/H), increasing in 1 - rho, so rho = rho_min:

        P* = 4 sqrt(C_sg K_sum) / ((1 - rho_min) - 10 sqrt(2 / H)).

    ``H`` and ``rho_min`` may be symbols; numbers must satisfy H > 0, rho_min in (0, 1) and
    1 - rho_min > 10 sqrt(2/H) (otherwise no choice of the slacks is feasible and the formula is meaningless).
    """
    H_, rho_ = _number_or_symbol("H", H), _number_or_symbol("rho_min", rho_min)
    if H_.is_number:
        check_positive("H", H_)
    if rho_.is_number:
        check_open_unit("rho_min", rho_)
    denominator = (1 - rho_) - 10 * sp.sqrt(2 / H_)
    if denominator.is_number and not bool(denominator > 0):
        raise InvalidParameter(
            f"H={H!r}, rho_min={rho_min!r}: 1 - rho_min <= 10 sqrt(2/H), no feasible choice of the slacks"
        )
    return 4 * sp.sqrt(C_sg * K_sum) / denominator


def _number_or_symbol(name: str, value: Any) -> sp.Expr:
    """A sympy expression: a real number or a symbolic expression (strings are parsed)."""
    if value is None or isinstance(value, bool):
        raise TypeError(f"{name} must be a number or a sympy expression, got {value!r}")
    try:
        out = sp.sympify(value)
    except (sp.SympifyError, TypeError):
        raise TypeError(f"{name} must be a number or a sympy expression, got {value!r}") from None
    if not isinstance(out, sp.Expr):
        raise TypeError(f"{name} must be a number or a sympy expression, got {value!r}")
    if out.is_number:
        check_real(name, out)
    return out



# ---------------------------------------------------------------------------------------------------------------
# The table of constants
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainConstant:
    """One constant of the chain: as printed, as the corrected chain gives it, and at the optimised free choices.

    Attributes:
        name: a short key ("thm2.a2", ...). label: what it is, in words. printed: the paper's number.
        chain: the value at the corrected choices. optimised: at ``optimal_choices``. expr: the sympy expression.
        free_symbols: names of the free choices it depends on. chain_choices / optimal_choices: their values.
        printed_ok: whether the printed number is at least as weak as the chain's (the printed claim follows).
        note: where it comes from.
    """

    name: str
    label: str
    printed: sp.Expr
    chain: sp.Expr
    optimised: sp.Expr
    expr: sp.Expr
    free_symbols: tuple[str, ...]
    chain_choices: Mapping[str, sp.Expr] = field(repr=False)
    optimal_choices: Mapping[str, sp.Expr] = field(repr=False)
    printed_ok: bool
    note: str

    def as_floats(self) -> tuple[float, float, float]:
        return float(self.printed), float(self.chain), float(self.optimised)


# (key, short label, printed, "larger is weaker" (True) / "smaller is weaker" (False) / None (must be equal), optimum,
#  note)
_ROWS: tuple[tuple[str, str, Any, bool | None, str, str], ...] = (
    ("lem.threshold", "L2.1 threshold (x eps)", R(1, 3), False, "thm3",
     "step 3: sigma^2 - s1 - 2 s2 - 2<F,Z>; printed eps/3 needs s1 + 2 s2 = eps/3"),
    ("lem.hoeffding_z2", "L2.1 s1 Hoeffding (z^2)", sp.Integer(8**3), True, "thm3",
     "Hoeffding, range 4, slack sigma1 eps: exp(-n eps^2 sigma1^2/8)"),
    ("lem.hoeffding_zg", "L2.1 s2 Hoeffding (z g)", sp.Integer(8**3), True, "thm3",
     "Hoeffding, range 4, slack sigma2 eps"),
    ("thm2.subgaussian_X", "T2 s2 X_i C-subgaussian", sp.Integer(1), None, "thm3",
     "Definition 1.1 gives 2 exp(-s^2/2), i.e. C = 2 for P(|X| >= t) <= 2 exp(-t^2/C)"),
    ("thm2.subgaussian_Xz", "T2 s3 X_i z_i subgaussian", sp.Integer(4), True, "thm3",
     "|z| <= 2: C -> 4 C"),
    ("thm2.subgaussian_sum", "T2 s4 sum/sqrt n subgauss.", sp.Integer(72), True, "thm3",
     "Proposition 1.2: C -> K_sum C (the paper then rounds 72 up to 81 = 9^2)"),
    ("thm2.a2", "T2 second exponent 8^4", sp.Integer(8**4), True, "thm2",
     "a_2 = 16 C K_sum/(theta m)^2; optimised = least a_2 with a_1 = 8^3"),
    ("thm2.a_mean", "T2 s6/8 mean-part exponent", sp.Integer(8**3), True, "thm2",
     "Hoeffding per component at (1 - theta) m eps/2, sum sqrt|S_l| <= sqrt(nk)"),
    ("thm2.a1", "T2 first exponent 8^3", sp.Integer(8**3), True, "thm2",
     "max of the Lemma 2.1 exponents and the mean-part exponent"),
    ("thm3.net_scale", "T3 s1 net scale (x eps/J)", R(1, 6), False, "thm3",
     "transfer loss 4 eta J must be <= rho eps: eta = rho eps/(4J)"),
    ("thm3.transfer_at_printed_scale", "T3 s3 fit change at eps/6J", R(1, 2), True, "thm3",
     "4 ||f - g||_inf = 2 eps/3 (sup is 4h - h^2), printed eps/2"),
    ("thm3.net_factor", "T3 s1 net count (.WJ/eps)^p", sp.Integer(60), True, "thm3",
     "(1 + 2W/eta)^p < (3W/eta)^p for eta < W, else 1 point: max(1, 12 W J/(rho eps))^p"),
    ("thm3.step2_first", "T3 s2 first exponent 8^4", sp.Integer(8**4), True, "thm3",
     "a_1/(1 - rho)^2"),
    ("thm3.step2_second", "T3 s2 second exponent 8^6", sp.Integer(8**6), True, "thm3",
     "lam^2 a_2/(1 - rho)^2"),
    ("thm3.hyp_factor", "T3 hypothesis (2): 8^4", sp.Integer(8**4), True, "thm3",
     "first term <= beta delta iff a_1/(1 - rho)^2 k log(4k/(beta delta)) <= n eps^2"),
    ("thm3.hyp_log_factor", "T3 (2): log(8k/delta)", sp.Integer(8), True, "thm3", "4/beta"),
    ("thm3.delta_factor", "T3 log(4/delta)", sp.Integer(4), True, "thm3", "2/(1 - beta)"),
    ("thm3.prefactor", "T3 prefactor 2^9", sp.Integer(2**9), True, "thm3",
     "lam sqrt(a_2)/(1 - rho); optimised keeps 8^4 in (2) and 60 in the net count"),
)

_EXTRA = {"thm3.transfer_at_printed_scale": 4 * R(1, 6)}  # the sup 4h of the fit change at h = eps/6 (leading term)


def _names(d: Mapping[sp.Symbol, sp.Expr]) -> dict[str, sp.Expr]:
    return {str(k): v for k, v in d.items()}


def _value(key: str, choices: Mapping[sp.Symbol, sp.Expr]) -> sp.Expr:
    if key in _EXTRA:
        return _EXTRA[key]
    return derive(choices)[key.replace(".", "_", 1)]


@functools.lru_cache(maxsize=1)
def constant_table() -> tuple[ChainConstant, ...]:
    """All constants of the chain, printed / corrected chain / optimised (see the module docstring). Cached."""
    exprs = chain_expressions()
    thm3_opt = _thm3_optimal_choices()
    out = []
    for key, label, printed, larger_weaker, which, note in _ROWS:
        e = _EXTRA.get(key, exprs.get(key))
        opt = THM2_OPTIMAL_CHOICES if which == "thm2" else thm3_opt
        chain = sp.nsimplify(sp.radsimp(_value(key, CORRECTED_CHOICES)))
        optimised = sp.radsimp(sp.expand(sp.radsimp(_value(key, opt))))
        if larger_weaker is None:
            ok = bool(sp.simplify(printed - chain) == 0)
        elif larger_weaker:
            ok = bool(printed >= chain)
        else:
            ok = bool(printed <= chain)
        out.append(ChainConstant(
            name=key, label=label, printed=sp.sympify(printed), chain=chain, optimised=optimised, expr=e,
            free_symbols=tuple(sorted(str(s) for s in sp.sympify(e).free_symbols)),
            chain_choices=_names(CORRECTED_CHOICES), optimal_choices=_names(opt), printed_ok=ok, note=note,
        ))
    return tuple(out)


def optimise_numerically(*, H: float = 8.0**4, rho_min: float = 0.2, starts: int = 12, seed: int = 0
                         ) -> dict[str, float]:
    """Cross-check :func:`thm3_optimal_prefactor_expr` with scipy.optimize (SLSQP from several random starts).

    Minimises lam sqrt(a_2)/(1 - rho) at lam = 1, C_sg = 2, K_sum = 18 over (sigma1, sigma2, theta, rho) subject to
    8/sigma_i^2 <= H (1 - rho)^2, 32/((1 - theta) m)^2 <= H (1 - rho)^2, m > 0, rho >= rho_min.
    """
    import numpy as np
    from scipy.optimize import minimize

    H = check_positive("H", H)
    rho_min = check_open_unit("rho_min", rho_min)
    if not rho_min < 0.9:
        raise InvalidParameter(f"rho_min={rho_min!r} must be < 0.9 (the search box for rho is [rho_min, 0.9])")
    if not 1 - rho_min > 10 * math.sqrt(2 / H):
        raise InvalidParameter(f"H={H!r}, rho_min={rho_min!r}: 1 - rho_min <= 10 sqrt(2/H), no feasible point")
    starts = check_int("starts", starts, minimum=1)
    seed = check_int("seed", seed, minimum=0)

    def unpack(v: Any) -> tuple[float, float, float, float, float]:
        s1, s2, th, r = (float(x) for x in v)
        return s1, s2, th, r, 1.0 - s1 - 2.0 * s2

    def objective(v: Any) -> float:
        _, _, th, r, m = unpack(v)
        return 24.0 / (th * m * (1.0 - r))

    cons = [
        {"type": "ineq", "fun": lambda v: v[0] ** 2 * H * (1 - v[3]) ** 2 - 8.0},
        {"type": "ineq", "fun": lambda v: v[1] ** 2 * H * (1 - v[3]) ** 2 - 8.0},
        {"type": "ineq", "fun": lambda v: ((1 - v[2]) * (1 - v[0] - 2 * v[1])) ** 2 * H * (1 - v[3]) ** 2 - 32.0},
        {"type": "ineq", "fun": lambda v: 1 - v[0] - 2 * v[1] - 1e-6},
    ]
    bounds = [(1e-4, 0.33), (1e-4, 0.33), (1e-4, 1 - 1e-4), (rho_min, 0.9)]
    rng = np.random.default_rng(seed)
    best: dict[str, float] | None = None
    for _ in range(starts):
        x0 = [rng.uniform(0.06, 0.2), rng.uniform(0.06, 0.2), rng.uniform(0.3, 0.8),
              rng.uniform(rho_min, max(rho_min, 0.6))]
        res = minimize(objective, x0, method="SLSQP", bounds=bounds, constraints=cons,
                       options={"ftol": 1e-12, "maxiter": 500})
        if min(c["fun"](res.x) for c in cons) < -1e-7 or not all(lo <= x <= hi for x, (lo, hi) in zip(res.x, bounds)):
            continue
        if best is None or res.fun < best["prefactor"]:
            s1, s2, th, r, _ = unpack(res.x)
            best = {"prefactor": float(res.fun), "sigma1": s1, "sigma2": s2, "theta": th, "rho": r}
    if best is None:
        raise RuntimeError("scipy.optimize found no feasible point")
    return best



# ---------------------------------------------------------------------------------------------------------------
# Theorem 3's bound for each constant set
# ---------------------------------------------------------------------------------------------------------------

SetName = Literal["printed", "corrected", "optimised"]


@dataclass(frozen=True)
class LawConstantSet:
    """Theorem 3's constants in the calculator's form (field names as in :class:`isoper.law.LawConstants`).

    Lip >= eps/(prefactor sqrt c) sqrt(n d / (p log N + log(delta_factor/delta))) under
    hyp_factor k log(hyp_log_factor k/delta) <= n eps^2, with log N = log(net_factor W J/eps) for ``printed`` and
    log N = max(0, log(net_factor W J/eps)) (a net has at least one point) for the derived sets.
    """

    name: str
    prefactor: float
    net_factor: float
    delta_factor: float
    hyp_factor: float
    hyp_log_factor: float
    positive_part_log: bool
    source: str


def _set_from(choices: Mapping[sp.Symbol, sp.Expr], name: str, source: str) -> LawConstantSet:
    v = derive(choices)
    nums = {k: float(sp.N(v[f"thm3_{k}"], 30)) for k in
            ("prefactor", "net_factor", "delta_factor", "hyp_factor", "hyp_log_factor")}
    return LawConstantSet(name=name, positive_part_log=True, source=source, **nums)


_SOURCES = {
    "corrected": "the chain with the paper's choices made consistent: C_sg = 2, threshold eps/4 split evenly, net "
                 "scale eps/(8J), Theorem 2 at (eps/2, 2L): prefactor 384, net 24, 2^11",
    "optimised": "free choices optimised (slacks 5 sqrt2/128, rho = 1/5, lam = 1) keeping 8^4 in hypothesis (2) and 60 "
                 "in the net count: prefactor 3840/(128 - 25 sqrt 2) = 41.449...",
}


@functools.lru_cache(maxsize=1)
def _thm3_optimal_choices() -> dict[sp.Symbol, sp.Expr]:
    return _thm3_optimum()


@functools.lru_cache(maxsize=1)
def _law_constant_sets() -> dict[str, LawConstantSet]:
    return {
        "printed": LawConstantSet("printed", 2.0**9, 60.0, 4.0, 8.0**4, 8.0, False,
                                  "Bubeck-Sellke Theorem 3 as printed (NeurIPS 2021 text of record)"),
        "corrected": _set_from(CORRECTED_CHOICES, "corrected", _SOURCES["corrected"]),
        "optimised": _set_from(_thm3_optimal_choices(), "optimised", _SOURCES["optimised"]),
    }


def derived_set(name: str) -> LawConstantSet:
    """The constant set ``name`` ("printed", "corrected", "optimised"), derived from :data:`CHAIN` on first use."""
    sets = _law_constant_sets()
    if name not in sets:
        raise InvalidParameter(f"constants={name!r} must be one of {sorted(sets)}")
    return sets[name]


def __getattr__(name: str) -> Any:
    # derived on first use, not at import (PEP 562)
    if name == "THM3_OPTIMAL_CHOICES":
        return _thm3_optimal_choices()
    if name == "LAW_CONSTANT_SETS":
        return dict(_law_constant_sets())
    raise AttributeError(f"module 'isoper.constants' has no attribute {name!r}")


def _get_set(constants: Any) -> LawConstantSet:
    if isinstance(constants, LawConstantSet):
        return constants
    if not isinstance(constants, str):
        raise TypeError(f"constants must be one of {sorted(_SET_NAMES)}, got {type(constants).__name__}")
    if constants not in _SET_NAMES:
        raise InvalidParameter(f"constants={constants!r} must be one of {sorted(_SET_NAMES)}")
    return derived_set(constants)


_SET_NAMES = ("printed", "corrected", "optimised")


def law_hypothesis_holds(*, n: Any, eps: Any, delta: Any, k: Any = 1, constants: Any = "printed") -> bool:
    """Hypothesis (2) for a constant set: hyp_factor k log(hyp_log_factor k / delta) <= n eps^2."""
    n_, eps_, delta_, k_ = (check_int("n", n, minimum=1), check_open_unit("eps", eps),
                            check_open_unit("delta", delta), check_int("k", k, minimum=1))
    K = _get_set(constants)
    return K.hyp_factor * k_ * math.log(K.hyp_log_factor * k_ / delta_) <= n_ * eps_ * eps_


def law_bound(*, n: Any, d: Any, p: Any, eps: Any, delta: Any, W: Any, J: Any, c: Any = 1.0, k: Any = 1,
              constants: Any = "printed", check_hypotheses: bool = True) -> float:
    r"""Theorem 3's Lipschitz lower bound for a constant set ("printed", "corrected", "optimised").

    .. math:: \frac{\epsilon}{P \sqrt c} \sqrt{\frac{n d}{p \log N + \log(\Delta/\delta)}}

    Delegates to :func:`isoper.law.lipschitz_lower_bound` (the one implementation; imported on call, so that the
    two modules do not import each other). Raises InvalidParameter for out-of-domain arguments, a failing hypothesis
    (unless ``check_hypotheses`` is False) or a non-positive denominator (printed set with 60 W J/eps far below 1).
    """
    from .law import lipschitz_lower_bound

    K = _get_set(constants)
    return lipschitz_lower_bound(n=n, d=d, p=p, eps=eps, delta=delta, W=W, J=J, c=c, k=k, constants=K.name,
                                 check_hypotheses=check_hypotheses)


def law_bound_printed(**kw: Any) -> float:
    """:func:`law_bound` with the paper's constants (2^9, 60, 4, 8^4, 8)."""
    return law_bound(constants="printed", **kw)


def law_bound_corrected(**kw: Any) -> float:
    """:func:`law_bound` with the corrected chain's constants (384, 24 with log_+, 4, 2^11, 8)."""
    return law_bound(constants="corrected", **kw)


def law_bound_optimised(**kw: Any) -> float:
    """:func:`law_bound` with the optimised constants (3840/(128 - 25 sqrt 2), 60 with log_+, 4, 8^4, 8)."""
    return law_bound(constants="optimised", **kw)


# ---------------------------------------------------------------------------------------------------------------
# CLI face: `isoper constants [--latex] [--notes]`
# ---------------------------------------------------------------------------------------------------------------


def _fmt(x: sp.Expr) -> str:
    x = sp.nsimplify(x) if x.is_Rational else x
    if x.is_Integer or (x.is_Rational and x.q <= 64):
        return str(x)
    return f"{float(x):.6g}"


def _wrap(text: str, width: int, indent: str) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent) or [indent]


def main_constants(argv: list[str] | None = None) -> int:
    """Print the table of constants in 80 columns (``--latex``: a LaTeX tabular; ``--notes``: where each comes
    from)."""
    parser = argparse.ArgumentParser(prog="isoper constants",
                                     description="The law of robustness's constants: printed, chain, optimised.")
    parser.add_argument("--latex", action="store_true", help="print a LaTeX tabular instead of a table")
    parser.add_argument("--notes", action="store_true", help="add where each constant comes from")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    rows = constant_table()
    if args.latex:
        print(r"\begin{tabular}{llllc}")
        print(r"constant & printed & chain & optimised & follows \\ \hline")
        for r in rows:
            label = r.label.replace("_", "\\_").replace("^", "\\^{}")
            ok = "yes" if r.printed_ok else "no"
            print(f"{label} & ${sp.latex(r.printed)}$ & ${sp.latex(r.chain)}$ & ${_fmt(r.optimised)}$ & {ok} \\\\")
        print(r"\end{tabular}")
        return 0
    head = f"{'constant':<28} {'printed':>9} {'chain':>9} {'optimised':>10}  follows"
    lines = ["Bubeck-Sellke constants: printed / corrected chain / optimised", head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r.label:<28} {_fmt(r.printed):>9} {_fmt(r.chain):>9} {_fmt(r.optimised):>10}  "
                     f"{'yes' if r.printed_ok else 'NO'}")
        if args.notes:
            lines.extend(_wrap(r.note, 78, "    "))
    lines.extend(_wrap("chain choices: " + ", ".join(f"{k}={v}" for k, v in _names(CORRECTED_CHOICES).items()),
                       79, ""))
    opt = {k: _fmt(v) for k, v in _names(_thm3_optimal_choices()).items()}
    lines.extend(_wrap("optimal (Thm 3): " + ", ".join(f"{k}={v}" for k, v in opt.items()), 79, ""))
    print("\n".join(lines))
    return 0
