"""The law-of-robustness calculator: Theorem 3's bound, the least parameter count, the network corollaries.

Theorem 3 (Bubeck-Sellke, ``thm-law``). Let eps, delta in (0, 1), F = {f_w : w in W} with W in R^p, diam(W) <=
W and ||f_w1 - f_w2||_inf <= J ||w1 - w2||, and let the covariate law be a mixture of k c-isoperimetric laws
with 8^4 k log(8k/delta) <= n eps^2 (hypothesis (2)). Then with probability >= 1 - delta every f in F that
fits the data below the noise level, (1/n) sum (f(x_i) - y_i)^2 <= sigma^2 - eps, satisfies

    Lip(f) >= eps / (2^9 sqrt c) * sqrt( n d / (p log(60 W J / eps) + log(4 / delta)) ).

Everything here is computed with mpmath at a working precision of at least 50 significant digits (more when
the integers involved are longer), then rounded once to a float, so that sizes such as n = 1e15, p = 1e12,
delta = 1e-9 lose nothing to cancellation or overflow.

The constants are data (:class:`LawConstants`, registered in :data:`CONSTANTS`): ``"printed"`` holds the
paper's numbers; corrected or optimised sets can be added as further entries without touching the formulas.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from typing import Any

import mpmath

from ._validate import InvalidParameter, check_int, check_open_unit, check_pair, check_positive

__all__ = [
    "CONSTANTS",
    "HypothesisCheck",
    "LawConstants",
    "ParameterEstimate",
    "imagenet_parameter_estimate",
    "lemma_3_1_B_bound",
    "lipschitz_lower_bound",
    "main_bound",
    "min_parameters",
    "mnist_parameter_estimate",
    "network_J",
    "network_log_J",
    "theorem_3_hypotheses",
]

_DPS = 50  # significant digits of every high-precision evaluation (raised for long integers)


@dataclass(frozen=True)
class LawConstants:
    """The numerical constants of Theorem 3, as data.

    The bound reads ``eps / (prefactor sqrt c) sqrt(n d / (p log(net_factor W J / eps) + log(delta_factor /
    delta)))`` and hypothesis (2) reads ``hyp_factor k log(hyp_log_factor k / delta) <= n eps^2``.

    Attributes:
        name: registry key.
        prefactor: 2^9 in the paper.
        net_factor: 60 in the paper (the net of W_L has at most (60 W J / eps)^p points).
        delta_factor: 4 in the paper (log(4 / delta)).
        hyp_factor: 8^4 in the paper's hypothesis (2) (a later version is reported to print 10^4).
        hyp_log_factor: 8 in the paper's hypothesis (2) (log(8k / delta)).
        source: where the numbers come from.
        positive_part_log: use max(0, log(net_factor W J / eps)) (a net has at least one point), as the derived
            sets do; they then need no net condition. The printed theorem uses the plain logarithm.
    """

    name: str
    prefactor: int | float
    net_factor: int | float
    delta_factor: int | float
    hyp_factor: int | float
    hyp_log_factor: int | float
    source: str
    positive_part_log: bool = False


class _Registry(dict):
    """The registered constant sets. The derived sets ("corrected", "optimised") are listed from the start and computed
    from :data:`isoper.constants.CHAIN` on first use (so importing this module does no symbolic work and does not
    import :mod:`isoper.constants`)."""

    _DERIVED = ("corrected", "optimised")

    def _load(self, name: str) -> None:
        from .constants import derived_set

        K = derived_set(name)
        super().__setitem__(name, LawConstants(
            name=name, prefactor=K.prefactor, net_factor=K.net_factor, delta_factor=K.delta_factor,
            hyp_factor=K.hyp_factor, hyp_log_factor=K.hyp_log_factor, source=K.source,
            positive_part_log=K.positive_part_log))

    def __missing__(self, name: str) -> LawConstants:
        if name in self._DERIVED:
            self._load(name)
            return super().__getitem__(name)
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name) or name in self._DERIVED

    def __iter__(self):
        return iter(dict.fromkeys([*super().__iter__(), *self._DERIVED]))

    def __len__(self) -> int:
        return len(list(iter(self)))

    def keys(self):  # type: ignore[override]
        return list(iter(self))

    def items(self):  # type: ignore[override]
        return [(k, self[k]) for k in self]

    def values(self):  # type: ignore[override]
        return [self[k] for k in self]

    def get(self, name, default=None):  # type: ignore[override]
        return self[name] if name in self else default


CONSTANTS: dict[str, LawConstants] = _Registry({
    "printed": LawConstants(
        name="printed",
        prefactor=2**9,
        net_factor=60,
        delta_factor=4,
        hyp_factor=8**4,
        hyp_log_factor=8,
        source="Bubeck-Sellke, Theorem 3 as printed in the NeurIPS 2021 text of record",
    ),
})


@dataclass(frozen=True)
class HypothesisCheck:
    """One hypothesis of Theorem 3 evaluated at given numbers: ``lhs <= rhs`` (or ``lhs > rhs`` as stated)."""

    name: str
    statement: str
    holds: bool
    lhs: float
    rhs: float


@dataclass(frozen=True)
class ParameterEstimate:
    """The heuristic p ~ n d_eff (the law with an O(1) Lipschitz constant) for a data set of Section 1.1.

    Attributes:
        dataset: "MNIST" or "ImageNet".
        n: number of training points.
        d: ambient dimension (pixels).
        d_eff: the range of effective dimensions assumed.
        p: the range n * d_eff.
        orders: the range rounded to the nearest power of ten, as exponents (``round(log10 p)``).
        printed: the range the paper prints, as exponents of ten.
        note: how the effective dimension was chosen.
    """

    dataset: str
    n: float
    d: float
    d_eff: tuple[float, float]
    p: tuple[float, float]
    orders: tuple[int, int]
    printed: tuple[int, int]
    note: str


# ---------------------------------------------------------------------------------------------------------- #
# validation


def _constants(constants: Any) -> LawConstants:
    if isinstance(constants, LawConstants):
        return constants
    if not isinstance(constants, str):
        raise TypeError(
            f"constants must be a key of CONSTANTS or a LawConstants, got {type(constants).__name__}"
        )
    try:
        return CONSTANTS[constants]
    except KeyError:
        raise InvalidParameter(
            f"constants={constants!r} is not a registered constant set; choose one of {sorted(CONSTANTS)}"
        ) from None


def _common(n: Any, d: Any, eps: Any, delta: Any, W: Any, J: Any, c: Any, k: Any) -> dict[str, Any]:
    return {
        "n": check_int("n", n, minimum=1),
        "d": check_int("d", d, minimum=1),
        "eps": check_open_unit("eps", eps),
        "delta": check_open_unit("delta", delta),
        "W": check_positive("W", W),
        "J": check_positive("J", J),
        "c": check_positive("c", c),
        "k": check_int("k", k, minimum=1),
    }


def _check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}")
    return value


def _dps(*ints: int) -> int:
    return _DPS + max(len(str(abs(i))) for i in ints)


# ---------------------------------------------------------------------------------------------------------- #
# Theorem 3


def _hypotheses_mp(v: dict[str, Any], K: LawConstants) -> list[HypothesisCheck]:
    n, eps, delta, W, J, k = (mpmath.mpf(v[key]) for key in ("n", "eps", "delta", "W", "J", "k"))
    lhs2 = mpmath.mpf(K.hyp_factor) * k * mpmath.log(mpmath.mpf(K.hyp_log_factor) * k / delta)
    rhs2 = n * eps**2
    net = mpmath.mpf(K.net_factor) * W * J
    net_holds = bool(net > eps) or K.positive_part_log
    return [
        HypothesisCheck(
            name="hypothesis (2)",
            statement=f"{K.hyp_factor} k log({K.hyp_log_factor} k / delta) <= n eps^2",
            holds=bool(lhs2 <= rhs2),
            lhs=float(lhs2),
            rhs=float(rhs2),
        ),
        HypothesisCheck(
            name="net",
            statement=(f"log({K.net_factor} W J / eps) > 0, i.e. {K.net_factor} W J > eps"
                       + (" (not needed: these constants use max(0, log(...)))" if K.positive_part_log else "")),
            holds=net_holds,
            lhs=float(net),
            rhs=float(eps),
        ),
    ]


def theorem_3_hypotheses(
    *,
    n: Any,
    d: Any,
    eps: Any,
    delta: Any,
    W: Any,
    J: Any,
    c: Any = 1.0,
    k: Any = 1,
    constants: Any = "printed",
) -> tuple[HypothesisCheck, ...]:
    """Evaluate the numerical hypotheses of Theorem 3 (hypothesis (2) and the net condition 60 W J > eps).

    Hypotheses (1) (the class is J-Lipschitz in w on a set of diameter W) and (3) (sigma^2 > 0) are properties
    of the class and the data, not of these numbers, and are the caller's to guarantee.

    Returns:
        One :class:`HypothesisCheck` per numerical hypothesis.

    Raises:
        InvalidParameter, TypeError: an argument outside its domain, naming it.
    """
    K = _constants(constants)
    v = _common(n, d, eps, delta, W, J, c, k)
    with mpmath.workdps(_dps(v["n"], v["k"])):
        return tuple(_hypotheses_mp(v, K))


def _enforce(checks: list[HypothesisCheck]) -> None:
    for h in checks:
        if not h.holds:
            raise InvalidParameter(
                f"Theorem 3 {h.name} fails: {h.statement!r} is false here "
                f"(lhs={h.lhs:.6g}, rhs={h.rhs:.6g}); "
                "pass check_hypotheses=False to evaluate the formula anyway"
            )


def _net_log(v: dict[str, Any], K: LawConstants) -> mpmath.mpf:
    """log(net_factor W J / eps), or its positive part for the derived constant sets."""
    a = mpmath.log(mpmath.mpf(K.net_factor) * mpmath.mpf(v["W"]) * mpmath.mpf(v["J"]) / mpmath.mpf(v["eps"]))
    return max(a, mpmath.mpf(0)) if K.positive_part_log else a


def _bound_mp(v: dict[str, Any], p: int, K: LawConstants) -> mpmath.mpf:
    n, d, eps, delta, W, J, c = (mpmath.mpf(v[key]) for key in ("n", "d", "eps", "delta", "W", "J", "c"))
    denom = mpmath.mpf(p) * _net_log(v, K) + mpmath.log(mpmath.mpf(K.delta_factor) / delta)
    if denom <= 0:
        raise InvalidParameter(
            f"p log({K.net_factor} W J / eps) + log({K.delta_factor} / delta) = {float(denom):.6g} <= 0: "
            "the bound is undefined (the net condition fails); check W and J"
        )
    return eps / (mpmath.mpf(K.prefactor) * mpmath.sqrt(c)) * mpmath.sqrt(n * d / denom)


def lipschitz_lower_bound(
    *,
    n: Any,
    d: Any,
    p: Any,
    eps: Any,
    delta: Any,
    W: Any,
    J: Any,
    c: Any = 1.0,
    k: Any = 1,
    constants: Any = "printed",
    check_hypotheses: bool = True,
) -> float:
    r"""Theorem 3's right-hand side.

    .. math::
        \frac{\epsilon}{2^9 \sqrt{c}} \sqrt{\frac{n d}{p \log(60 W J / \epsilon) + \log(4 / \delta)}}

    Args:
        n: sample size (a positive integer; an integral float such as 1e15 is accepted).
        d: dimension.
        p: number of parameters.
        eps: the fit margin below the noise level, in (0, 1).
        delta: failure probability, in (0, 1).
        W: diameter bound of the parameter set, > 0.
        J: Lipschitz constant of w -> f_w in sup norm, > 0.
        c: isoperimetry constant of each mixture component, > 0.
        k: number of mixture components (enters hypothesis (2) only).
        constants: a key of :data:`CONSTANTS` or a :class:`LawConstants`.
        check_hypotheses: raise if hypothesis (2) or 60 W J > eps fails.

    Returns:
        The bound as a float, evaluated at >= 50 significant digits and rounded once.

    Raises:
        InvalidParameter: an argument outside its domain, or a failing hypothesis (quoted in the message).
        TypeError: an argument of the wrong kind.

    Examples:
        >>> round(lipschitz_lower_bound(n=10**6, d=1000, p=10**4, eps=0.5, delta=0.01, W=10.0, J=10.0), 5)
        0.10076

    References:
        Bubeck and Sellke, A Universal Law of Robustness via Isoperimetry, Theorem 3.
    """
    K = _constants(constants)
    v = _common(n, d, eps, delta, W, J, c, k)
    p = check_int("p", p, minimum=1)
    check_hypotheses = _check_bool("check_hypotheses", check_hypotheses)
    with mpmath.workdps(_dps(v["n"], v["k"], p)):
        if check_hypotheses:
            _enforce(_hypotheses_mp(v, K))
        return float(_bound_mp(v, p, K))


def min_parameters(
    *,
    lipschitz: Any,
    n: Any,
    d: Any,
    eps: Any,
    delta: Any,
    W: Any,
    J: Any,
    c: Any = 1.0,
    k: Any = 1,
    constants: Any = "printed",
    check_hypotheses: bool = True,
) -> int:
    r"""The least number of parameters p in {1, 2, ...} that Theorem 3 allows at Lipschitz constant L.

    With a = log(60 W J / eps) > 0 and b = log(4 / delta) > 0, ``L >= bound(p)`` is equivalent to

    .. math::
        p \ge p^* = \frac{n d \epsilon^2 / (2^{18} c L^2) - b}{a},

    so the answer is ``max(1, ceil(p*))``. When p* <= 1 the law places no constraint on a p-parameter class at
    this Lipschitz constant (it is vacuous: already p = 1 is allowed) and 1 is returned; p = 0 is not a
    parametrised class and is never returned. The answer is confirmed by evaluating the bound at p and p - 1
    at high precision.

    Args:
        lipschitz: the Lipschitz constant L of the fit, > 0 (a constant fit, L = 0, is excluded by the theorem
            for every p, so no finite answer exists).
        n, d, eps, delta, W, J, c, k, constants, check_hypotheses: as in :func:`lipschitz_lower_bound`.

    Returns:
        The least admissible p, a Python int (exact, possibly very large).

    Raises:
        InvalidParameter, TypeError: as in :func:`lipschitz_lower_bound`.
    """
    K = _constants(constants)
    v = _common(n, d, eps, delta, W, J, c, k)
    L = check_positive("lipschitz", lipschitz)
    check_hypotheses = _check_bool("check_hypotheses", check_hypotheses)
    with mpmath.workdps(_dps(v["n"], v["k"])):
        checks = _hypotheses_mp(v, K)
        if check_hypotheses:
            _enforce(checks)
        elif not checks[1].holds:
            # without a positive log(60 W J / eps) the inequality cannot be solved for p
            _enforce(checks[1:])
        pstar0 = _pstar(v, L, K)
        if mpmath.isinf(pstar0):
            raise InvalidParameter(
                f"no p satisfies the law at lipschitz={L!r}: with {K.net_factor} W J <= eps the bound does not "
                f"depend on p (the class is too small to fit below the noise level at this Lipschitz constant)"
            )
        digits = max(0, int(mpmath.log10(abs(pstar0) + 1))) + 1
    # redo at a precision that resolves the integer part of p* (~1e600 for a tiny Lipschitz constant)
    with mpmath.workdps(_dps(v["n"], v["k"]) + digits):
        pstar = _pstar(v, L, K)
        p = 1 if pstar <= 1 else int(mpmath.ceil(pstar))
        Lm = mpmath.mpf(L)
        while Lm < _bound_mp(v, p, K):  # guard against rounding at an integer p* (at most a step or two)
            p += 1
        while p > 1 and Lm >= _bound_mp(v, p - 1, K):
            p -= 1
    return p


def _pstar(v: dict[str, Any], L: float, K: LawConstants) -> mpmath.mpf:
    n, d, eps, delta, W, J, c = (mpmath.mpf(v[x]) for x in ("n", "d", "eps", "delta", "W", "J", "c"))
    a = _net_log(v, K)
    b = mpmath.log(mpmath.mpf(K.delta_factor) / delta)
    if a == 0:  # derived sets with net_factor W J <= eps: the bound does not depend on p
        return mpmath.mpf(1) if L >= _bound_mp(v, 1, K) else mpmath.inf
    return (n * d * eps**2 / (mpmath.mpf(K.prefactor) ** 2 * c * mpmath.mpf(L) ** 2) - b) / a


# ---------------------------------------------------------------------------------------------------------- #
# Lemma 3.1 and the depth corollaries


def _network_args(weight_bound: Any, p: Any, Q: Any, depth: Any) -> tuple[float, int, int, int]:
    return (
        check_positive("weight_bound", weight_bound),
        check_int("p", p, minimum=1),
        check_int("Q", Q, minimum=1),
        check_int("depth", depth, minimum=1),
    )


def lemma_3_1_B_bound(*, weight_bound: Any, p: Any, Q: Any, depth: Any) -> float:
    r"""Lemma 3.1's bound on B(w) = max_{i in 0..D} prod_{j != i} ||W_j||_op for parameters in [-W, W]^p.

    Each W_j has at most pQ nonzero entries of size <= W, so ||W_j||_op <= ||W_j||_F <= W sqrt(pQ) =: m, and
    B(w) <= max(m^D, m^(D-1)). The paper prints m^D "for W >= 1"; that equals the max whenever m >= 1 (in
    particular for W >= 1), and the max is returned so the bound is valid for every W > 0.

    Args:
        weight_bound: W, the bound on each parameter, > 0.
        p: number of free parameters.
        Q: the number of matrix entries one parameter may be tied to.
        depth: D, the number of layers.

    Returns:
        The bound as a float.

    Raises:
        InvalidParameter: an argument outside its domain, or a bound beyond the float range (use the
            logarithm).
    """
    W, p, Q, D = _network_args(weight_bound, p, Q, depth)
    with mpmath.workdps(_DPS):
        m = mpmath.mpf(W) * mpmath.sqrt(mpmath.mpf(p) * Q)
        return _finite(max(m**D, m ** (D - 1)), "depth")


def _network_J_mp(depth: Any, p: Any, Q: Any, weight_bound: Any, input_radius: Any, Bbar: Any) -> mpmath.mpf:
    W, p, Q, D = _network_args(weight_bound, p, Q, depth)
    R = mpmath.mpf(check_positive("input_radius", input_radius))
    if Bbar is None:
        return R * (mpmath.mpf(W) * Q * p) ** D
    return mpmath.mpf(check_positive("Bbar", Bbar)) * Q * R * mpmath.sqrt(p)


def network_log_J(
    *, depth: Any, p: Any, Q: Any, weight_bound: Any, input_radius: Any, Bbar: Any = None
) -> float:
    """The natural logarithm of :func:`network_J` (never overflows: mpmath's exponent range is unbounded)."""
    with mpmath.workdps(_DPS):
        return float(mpmath.log(_network_J_mp(depth, p, Q, weight_bound, input_radius, Bbar)))


def network_J(*, depth: Any, p: Any, Q: Any, weight_bound: Any, input_radius: Any, Bbar: Any = None) -> float:
    r"""The parameter-Lipschitz constant J of a depth-D network, as in the corollaries of Lemma 3.1.

    Without ``Bbar`` this is eq. (3.1) as printed, J = R (W Q p)^D. With a bound Bbar on B(w) over the class
    it is eq. (3.2), J = Bbar Q R sqrt(p) (Lemma 3.1's Lipschitz bound in w).

    Note: chaining Lemma 3.1 gives J = (W sqrt(pQ))^D Q R sqrt(p) = R W^D Q^(D/2 + 1) p^((D+1)/2), which is
    <= R (W Q p)^D for D >= 2 (the ratio is Q^(1 - D/2) p^((1 - D)/2) <= 1; Lemma 3.1 wants W >= 1) but
    exceeds it by the factor sqrt(Q) at D = 1; eq. (3.1) is therefore valid as printed for D >= 2 or Q = 1.
    Since J enters the law only through log J, the difference is a lower-order term.

    Args:
        depth: D, the number of layers.
        p: number of parameters.
        Q: tying multiplicity.
        weight_bound: W, > 0.
        input_radius: R, a bound on ||x||, > 0.
        Bbar: optional bound on B(w).

    Returns:
        J as a float.

    Raises:
        InvalidParameter: an argument outside its domain, or J beyond the float range (use
            :func:`network_log_J`).
    """
    with mpmath.workdps(_DPS):
        return _finite(_network_J_mp(depth, p, Q, weight_bound, input_radius, Bbar), "depth")


def _finite(x: Any, name: str) -> float:
    out = float(x)
    if not math.isfinite(out) or out == 0.0:
        raise InvalidParameter(
            f"the result ({mpmath.nstr(x, 8)}) is outside the float range for this {name}; use its logarithm "
            "(network_log_J)"
        )
    return out


# ---------------------------------------------------------------------------------------------------------- #
# Section 1.1's numbers


def _estimate(
    dataset: str, n: float, d: float, d_eff: tuple[float, float], printed: tuple[int, int], note: str
):
    n = check_positive("n", n)
    lo, hi = (check_positive("d_eff", x) for x in check_pair("d_eff", d_eff))
    if lo > hi:
        raise InvalidParameter(f"d_eff={d_eff!r} must be an increasing pair")
    p = (n * lo, n * hi)
    orders = (round(math.log10(p[0])), round(math.log10(p[1])))
    return ParameterEstimate(dataset, n, float(d), (lo, hi), p, orders, printed, note)


def mnist_parameter_estimate(d_eff: tuple[float, float] = (15.0, 150.0)) -> ParameterEstimate:
    """Section 1.1 (``app-mnist``): n = 6e4 images of d = 784 pixels, effective dimension 15 to 150.

    The law with an O(1) Lipschitz constant asks for p >~ n d_eff = 9e5 to 9e6, i.e. "1e6 to 1e7" to the
    nearest power of ten (the paper's figure).
    """
    return _estimate("MNIST", 6e4, 784, d_eff, (6, 7), "effective dimension 15..150 as in the paper")


def imagenet_parameter_estimate(d_eff: tuple[float, float] | None = None) -> ParameterEstimate:
    """Section 1.1 (``app-imagenet``): n = 1.4e7 images of about 2e5 pixels.

    The paper takes the effective dimension "a couple of orders of magnitude smaller" than 2e5 and prints "at
    least 1e10 to 1e11" parameters. isoper's reading (an assumption, not a number from the paper): d_eff from
    d/100 to d/10, i.e. 2e3 to 2e4, giving n d_eff = 2.8e10 to 2.8e11, i.e. 1e10 to 1e11 to the nearest power
    of ten.
    """
    d = 2e5
    if d_eff is None:
        d_eff = (d / 100, d / 10)
    return _estimate(
        "ImageNet", 1.4e7, d, d_eff, (10, 11), "effective dimension d/100..d/10 (isoper's reading)"
    )


# ---------------------------------------------------------------------------------------------------------- #
# command line


def main_bound(argv: list[str] | None = None) -> int:
    """``isoper bound``: print Theorem 3's bound (or, with --lipschitz, the least p) and the hypotheses.

    Returns 0 when every numerical hypothesis holds and the number was computed, 1 when a hypothesis fails
    (the formula is still printed, marked as outside the theorem), 2 on invalid input.
    """
    ap = argparse.ArgumentParser(
        prog="isoper bound", description="Theorem 3 (Bubeck-Sellke): Lip(f) lower bound"
    )
    ap.add_argument("--n", type=float, required=True, help="sample size")
    ap.add_argument("--d", type=float, required=True, help="dimension")
    ap.add_argument("--p", type=float, default=None, help="number of parameters")
    ap.add_argument(
        "--lipschitz", type=float, default=None, help="Lipschitz constant: print the least p instead"
    )
    ap.add_argument("--eps", type=float, required=True)
    ap.add_argument("--delta", type=float, required=True)
    ap.add_argument("--W", type=float, required=True, help="diameter of the parameter set")
    ap.add_argument("--J", type=float, required=True, help="Lipschitz constant of w -> f_w (sup norm)")
    ap.add_argument("--c", type=float, default=1.0, help="isoperimetry constant")
    ap.add_argument("--k", type=int, default=1, help="number of mixture components")
    ap.add_argument("--constants", default="printed", choices=sorted(CONSTANTS))
    args = ap.parse_args(argv)
    common = dict(
        n=args.n,
        d=args.d,
        eps=args.eps,
        delta=args.delta,
        W=args.W,
        J=args.J,
        c=args.c,
        k=args.k,
        constants=args.constants,
    )
    try:
        if (args.p is None) == (args.lipschitz is None):
            raise InvalidParameter("give exactly one of --p (bound on Lip) and --lipschitz (least p)")
        checks = theorem_3_hypotheses(**common)
        ok = all(h.holds for h in checks)
        for h in checks:
            status = "holds" if h.holds else "FAILS"
            print(f"{status}: {h.name}: {h.statement}  (lhs={h.lhs:.6g}, rhs={h.rhs:.6g})")
        if not checks[1].holds:
            print("the bound is undefined: the net condition fails", file=sys.stderr)
            return 1
        tag = "" if ok else "  [outside Theorem 3: a hypothesis fails]"
        if args.p is not None:
            value = lipschitz_lower_bound(p=args.p, check_hypotheses=False, **common)
            print(f"Lip(f) >= {value:.10g}{tag}")
        else:
            pmin = min_parameters(lipschitz=args.lipschitz, check_hypotheses=False, **common)
            print(f"p >= {pmin}{tag}")
    except (InvalidParameter, TypeError) as exc:
        print(f"isoper bound: error: {exc}", file=sys.stderr)
        return 2
    return 0 if ok else 1
