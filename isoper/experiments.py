"""Experiments around the law of robustness: measured Lipschitz constants of interpolating fits against the law.

Three experiments, each a function with explicit sizes and a seed that returns a frozen dataclass of numbers and
arrays, and a ``plot_<name>(result, ax=None)`` companion that draws it with matplotlib (imported lazily):

- :func:`lipschitz_vs_parameters`: fit noisy labels on sphere or Gaussian data with p growing (minimum-norm
  interpolation of random-features, NTK or random-ReLU two-layer models) and measure each fit's Lipschitz
  constant: a certified lower bound (an explicit pair of points found by search) and, where the library proves
  one, a certified upper bound; against Theorem 3's bound (``thm-law``) and the heuristic eps sqrt(n d / p).
- :func:`random_features_vs_ntk`: Bombari-Kiyani-Mondelli's sensitivity experiment (``bkm-random-features``),
  scaled down (:data:`BKM_PAPER_SIZES` records their sizes).
- :func:`tight_interpolants`: the bump interpolant of Remark 1.1 (``rem-tightness``) and the width-2n cap-ramp
  ReLU interpolant (``two-layer-upper-bound``): O(1) Lipschitz constants at p ~ n d, against the law at that p.

The sizes here are far below the law's hypothesis (2), 8^4 k log(8k/delta) <= n eps^2 (n >= ~27,000 at eps = 1,
delta = 0.01), so the law's curve is evaluated with ``check_hypotheses=False`` and each result says so
(``hypothesis_2_holds``). The curve is then a reference line, not a guarantee about these fits.

Randomness: each function draws from ``numpy.random.default_rng(seed)`` only.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._validate import (
    InvalidParameter,
    check_array,
    check_int,
    check_open_unit,
    check_positive,
    check_real,
    check_seed,
)
from .law import CONSTANTS, lipschitz_lower_bound, theorem_3_hypotheses
from .lipschitz import LipschitzEstimate, lipschitz_lower_bound_search, network_lipschitz_upper
from .models import (
    ACTIVATIONS,
    NTKFeatures,
    RandomFeatures,
    TwoLayerReLU,
    bump_interpolant,
    cap_ramp_interpolant,
    max_inner_product,
    min_norm_fit,
    min_pairwise_distance,
    sample_sphere,
)

__all__ = [
    "BKM_PAPER_SIZES",
    "Crossing",
    "InterpolantSummary",
    "LipschitzCurve",
    "SensitivityResult",
    "TightInterpolants",
    "lipschitz_vs_parameters",
    "plot_lipschitz_vs_parameters",
    "plot_random_features_vs_ntk",
    "plot_tight_interpolants",
    "random_features_vs_ntk",
    "sphere_lipschitz_search",
    "tight_interpolants",
]

Array = NDArray[np.float64]

MEASURES = ("sphere", "gaussian")
MODELS = ("random_features", "ntk", "two_layer")
_DEFAULT_ACTIVATION = {"random_features": "tanh", "ntk": "quadratic", "two_layer": "relu"}
_ONE_LIPSCHITZ = ("tanh", "relu", "cos", "softplus")  # |phi'| <= 1 everywhere

#: Bombari, Kiyani, Mondelli (ICML 2023), the sizes of their sensitivity experiment (PAPER.md, bkm-random-features).
BKM_PAPER_SIZES: dict[str, Any] = {
    "d": 1000,
    "N": (400, 800, 1200),
    "rf_widths": (10_000, 200_000),  # range
    "ntk_widths": (15, 300),  # range; p = d k
    "activations": ("quadratic", "tanh", "cos", "softplus"),
}


# ---------------------------------------------------------------------------------------------------------- #
# validation


def _choice(name: str, value: Any, options: Sequence[str]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {list(options)}, got {type(value).__name__}")
    if value not in options:
        raise InvalidParameter(f"{name}={value!r} is not one of {list(options)}")
    return value


def _int_tuple(name: str, values: Any, *, minimum: int = 1, min_len: int = 1) -> tuple[int, ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a sequence of integers, got {type(values).__name__}")
    out = tuple(check_int(f"{name}[{i}]", v, minimum=minimum) for i, v in enumerate(values))
    if len(out) < min_len:
        raise InvalidParameter(f"{name} must have at least {min_len} entries, got {len(out)}")
    if len(set(out)) != len(out):
        raise InvalidParameter(f"{name}={out!r} has repeated entries")
    return tuple(sorted(out))


def _activations(name: str, values: Any) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a sequence of activation names, got {type(values).__name__}")
    if len(values) == 0:
        raise InvalidParameter(f"{name} must not be empty")
    for i, a in enumerate(values):
        _choice(f"{name}[{i}]", a, tuple(sorted(ACTIVATIONS)))
    return tuple(values)


def _seed(seed: Any) -> int:
    s = check_seed("seed", seed)
    if s is None:
        raise TypeError("seed must be a non-negative integer (experiments are reproducible), got None")
    return s


def _constants(value: Any) -> str:
    return _choice("constants", value, tuple(sorted(CONSTANTS)))


# ---------------------------------------------------------------------------------------------------------- #
# shared pieces


@dataclass(frozen=True)
class Crossing:
    """Where the fits' Lipschitz curve meets a reference curve (both as functions of p).

    Attributes:
        p: the parameter count at the crossing, or None when the two log-log lines are parallel.
        within_range: True when the measured curves change order between two measured p (then ``p`` is the
            log-log interpolation between them); False when ``p`` comes from extrapolating both least-squares
            lines in log-log coordinates.
        note: how it was found, in words.
    """

    p: float | None
    within_range: bool
    note: str


def _loglog_line(p: Array, v: Array) -> tuple[float, float]:
    """Least-squares (slope, intercept) of log v against log p over the finite positive entries."""
    ok = np.isfinite(v) & (v > 0)
    if ok.sum() < 2:
        return math.nan, math.nan
    slope, intercept = np.polyfit(np.log(p[ok]), np.log(v[ok]), 1)
    return float(slope), float(intercept)


def _crossing(p: Array, fit: Array, ref: Array) -> Crossing:
    ok = np.isfinite(fit) & np.isfinite(ref) & (fit > 0) & (ref > 0)
    lp, gap = np.log(p[ok]), np.log(fit[ok]) - np.log(ref[ok])
    for i in range(len(gap) - 1):
        if gap[i] == 0:
            return Crossing(float(np.exp(lp[i])), True, "the curves meet at a measured p")
        if gap[i] * gap[i + 1] < 0:
            t = gap[i] / (gap[i] - gap[i + 1])
            return Crossing(float(np.exp(lp[i] + t * (lp[i + 1] - lp[i]))), True,
                            "the curves change order between two measured p (log-log interpolation)")
    sf, bf = _loglog_line(p, fit)
    sr, br = _loglog_line(p, ref)
    if not (math.isfinite(sf) and math.isfinite(sr)) or abs(sf - sr) < 1e-12:
        return Crossing(None, False, "no crossing: the log-log lines are parallel (or too few points)")
    logp = (br - bf) / (sf - sr)
    side = "the fits stay above" if np.all(gap > 0) else "the fits stay below"
    p_star = math.exp(logp) if logp < 700 else math.inf
    lines = f"the least-squares log-log lines (slopes {sf:.3g} and {sr:.3g}) meet at p = {p_star:.3g}"
    if p_star < p.min():
        return Crossing(p_star, False, f"{side} the curve over the measured range and the gap widens with p: "
                                       f"{lines}, below the measured range (no crossing at larger p)")
    return Crossing(p_star, False, f"{side} the curve over the measured range; extrapolating, {lines}")


def _pyplot() -> Any:
    """matplotlib.pyplot, with the Agg backend when there is no display and no backend has been chosen."""
    import matplotlib

    if ("matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND")
            and not os.environ.get("DISPLAY") and sys.platform.startswith("linux")
            and "ipykernel" not in sys.modules):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    plt = _pyplot()
    _, ax = plt.subplots(figsize=(6.4, 4.4))
    return ax


def sphere_lipschitz_search(
    f: Callable[[Array], Array],
    grad: Callable[[Array], Array] | None,
    *,
    dim: int,
    rng: np.random.Generator,
    centers: Array | None = None,
    max_angle: float = 0.6,
    samples: int = 1500,
    starts: int = 8,
    steps: int = 60,
) -> LipschitzEstimate:
    """A certified lower bound on the Lipschitz constant of f restricted to the unit sphere S^{dim-1}.

    Calls :func:`isoper.lipschitz.lipschitz_lower_bound_search` with points of the sphere only: half of the
    starting points are uniform on the sphere, half (when ``centers`` is given) lie at a uniform angle in
    [0, ``max_angle``] from a random centre (where interpolants change fastest); the climb projects back onto
    the sphere, and the gradient that guides it is the tangential part of ``grad`` (the radial part does not
    move f along the sphere). The returned pair lies on the sphere, so the value bounds Lip(f|S) from below,
    hence also Lip(f) on any set containing the sphere.

    Args:
        f: (N, dim) -> (N,).
        grad: (N, dim) -> (N, dim), or None for finite differences.
        dim: d.
        rng: numpy Generator.
        centers: optional unit vectors, shape (m, dim), to sample near.
        max_angle: largest angle (radians) from a centre of the near-centre samples.
        samples, starts, steps: the search budget (see lipschitz_lower_bound_search).
    """
    if grad is not None and not callable(grad):
        raise TypeError(f"grad must be callable or None, got {type(grad).__name__}")
    dim = check_int("dim", dim, minimum=2)
    max_angle = check_positive("max_angle", max_angle)
    C = None if centers is None else check_array("centers", centers, allow_empty=True, finite=False)
    if C is not None and (C.ndim != 2 or C.shape[1] != dim or C.shape[0] == 0):
        raise InvalidParameter(f"centers must have shape (m, {dim}) with m >= 1, got {C.shape}")
    if C is not None and not np.all(np.isfinite(C)):
        raise InvalidParameter("centers contains NaN or inf")

    def sampler(r: np.random.Generator, N: int) -> Array:
        U = sample_sphere(N, dim, rng=r)
        if C is None:
            return U
        m = N // 2
        Cm = C[r.integers(len(C), size=m)]
        T = r.standard_normal(Cm.shape)
        T -= np.sum(T * Cm, axis=1, keepdims=True) * Cm
        T /= np.linalg.norm(T, axis=1, keepdims=True)
        ang = r.uniform(0.0, max_angle, (m, 1))
        U[:m] = np.cos(ang) * Cm + np.sin(ang) * T
        return U

    def project(Z: Array) -> Array:
        return Z / np.linalg.norm(Z, axis=1, keepdims=True)

    tangential = None
    if grad is not None:
        def tangential(Z: Array) -> Array:
            G = np.asarray(grad(Z), dtype=np.float64)
            return G - np.sum(G * Z, axis=1, keepdims=True) * Z

    return lipschitz_lower_bound_search(f, tangential, dim=dim, rng=rng, sampler=sampler, project=project,
                                        samples=samples, starts=starts, steps=steps)


def _ball_search(f: Callable[[Array], Array], grad: Callable[[Array], Array], *, dim: int, radius: float,
                 rng: np.random.Generator, data: Array, samples: int, steps: int) -> LipschitzEstimate:
    """Lower bound on Lip(f) over the ball B(0, radius): samples are N(0, I/d) points and perturbed data points."""

    def sampler(r: np.random.Generator, N: int) -> Array:
        Z = r.standard_normal((N, dim)) / math.sqrt(dim)
        m = N // 2
        Z[:m] = data[r.integers(len(data), size=m)] + 0.2 * Z[:m]
        return Z

    def project(Z: Array) -> Array:
        nz = np.linalg.norm(Z, axis=1, keepdims=True)
        return Z * np.minimum(1.0, radius / np.maximum(nz, 1e-300))

    return lipschitz_lower_bound_search(f, grad, dim=dim, rng=rng, sampler=sampler, project=project,
                                        samples=samples, steps=steps)


# ---------------------------------------------------------------------------------------------------------- #
# (a) Lipschitz constant against p


@dataclass(frozen=True)
class LipschitzCurve:
    """The result of :func:`lipschitz_vs_parameters`. Arrays are indexed like ``widths``.

    Attributes:
        measure, model, activation: the data law ("sphere": uniform on S^{d-1}; "gaussian": N(0, I_d/d)), the
            function class and its activation.
        n, d, noise, seed: the inputs.
        sigma2: the noise level E Var(y | x) = noise (2 - noise) of the label model.
        eps, delta, constants: what the law was evaluated with; eps is the margin below the noise level the
            fits achieve (sigma2 minus the worst training error, capped at 0.99) unless given.
        domain: where the Lipschitz constant is measured ("unit sphere", or "ball of radius R" for Gaussian data,
            R = the largest data norm).
        widths: the widths k (random features, two-layer: p = k trained weights; NTK: p = d k).
        p: the parameter counts, shape (m,).
        train_mse: (1/n) sum (f(x_i) - y_i)^2 for each fit.
        lower: certified lower bounds on Lip(f) over the domain (explicit pairs; see ``witnesses``).
        upper: certified upper bounds (NaN where the library proves none for this model and activation).
        upper_method: how each upper bound was obtained ("" where none).
        law: Theorem 3's bound at (n, d, p) with the fit's eps (NaN where a fit is not below the noise level).
        heuristic: eps sqrt(n d / p).
        W, J: the diameter and sup-norm Lipschitz constants used in the law (see ``notes``).
        slope, slope_upper: least-squares slopes of log lower (resp. log upper) against log p.
        law_slope: the same for the law's curve (close to -1/2).
        crossing_law, crossing_heuristic: where the lower-bound curve meets the law's curve / the heuristic.
        hypothesis_2_holds: whether Theorem 3's hypothesis (2) holds at these sizes (it does not for small n:
            the law's curve is then a reference line only).
        notes: what was assumed, in words.
        witnesses: the pair of points attaining each lower bound.
    """

    measure: str
    model: str
    activation: str
    n: int
    d: int
    noise: float
    seed: int
    sigma2: float
    eps: float
    delta: float
    constants: str
    domain: str
    widths: tuple[int, ...]
    p: Array
    train_mse: Array
    lower: Array
    upper: Array
    upper_method: tuple[str, ...]
    law: Array
    heuristic: Array
    W: Array
    J: Array
    slope: float
    slope_upper: float
    law_slope: float
    crossing_law: Crossing
    crossing_heuristic: Crossing
    hypothesis_2_holds: bool
    notes: tuple[str, ...]
    witnesses: tuple[tuple[Array, Array] | None, ...] = field(repr=False, compare=False)


def _labels(X: Array, noise: float, rng: np.random.Generator) -> Array:
    """y = sign(x_1) with each label replaced by a fair +-1 coin with probability ``noise``."""
    y = np.where(X[:, 0] >= 0, 1.0, -1.0)
    flip = rng.random(len(y)) < noise
    y[flip] = rng.choice([-1.0, 1.0], size=int(flip.sum()))
    return y


def _feature_sup(model: str, act: str, Wm: Array, R: float, k: int) -> float:
    """A proved bound on sup_{||x|| <= R} ||features(x)||_2 (the J of the ball class {||theta|| <= r})."""
    op = float(np.linalg.norm(Wm, 2))
    if model == "random_features":
        return {"tanh": math.sqrt(k), "cos": math.sqrt(k), "relu": R * op,
                "softplus": math.sqrt(k) * math.log(2) + R * op, "quadratic": 0.5 * (R * op) ** 2}[act]
    # NTK: ||x (x) phi'(W^T x)|| = ||x|| ||phi'(W^T x)||
    return R * (R * op if act == "quadratic" else math.sqrt(k))


def lipschitz_vs_parameters(
    *,
    measure: str = "sphere",
    n: int = 60,
    d: int = 16,
    widths: Sequence[int] | None = None,
    noise: float = 1.0,
    seed: int = 0,
    model: str = "random_features",
    activation: str | None = None,
    eps: float | None = None,
    delta: float = 0.01,
    constants: str = "printed",
    search_samples: int = 1000,
    search_steps: int = 40,
) -> LipschitzCurve:
    r"""Measured Lipschitz constants of minimum-norm interpolants against Theorem 3 as p grows.

    Data: x_1..x_n from ``measure`` ("sphere": uniform on S^{d-1}; "gaussian": N(0, I_d/d), the paper's scale);
    labels y = sign(x_1) with each replaced by a fair coin with probability ``noise``, so that g(x) = (1 - noise)
    sign(x_1) and the noise level is sigma^2 = noise (2 - noise) (``noise = 1``: random +-1 labels,
    sigma^2 = 1). For each width a fresh feature map is drawn and fitted by theta = Phi^+ y
    (:func:`isoper.models.min_norm_fit`):

    - ``"random_features"``: x -> phi(W^T x), W_ij ~ N(0, 1/d), p = k (default phi = tanh);
    - ``"ntk"``: x -> x (x) phi'(W^T x), p = d k (default phi = x^2/2, the even activation of Bombari et al.);
    - ``"two_layer"``: a two-layer ReLU net a^T relu(W x + b) with W_ij, b_j ~ N(0, 1/d) fixed and the output
      weights a fitted, p = k.

    Lipschitz constants are measured on the data's domain: the unit sphere, or for Gaussian data the ball of
    radius R = max ||x_i|| (on R^d an NTK fit with x^2/2 is a quadratic form, not Lipschitz). The lower bound is
    an explicit pair of points found by search (:func:`isoper.lipschitz.lipschitz_lower_bound_search`). Upper
    bounds, where proved: random features with a 1-Lipschitz phi, ||W||_2 ||theta||
    (:func:`~isoper.lipschitz.network_lipschitz_upper`); two-layer ReLU,
    :func:`~isoper.lipschitz.two_layer_lipschitz_upper`; NTK with x^2/2, f(x) = x^T M x with M = Theta W^T, so
    Lip on B(0, R) is R ||M + M^T||_2 (exact). Other combinations have no upper bound (NaN).

    The law: Theorem 3's right-hand side, :func:`isoper.law.lipschitz_lower_bound`, at (n, d, p) with eps the
    fit's margin below sigma^2, for the ball class {theta : ||theta|| <= ||theta*||}, which contains the fit: W =
    2 ||theta*|| and J = a proved bound on sup_x ||features(x)|| over the domain (|f_t1(x) - f_t2(x)| <=
    ||features(x)|| ||t1 - t2||). The heuristic is eps sqrt(n d / p) (Theorem 1 without constants or logs).

    Args:
        measure: "sphere" or "gaussian".
        n: number of data points (>= 2).
        d: dimension (>= 2).
        widths: the widths k, at least two (default: p from 2n to 32n in factors of 2).
        noise: the label-noise probability in (0, 1].
        seed: seed of the numpy Generator that draws everything.
        model: "random_features", "ntk" or "two_layer".
        activation: a name in :data:`isoper.models.ACTIVATIONS` (default by model; "two_layer" is ReLU only).
        eps: the margin for the law; default sigma^2 minus the worst training error, capped at 0.99.
        delta: the law's failure probability.
        constants: the law's constant set ("printed", "corrected", "optimised").
        search_samples, search_steps: budget of each lower-bound search.

    Returns:
        A :class:`LipschitzCurve`.

    Raises:
        InvalidParameter, TypeError: naming the parameter.
    """
    measure = _choice("measure", measure, MEASURES)
    model = _choice("model", model, MODELS)
    n = check_int("n", n, minimum=2)
    d = check_int("d", d, minimum=2)
    noise = check_real("noise", noise)
    if not 0.0 < noise <= 1.0:
        raise InvalidParameter(f"noise={noise!r} is outside noise in (0, 1]")
    seed = _seed(seed)
    if activation is None:
        activation = _DEFAULT_ACTIVATION[model]
    activation = _choice("activation", activation, tuple(sorted(ACTIVATIONS)))
    if model == "two_layer" and activation != "relu":
        raise InvalidParameter(f"activation={activation!r}: model='two_layer' is a ReLU net (use 'relu')")
    if widths is None:
        ps = [n * 2**j for j in range(1, 6)]
        widths = [max(1, math.ceil(q / d)) for q in ps] if model == "ntk" else ps
    widths = _int_tuple("widths", widths, min_len=2)
    if eps is not None:
        eps = check_open_unit("eps", eps)
    delta = check_open_unit("delta", delta)
    constants = _constants(constants)
    search_samples = check_int("search_samples", search_samples, minimum=2)
    search_steps = check_int("search_steps", search_steps, minimum=0)

    rng = np.random.default_rng(seed)
    X = sample_sphere(n, d, rng=rng) if measure == "sphere" else rng.standard_normal((n, d)) / math.sqrt(d)
    y = _labels(X, noise, rng)
    sigma2 = noise * (2.0 - noise)
    R = 1.0 if measure == "sphere" else float(np.max(np.linalg.norm(X, axis=1)))
    domain = "unit sphere" if measure == "sphere" else f"ball of radius R = max ||x_i|| = {R:.4g}"

    rows: list[dict[str, Any]] = []
    for k in widths:
        if model == "random_features":
            fm = RandomFeatures.sample(d, k, rng=rng, activation=activation)
        elif model == "ntk":
            fm = NTKFeatures.sample(d, k, rng=rng, activation=activation)
        else:
            Wh, bh = rng.standard_normal((k, d)) / math.sqrt(d), rng.standard_normal(k) / math.sqrt(d)
        if model == "two_layer":
            Phi = np.maximum(X @ Wh.T + bh, 0.0)
            fit = min_norm_fit(Phi, y)
            net = TwoLayerReLU(Wh, bh, fit.theta)
            f, grad, p = net.forward, net.input_gradient, k
            up = net.lipschitz_upper()
            J = R * float(np.linalg.norm(Wh, 2)) + float(np.linalg.norm(bh))  # ||relu(Wx + b)|| <= ||Wx + b||
        else:
            fit = min_norm_fit(fm.features(X), y)
            theta = fit.theta
            f = (lambda Z, fm=fm, th=theta: fm.predict(Z, th))
            grad = (lambda Z, fm=fm, th=theta: fm.input_gradient(Z, th))
            p = fm.n_params
            J = _feature_sup(model, activation, fm.W, R, k)
            up = None
            if model == "random_features" and activation in _ONE_LIPSCHITZ:
                up = network_lipschitz_upper([fm.W.T, theta])
            elif model == "ntk" and activation == "quadratic":
                M = theta.reshape(d, k) @ fm.W.T
                v = R * float(np.linalg.norm(M + M.T, 2)) * (1 + 1e-10)
                up = LipschitzEstimate(v, "upper", "x^T M x on B(0, R): R ||M + M^T||_2", None, "")
        pred = f(X)
        mse = float(np.mean((pred - y) ** 2))
        if measure == "sphere":
            lo = sphere_lipschitz_search(f, grad, dim=d, rng=rng, centers=X, samples=search_samples,
                                         steps=search_steps)
        else:
            lo = _ball_search(f, grad, dim=d, radius=R, rng=rng, data=X, samples=search_samples,
                              steps=search_steps)
        rows.append({"k": k, "p": p, "mse": mse, "lower": lo, "upper": up, "W": 2 * float(np.linalg.norm(fit.theta)),
                     "J": J})

    p_arr = np.array([r["p"] for r in rows], dtype=np.float64)
    mse = np.array([r["mse"] for r in rows])
    eps_used = eps if eps is not None else min(0.99, sigma2 - float(mse.max()))
    law, heur = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    for i, r in enumerate(rows):
        if eps_used > 0 and mse[i] <= sigma2 - eps_used + 1e-12:
            law[i] = lipschitz_lower_bound(n=n, d=d, p=r["p"], eps=eps_used, delta=delta, W=r["W"], J=r["J"],
                                           constants=constants, check_hypotheses=False)
            heur[i] = eps_used * math.sqrt(n * d / r["p"])
    hyp = theorem_3_hypotheses(n=n, d=d, eps=eps_used if eps_used > 0 else 0.5, delta=delta, W=1.0, J=1.0,
                               constants=constants)[0].holds
    lower = np.array([r["lower"].value for r in rows])
    upper = np.array([r["upper"].value if r["upper"] is not None else np.nan for r in rows])
    notes = [
        f"labels: sign(x_1), each replaced by a fair coin with probability {noise:g}; sigma^2 = {sigma2:.4g}",
        f"Lipschitz constants on the {domain}; lower bounds are explicit pairs found by search",
        ("law: Theorem 3 for the ball class {||theta|| <= ||theta*||}: W = 2 ||theta*||, J = a proved bound on "
        "sup ||features(x)|| over the domain"),
    ]
    if not hyp:
        notes.append(f"hypothesis (2) fails at n = {n} (it needs n eps^2 >= 8^4 log(8/delta) for the printed "
                     "constants): the law's curve is evaluated with check_hypotheses=False, a reference line only")
    if model == "two_layer":
        notes.append("two_layer: p counts the fitted output weights; the whole net has k (d + 2) numbers")
    if np.any(mse > 1e-6 * max(sigma2, 1e-300)):
        notes.append("some widths do not interpolate (p <= n or ill-conditioned features): see train_mse")
    return LipschitzCurve(
        measure=measure, model=model, activation=activation, n=n, d=d, noise=noise, seed=seed, sigma2=sigma2,
        eps=float(eps_used), delta=delta, constants=constants, domain=domain, widths=widths, p=p_arr,
        train_mse=mse, lower=lower, upper=upper,
        upper_method=tuple(r["upper"].method if r["upper"] is not None else "" for r in rows),
        law=law, heuristic=heur, W=np.array([r["W"] for r in rows]), J=np.array([r["J"] for r in rows]),
        slope=_loglog_line(p_arr, lower)[0], slope_upper=_loglog_line(p_arr, upper)[0],
        law_slope=_loglog_line(p_arr, law)[0], crossing_law=_crossing(p_arr, lower, law),
        crossing_heuristic=_crossing(p_arr, lower, heur), hypothesis_2_holds=hyp, notes=tuple(notes),
        witnesses=tuple(r["lower"].witness for r in rows),
    )


def plot_lipschitz_vs_parameters(result: LipschitzCurve, ax: Any = None) -> Any:
    """Log-log plot of the lower and upper bounds, the law's curve and the heuristic against p; returns the Axes."""
    if not isinstance(result, LipschitzCurve):
        raise TypeError(f"result must be a LipschitzCurve, got {type(result).__name__}")
    ax = _axes(ax)
    p = result.p
    ax.loglog(p, result.lower, "o-", label=f"lower bound (search), slope {result.slope:.2f}")
    if np.any(np.isfinite(result.upper)):
        ax.loglog(p, result.upper, "s--", label=f"certified upper bound, slope {result.slope_upper:.2f}")
    ax.loglog(p, result.heuristic, ":", color="gray", label=r"heuristic $\epsilon\sqrt{nd/p}$")
    ax.loglog(p, result.law, "-", color="k", label=f"Theorem 3 ({result.constants} constants)"
              + ("" if result.hypothesis_2_holds else ", hyp. (2) fails"))
    ax.set_xlabel("parameters p")
    ax.set_ylabel("Lipschitz constant")
    ax.set_title(f"{result.model} ({result.activation}), {result.measure}: n={result.n}, d={result.d}")
    ax.legend(fontsize=8)
    return ax


# ---------------------------------------------------------------------------------------------------------- #
# (b) random features against NTK features (Bombari, Kiyani, Mondelli)


@dataclass(frozen=True)
class SensitivityResult:
    """The result of :func:`random_features_vs_ntk`.

    Attributes:
        d, N, seed, trials, test_points: the sizes.
        activations: the activations, indexing the first axis of the arrays.
        rf_widths, ntk_widths: the widths k (p = k for random features, p = d k for NTK features).
        S_rf, S_ntk: the sensitivity S = sqrt(d) ||grad_z f(z)|| averaged over ``test_points`` fresh
            z ~ N(0, I_d), shape (activations, widths, trials).
        residual_rf, residual_ntk: relative residuals ||Phi theta - Y|| / ||Y|| of the fits (same shapes).
        law_rf, law_ntk: the law's order sqrt(N d / p) at each width.
        scaled: what was scaled down from Bombari et al.'s run, in words.
    """

    d: int
    N: int
    seed: int
    trials: int
    test_points: int
    activations: tuple[str, ...]
    rf_widths: tuple[int, ...]
    ntk_widths: tuple[int, ...]
    S_rf: Array
    S_ntk: Array
    residual_rf: Array
    residual_ntk: Array
    law_rf: Array
    law_ntk: Array
    scaled: str

    @property
    def p_rf(self) -> Array:
        return np.asarray(self.rf_widths, dtype=np.float64)

    @property
    def p_ntk(self) -> Array:
        return self.d * np.asarray(self.ntk_widths, dtype=np.float64)

    def summary(self) -> list[dict[str, Any]]:
        """One row per (model, activation, width): p, mean, std, min and max of S over trials, and the law's order."""
        out = []
        for name, S, widths, ps, law in (("RF", self.S_rf, self.rf_widths, self.p_rf, self.law_rf),
                                         ("NTK", self.S_ntk, self.ntk_widths, self.p_ntk, self.law_ntk)):
            for a, act in enumerate(self.activations):
                for j, k in enumerate(widths):
                    s = S[a, j]
                    out.append({"model": name, "activation": act, "k": k, "p": int(ps[j]), "S_mean": float(s.mean()),
                                "S_std": float(s.std(ddof=1)) if len(s) > 1 else 0.0, "S_min": float(s.min()),
                                "S_max": float(s.max()), "law_order": float(law[j])})
        return out


def random_features_vs_ntk(
    *,
    d: int = 64,
    N: int = 60,
    rf_widths: Sequence[int] | None = None,
    ntk_widths: Sequence[int] | None = None,
    activations: Sequence[str] = ("quadratic", "tanh"),
    seed: int = 0,
    trials: int = 3,
    test_points: int = 20,
) -> SensitivityResult:
    r"""Bombari-Kiyani-Mondelli's sensitivity of minimum-norm interpolation, random features against NTK features.

    Per trial: X_ij ~ N(0, 1) (N points in R^d), Y ~ N(0, 1), and for each width a fresh W with W_ij ~ N(0, 1/d);
    theta* = Phi^+ Y (:func:`isoper.models.min_norm_fit`) for random features phi(W^T x) (p = k) and NTK
    features x (x) phi'(W^T x) (p = d k); the sensitivity S = sqrt(d) ||grad_z f(z)|| (z ~ N(0, I_d) fresh) is
    averaged over ``test_points`` draws of z. Their claim: random-features S does not fall to the law's order
    sqrt(N d / p) at any width, while the NTK with an even activation (x^2/2) reaches O(1) once p >~ d N.

    Scaled down from their d = 1000, N in {400, 800, 1200}, RF widths 1e4..2e5, NTK widths 15..300
    (:data:`BKM_PAPER_SIZES`): the default keeps d/N near 1 (d = 64, N = 60, against 1000/800) and the widths
    as the same multiples of N where they matter (RF k = 2N, 5N, 20N, the paper's largest RF width being ~170 N;
    NTK k = N/4, N, 4N, i.e. p = d N/4 .. 4 d N, the paper's 15..300 at N = 800 being p = dN/50 .. 3dN/8), with
    3 trials and 20 test points. The data are unscaled N(0, I_d) as in their experiment (hence the sqrt(d)).

    Args:
        d: input dimension (>= 2).
        N: number of training points (>= 2).
        rf_widths: random-features widths (default 2N, 5N, 20N).
        ntk_widths: NTK widths (default N/4, N, 4N).
        activations: names in :data:`isoper.models.ACTIVATIONS`, used for both models.
        seed: seed of the numpy Generator.
        trials: independent repetitions (data, Y, weights and test points).
        test_points: fresh z per trial.

    Returns:
        A :class:`SensitivityResult`.
    """
    d = check_int("d", d, minimum=2)
    N = check_int("N", N, minimum=2)
    rf_widths = _int_tuple("rf_widths", rf_widths if rf_widths is not None else (2 * N, 5 * N, 20 * N))
    ntk_widths = _int_tuple("ntk_widths", ntk_widths if ntk_widths is not None
                            else (max(1, N // 4), N, 4 * N))
    activations = _activations("activations", activations)
    seed = _seed(seed)
    trials = check_int("trials", trials, minimum=1)
    test_points = check_int("test_points", test_points, minimum=1)

    rng = np.random.default_rng(seed)
    A = len(activations)
    S_rf, S_ntk = np.zeros((A, len(rf_widths), trials)), np.zeros((A, len(ntk_widths), trials))
    r_rf, r_ntk = np.zeros_like(S_rf), np.zeros_like(S_ntk)
    for t in range(trials):
        X = rng.standard_normal((N, d))
        Y = rng.standard_normal(N)
        Z = rng.standard_normal((test_points, d))
        for a, act in enumerate(activations):
            for j, k in enumerate(rf_widths):
                fm = RandomFeatures.sample(d, k, rng=rng, activation=act)
                fit = min_norm_fit(fm.features(X), Y)
                S_rf[a, j, t] = math.sqrt(d) * float(np.mean(np.linalg.norm(fm.input_gradient(Z, fit.theta), axis=1)))
                r_rf[a, j, t] = fit.relative_residual
            for j, k in enumerate(ntk_widths):
                fm = NTKFeatures.sample(d, k, rng=rng, activation=act)
                fit = min_norm_fit(fm.features(X), Y)
                S_ntk[a, j, t] = math.sqrt(d) * float(np.mean(np.linalg.norm(fm.input_gradient(Z, fit.theta),
                                                                             axis=1)))
                r_ntk[a, j, t] = fit.relative_residual
    scaled = (f"d = {d} (paper 1000), N = {N} (paper 400/800/1200), RF widths {list(rf_widths)} (paper 1e4..2e5), "
              f"NTK widths {list(ntk_widths)}, p = {d * ntk_widths[0]}..{d * ntk_widths[-1]} (paper k = 15..300, "
              f"p = 1.5e4..3e5), {trials} trials x {test_points} test points, activations {list(activations)} "
              "(paper: x^2/2, tanh, cos, softplus)")
    return SensitivityResult(
        d=d, N=N, seed=seed, trials=trials, test_points=test_points, activations=activations, rf_widths=rf_widths,
        ntk_widths=ntk_widths, S_rf=S_rf, S_ntk=S_ntk, residual_rf=r_rf, residual_ntk=r_ntk,
        law_rf=np.sqrt(N * d / np.asarray(rf_widths, dtype=np.float64)),
        law_ntk=np.sqrt(N / np.asarray(ntk_widths, dtype=np.float64)), scaled=scaled,
    )


def plot_random_features_vs_ntk(result: SensitivityResult, ax: Any = None) -> Any:
    """S against p (log-log), mean and min..max over trials, per model and activation; returns the Axes."""
    if not isinstance(result, SensitivityResult):
        raise TypeError(f"result must be a SensitivityResult, got {type(result).__name__}")
    ax = _axes(ax)
    for a, act in enumerate(result.activations):
        for name, S, p, style in (("RF", result.S_rf, result.p_rf, "o-"), ("NTK", result.S_ntk, result.p_ntk, "s--")):
            m = S[a].mean(axis=1)
            line, = ax.loglog(p, m, style, label=f"{name} {act}")
            ax.fill_between(p, S[a].min(axis=1), S[a].max(axis=1), color=line.get_color(), alpha=0.15)
    pp = np.geomspace(min(result.p_rf.min(), result.p_ntk.min()), max(result.p_rf.max(), result.p_ntk.max()), 50)
    ax.loglog(pp, np.sqrt(result.N * result.d / pp), ":", color="gray", label=r"law's order $\sqrt{Nd/p}$")
    ax.set_xlabel("parameters p")
    ax.set_ylabel(r"sensitivity $S=\sqrt{d}\,\|\nabla f(z)\|$")
    ax.set_title(f"min-norm interpolation: d={result.d}, N={result.N}, {result.trials} trials")
    ax.legend(fontsize=8)
    return ax


# ---------------------------------------------------------------------------------------------------------- #
# (c) the tight interpolants


@dataclass(frozen=True)
class InterpolantSummary:
    """One interpolant of :func:`tight_interpolants`.

    Attributes:
        name: "bump" or "cap-ramp".
        n_params: its parameter count p.
        interpolation_error: max_i |f(x_i) - y_i|.
        lower: certified lower bound on Lip(f|S^{d-1}) (explicit pair of sphere points).
        upper: a certified upper bound on Lip(f|S^{d-1}), NaN if none is proved at these points.
        upper_method: where it comes from.
        upper_rd: a certified upper bound on R^d (NaN if none).
        law: Theorem 3's bound at (n, d, p) (check_hypotheses=False: see ``TightInterpolants.hypothesis_2_holds``).
        heuristic: eps sqrt(n d / p).
        W, J: the class's diameter and sup-norm Lipschitz constant used in the law.
    """

    name: str
    n_params: int
    interpolation_error: float
    lower: float
    upper: float
    upper_method: str
    upper_rd: float
    law: float
    heuristic: float
    W: float
    J: float
    witness: tuple[Array, Array] | None = field(repr=False, compare=False)


@dataclass(frozen=True)
class TightInterpolants:
    """The result of :func:`tight_interpolants`: the data, both interpolants and the law at their p."""

    n: int
    d: int
    seed: int
    s: float
    eps: float
    delta: float
    constants: str
    min_distance: float
    max_inner_product: float
    caps_disjoint: bool
    draws: int
    hypothesis_2_holds: bool
    bump: InterpolantSummary
    cap_ramp: InterpolantSummary
    notes: tuple[str, ...]


def tight_interpolants(
    *,
    n: int = 30,
    d: int = 600,
    seed: int = 0,
    s: float = 0.25,
    eps: float = 0.5,
    delta: float = 0.01,
    constants: str = "printed",
    max_draws: int = 20,
    search_samples: int = 1000,
    search_steps: int = 40,
) -> TightInterpolants:
    r"""The two explicit interpolants that make the law tight at p ~ n d, with their Lipschitz constants.

    Data: n uniform points on S^{d-1} (redrawn, up to ``max_draws`` times, until the caps {<x_i, x> > 1 - s}
    are pairwise disjoint, <x_i, x_j> <= 2 (1 - s)^2 - 1 = 1/8 at s = 1/4; the last draw is kept otherwise) and
    random +-1 labels, so sigma^2 = 1 and an interpolant fits with any margin eps < 1.

    - bump (Remark 1.1, ``rem-tightness``): f(x) = sum_i y_i max(0, 1 - ||x - x_i|| / r) with r = half the least
      pairwise distance, p = n (d + 1). Disjoint supports make Lip(f) = max|y_i| / r on R^d exactly
      (:meth:`isoper.models.BumpInterpolant.lipschitz_upper`), which also bounds it on the sphere.
    - cap-ramp (``two-layer-upper-bound``): the width-2n ReLU net sum_i y_i (1/s)[relu(<x_i, x> - 1 + s) -
      relu(<x_i, x> - 1)], p = 2n (d + 2). On the sphere with disjoint caps Lip(f|S) = sqrt((2 - s)/s) max|y_i|
      (= sqrt 7 at s = 1/4; proved in proofs/two_layer_upper_bound.py, the correction of step 2); on R^d only
      :func:`~isoper.lipschitz.two_layer_lipschitz_upper` (not O(1): one ramp alone is 1/s-Lipschitz on R^d).

    Lower bounds are explicit pairs of sphere points (:func:`sphere_lipschitz_search` near the centres).

    The law: :func:`isoper.law.lipschitz_lower_bound` at (n, d, p, eps, delta) with check_hypotheses=False (n is
    far below hypothesis (2)). W and J are proved for the classes the interpolants belong to, on the sphere:
    bump, centres in the unit ball and labels in [-1, 1], W = 2 sqrt(2n), J = sqrt(n (1 + 1/r^2)) (moving
    y_i changes f by |dy_i|, moving x_i by ||dx_i|| / r; Cauchy-Schwarz); cap-ramp, unit rows, |a_j| <= 1/s,
    |b_j| <= 1, W = 2 sqrt(2n (d + 1/s^2 + 1)) (diameter of that box and ball product), J = sqrt(2n (4 + 2/s^2))
    (|relu(<w, x> + b)| <= 2 on the sphere).

    Args:
        n: number of points (>= 2). d: dimension (>= 3). seed: seed of the Generator.
        s: the ramp width in (0, 1). eps, delta, constants: the law's margin, failure probability and constants.
        max_draws: how many data sets to try for disjoint caps.
        search_samples, search_steps: budget of each lower-bound search.
    """
    n = check_int("n", n, minimum=2)
    d = check_int("d", d, minimum=3)
    seed = _seed(seed)
    s = check_open_unit("s", s)
    eps = check_open_unit("eps", eps)
    delta = check_open_unit("delta", delta)
    constants = _constants(constants)
    max_draws = check_int("max_draws", max_draws, minimum=1)
    search_samples = check_int("search_samples", search_samples, minimum=2)
    search_steps = check_int("search_steps", search_steps, minimum=0)

    rng = np.random.default_rng(seed)
    disjoint_ip = 2 * (1 - s) ** 2 - 1
    for draws in range(1, max_draws + 1):
        X = sample_sphere(n, d, rng=rng)
        if max_inner_product(X) <= disjoint_ip:
            break
    mip, dmin = max_inner_product(X), min_pairwise_distance(X)
    if mip > 1 - s:
        raise InvalidParameter(f"n={n}, d={d}: the points are not separated enough for the cap-ramp interpolant "
                               f"(max <x_i, x_j> = {mip:.3g} > 1 - s); increase d")
    caps_disjoint = mip <= disjoint_ip
    y = rng.choice([-1.0, 1.0], size=n)
    hyp = theorem_3_hypotheses(n=n, d=d, eps=eps, delta=delta, W=1.0, J=1.0, constants=constants)[0].holds

    def law_at(p: int, W: float, J: float) -> tuple[float, float]:
        b = lipschitz_lower_bound(n=n, d=d, p=p, eps=eps, delta=delta, W=W, J=J, constants=constants,
                                  check_hypotheses=False)
        return b, eps * math.sqrt(n * d / p)

    # bump
    bump = bump_interpolant(X, y)
    ub = bump.lipschitz_upper()
    lo_b = sphere_lipschitz_search(bump.forward, bump.input_gradient, dim=d, rng=rng, centers=X,
                                   max_angle=2 * math.asin(min(1.0, bump.radius / 2)), samples=search_samples,
                                   steps=search_steps)
    Wb, Jb = 2 * math.sqrt(2 * n), math.sqrt(n * (1 + 1 / bump.radius**2))
    law_b, heur_b = law_at(bump.n_params, Wb, Jb)
    bump_sum = InterpolantSummary(
        "bump", bump.n_params, float(np.max(np.abs(bump.forward(X) - y))), lo_b.value, ub.value,
        f"{ub.method} ({ub.kind} on R^d)", ub.value, law_b, heur_b, Wb, Jb, lo_b.witness)

    # cap-ramp
    net = cap_ramp_interpolant(X, y, s=s)
    up_rd = net.lipschitz_upper()
    lo_c = sphere_lipschitz_search(net.forward, net.input_gradient, dim=d, rng=rng, centers=X,
                                   max_angle=1.2 * math.acos(1 - s), samples=search_samples, steps=search_steps)
    if caps_disjoint:
        up_s = math.sqrt((2 - s) / s) * float(np.max(np.abs(y))) * (1 + 1e-10)
        up_s_method = "disjoint caps: sqrt((2 - s)/s) max|y_i| (two-layer-upper-bound, corrected step 2)"
    else:
        up_s, up_s_method = math.nan, "caps overlap: no O(1) bound proved on the sphere"
    Wc, Jc = 2 * math.sqrt(2 * n * (d + 1 / s**2 + 1)), math.sqrt(2 * n * (4 + 2 / s**2))
    law_c, heur_c = law_at(net.n_params, Wc, Jc)
    cap_sum = InterpolantSummary(
        "cap-ramp", net.n_params, float(np.max(np.abs(net.forward(X) - y))), lo_c.value, up_s, up_s_method,
        up_rd.value, law_c, heur_c, Wc, Jc, lo_c.witness)

    notes = [(f"n = {n} points on S^{d - 1}, random +-1 labels (sigma^2 = 1); min distance {dmin:.4g}, max inner "
             f"product {mip:.4g} (disjoint caps need <= {disjoint_ip:.4g}: {caps_disjoint}, after {draws} draw(s))")]
    if not hyp:
        notes.append(f"hypothesis (2) fails at n = {n}: the law is evaluated with check_hypotheses=False")
    return TightInterpolants(n=n, d=d, seed=seed, s=s, eps=eps, delta=delta, constants=constants,
                             min_distance=dmin, max_inner_product=mip, caps_disjoint=caps_disjoint, draws=draws,
                             hypothesis_2_holds=hyp, bump=bump_sum, cap_ramp=cap_sum, notes=tuple(notes))


def plot_tight_interpolants(result: TightInterpolants, ax: Any = None) -> Any:
    """Bars: lower and upper bounds of each interpolant against the law and the heuristic at its p (log scale)."""
    if not isinstance(result, TightInterpolants):
        raise TypeError(f"result must be a TightInterpolants, got {type(result).__name__}")
    ax = _axes(ax)
    items = (result.bump, result.cap_ramp)
    x = np.arange(len(items))
    wdt = 0.2
    series = (("lower bound (search)", [i.lower for i in items]),
              ("upper bound on the sphere", [i.upper for i in items]),
              ("Theorem 3 at this p", [i.law for i in items]),
              (r"$\epsilon\sqrt{nd/p}$", [i.heuristic for i in items]))
    for j, (label, vals) in enumerate(series):
        ax.bar(x + (j - 1.5) * wdt, np.nan_to_num(vals, nan=0.0), wdt, label=label)
    ax.set_yscale("log")
    ax.set_xticks(x)
    ax.set_xticklabels([f"{i.name}\np = {i.n_params}" for i in items])
    ax.set_ylabel("Lipschitz constant on the sphere")
    ax.set_title(f"tight interpolants: n={result.n}, d={result.d}")
    ax.legend(fontsize=8)
    return ax
