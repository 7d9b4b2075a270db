"""Lipschitz constants: exact values, certified upper bounds, and lower bounds found by search.

Every function returns a :class:`LipschitzEstimate` whose ``kind`` says what the number is:

- ``"exact"``: the global Euclidean Lipschitz constant itself (up to floating-point rounding);
- ``"upper"``: a certified upper bound (a proved inequality evaluated in floating point, with a relative slack
  of :data:`ROUNDING_SLACK` added so that rounding cannot push it below the truth for moderate sizes);
- ``"lower"``: a certified lower bound, attained by an explicit pair of points (``witness``) whose difference
  quotient |f(x) - f(y)| / ||x - y|| is the returned value (up to the rounding of two evaluations of f).

The paper's Lip(f) (Bubeck-Sellke, Setting) is the global Euclidean constant sup |f(x) - f(y)| / ||x - y||;
Lemma 3.1's B(w) with i = 0, the product of the layers' operator norms, bounds it for networks with
1-Lipschitz activations.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from ._validate import InvalidParameter, check_array, check_int, check_pair, check_positive, check_rng

__all__ = [
    "ROUNDING_SLACK",
    "LipschitzEstimate",
    "exact_lipschitz_two_layer_small",
    "linear_lipschitz",
    "lipschitz_lower_bound_search",
    "network_lipschitz_upper",
    "two_layer_lipschitz_upper",
]

Kind = Literal["upper", "lower", "exact"]
Array = NDArray[np.float64]

#: Relative slack added to certified upper bounds computed in floating point (SVD and sums are backward stable
#: with errors ~ size * 1e-16; 1e-10 leaves room for sizes up to ~1e5).
ROUNDING_SLACK = 1e-10


@dataclass(frozen=True)
class LipschitzEstimate:
    """A Lipschitz constant or a bound on one, with what kind of number it is.

    Attributes:
        value: the number.
        kind: "exact", "upper" (certified upper bound) or "lower" (certified lower bound, attained by
            ``witness``).
        method: how it was obtained.
        witness: for "lower" and "exact" where available, a pair (x, y) with |f(x) - f(y)| / ||x - y|| = value
            (approximately, for "exact"); None otherwise.
        detail: further information (e.g. the largest gradient norm seen, the number of regions).
    """

    value: float
    kind: Kind
    method: str
    witness: tuple[Array, Array] | None = field(default=None, compare=False, repr=False)
    detail: str = ""


# ---------------------------------------------------------------------------------------------------------- #
# validation helpers


def _matrix(name: str, A: Any, *, ndim: tuple[int, ...] = (2,)) -> Array:
    return check_array(name, A, ndim=ndim)


def _two_layer(W: Any, b: Any, a: Any) -> tuple[Array, Array | None, Array]:
    Wm = _matrix("W", W)
    h = Wm.shape[0]
    am = _matrix("a", a, ndim=(1,))
    if am.shape != (h,):
        raise InvalidParameter(f"a must have shape ({h},) to match W of shape {Wm.shape}, got {am.shape}")
    bm = None
    if b is not None:
        bm = _matrix("b", b, ndim=(1,))
        if bm.shape != (h,):
            raise InvalidParameter(f"b must have shape ({h},) to match W of shape {Wm.shape}, got {bm.shape}")
    return Wm, bm, am


def _spectral(A: Array) -> float:
    return float(np.linalg.norm(A, 2)) if A.ndim == 2 else float(np.linalg.norm(A))


# ---------------------------------------------------------------------------------------------------------- #
# exact and certified


def linear_lipschitz(A: Any) -> LipschitzEstimate:
    """Exact Lipschitz constant of the linear map x -> A x: the spectral norm ||A||_2 (top singular value).

    Args:
        A: array of shape (m, d), or (d,) for the functional x -> <A, x> (then the Euclidean norm).

    Returns:
        kind "exact", with a witness pair (0, v) along the top right singular vector v.
    """
    A = _matrix("A", A, ndim=(1, 2))
    M = A.reshape(1, -1) if A.ndim == 1 else A
    _, s, vt = np.linalg.svd(M)
    v = vt[0]
    return LipschitzEstimate(float(s[0]), "exact", "spectral norm (SVD)", (np.zeros_like(v), v), "")


def network_lipschitz_upper(weights: Sequence[Any]) -> LipschitzEstimate:
    """Certified upper bound prod_j ||W_j||_2 for x -> W_D s(... s(W_1 x + b_1) ...) + b_D, s 1-Lipschitz.

    Proof: a composition of maps with Lipschitz constants L_j is (prod L_j)-Lipschitz; an affine layer has
        constant
    ||W_j||_2 and a coordinatewise 1-Lipschitz activation (ReLU, tanh, ...) is 1-Lipschitz in the Euclidean
    norm. This is B(w) of Lemma 3.1 with i = 0 (biases and skip-free chains; the biases do not matter).

    Args:
        weights: the matrices W_1, ..., W_D in order of application; W_j of shape (h_j, h_{j-1}); the last may
            be a vector of shape (h_{D-1},) for a scalar output.
    """
    if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or len(weights) == 0:
        raise TypeError("weights must be a non-empty sequence of matrices (W_1, ..., W_D)")
    mats = []
    for j, Wj in enumerate(weights):
        M = _matrix(f"weights[{j}]", Wj, ndim=(1, 2) if j == len(weights) - 1 else (2,))
        M = M.reshape(1, -1) if M.ndim == 1 else M
        if mats and M.shape[1] != mats[-1].shape[0]:
            raise InvalidParameter(
                f"weights[{j}] has shape {M.shape} but weights[{j - 1}] outputs "
                f"{mats[-1].shape[0]} coordinates"
            )
        mats.append(M)
    norms = [_spectral(M) for M in mats]
    value = math.prod(norms) * (1 + ROUNDING_SLACK * len(mats))
    return LipschitzEstimate(
        value,
        "upper",
        "product of operator norms (Lemma 3.1, i = 0)",
        None,
        "layer norms: " + ", ".join(f"{x:.6g}" for x in norms),
    )


def _pattern_max(W: Array, a: Array) -> float:
    """max over D in {0, 1}^h of ||W^T D a|| by enumeration (2^h vectors, in chunks)."""
    V = W * a[:, None]  # rows a_j w_j
    h = V.shape[0]
    best = 0.0
    chunk = min(h, 12)
    head = np.array(list(itertools.product((0.0, 1.0), repeat=chunk)))  # (2^chunk, chunk)
    head_sums = head @ V[:chunk]
    for tail in itertools.product((0.0, 1.0), repeat=h - chunk):
        t = np.asarray(tail) @ V[chunk:] if h > chunk else 0.0
        best = max(best, float(np.max(np.linalg.norm(head_sums + t, axis=1))))
    return best


def two_layer_lipschitz_upper(W: Any, b: Any, a: Any, *, max_enumerate: int = 16) -> LipschitzEstimate:
    """Certified upper bound on Lip(x -> a^T relu(W x + b)) on R^d: the least of three proved bounds.

    Where f is differentiable its gradient is W^T D a with D = diag(1[W x + b > 0]); f is piecewise linear and
    continuous, so Lip(f) = sup over realised patterns D of ||W^T D a|| <= each of:

    1. ``||W||_2 ||a||_2`` (product of operator norms, as :func:`network_lipschitz_upper`);
    2. ``|| |W|^T |a| ||_2``: entrywise |sum_j a_j D_jj W_jk| <= sum_j |a_j| |W_jk|, and the Euclidean norm is
       monotone in the absolute values of the entries;
    3. for width <= ``max_enumerate``: the maximum of ||W^T D a|| over all 2^h patterns D, realised or not.

    Args:
        W: hidden weights, shape (h, d).
        b: hidden biases, shape (h,), or None (the bounds do not depend on b).
        a: output weights, shape (h,).
        max_enumerate: widest net for which bound 3 is computed.
    """
    Wm, _, am = _two_layer(W, b, a)
    max_enumerate = check_int("max_enumerate", max_enumerate, minimum=0)
    cands = {
        "operator norms": _spectral(Wm) * float(np.linalg.norm(am)),
        "|a|^T |W|": float(np.linalg.norm(np.abs(Wm).T @ np.abs(am))),
    }
    if Wm.shape[0] <= max_enumerate:
        cands["all 2^h patterns"] = _pattern_max(Wm, am)
    method = min(cands, key=cands.__getitem__)
    detail = "; ".join(f"{k}: {v:.6g}" for k, v in cands.items())
    return LipschitzEstimate(
        cands[method] * (1 + ROUNDING_SLACK), "upper", f"two-layer bound ({method})", None, detail
    )


def _region_lp(
    rows: Array, offs: Array, signs: Array, bounds: tuple[float, float] | None
) -> tuple[float, Array]:
    """max t s.t. signs_j (rows_j . x + offs_j) >= t, t <= 1, x in the box: the inradius of the cell."""
    dim = rows.shape[1]
    c = np.zeros(dim + 1)
    c[-1] = -1.0
    A = np.hstack([-(signs[:, None] * rows), np.ones((len(signs), 1))])
    ub = signs * offs
    if bounds is not None:  # the box faces count as hyperplanes too: t is then the inradius of cell and box
        eye = np.eye(dim)
        A = np.vstack([A, np.hstack([-eye, np.ones((dim, 1))]), np.hstack([eye, np.ones((dim, 1))])])
        ub = np.concatenate([ub, np.full(dim, -bounds[0]), np.full(dim, bounds[1])])
    res = linprog(c, A_ub=A, b_ub=ub, bounds=[(None, None)] * dim + [(None, 1.0)], method="highs")
    if res.status != 0:  # infeasible box or numerical trouble: treat as empty
        return -np.inf, np.zeros(dim)
    return float(res.x[-1]), res.x[:-1]


def exact_lipschitz_two_layer_small(
    W: Any,
    b: Any,
    a: Any,
    *,
    bounds: tuple[float, float] | None = None,
    tol: float = 1e-9,
    max_width: int = 12,
) -> LipschitzEstimate:
    """Exact Lip(x -> a^T relu(W x + b)) by enumerating the activation regions with non-empty interior.

    f is continuous and piecewise linear; on each open cell {x : sign(w_j . x + b_j) = s_j} of the hyperplane
    arrangement its gradient is sum_{s_j = +1} a_j w_j, and the Lipschitz constant over a convex domain is the
    largest gradient norm over cells with non-empty interior. Cells are found by depth-first search over
    units, each partial sign pattern tested by a linear program for its inradius t (rows normalised); branches
    with t < -tol are pruned. Units with w_j = 0 are constant and skipped.

    Cells with |t| <= tol are borderline (possibly empty, possibly very thin). If including them changes the
    answer, the larger value is returned with kind "upper" (the exact value is then between the two, both in
    ``detail``); otherwise the result has kind "exact" and a witness pair inside the maximising cell.

    Args:
        W: shape (h, d) with h <= max_width (the search is exponential in the worst case; use d <= ~4).
        b: shape (h,).
        a: shape (h,).
        bounds: optional box [lo, hi]^d to restrict the domain to (default R^d).
        tol: LP tolerance on the inradius.
        max_width: refuse wider nets.
    """
    Wm, bm, am = _two_layer(W, b, a)
    if bm is None:
        raise TypeError("b must be an array of shape (h,), got None")
    max_width = check_int("max_width", max_width, minimum=1)
    tol = check_positive("tol", tol)
    if Wm.shape[0] > max_width:
        raise InvalidParameter(
            f"W has width {Wm.shape[0]} > max_width={max_width}; use two_layer_lipschitz_upper"
        )
    if bounds is not None:
        lo, hi = check_pair("bounds", bounds)
        if not lo < hi:
            raise InvalidParameter(f"bounds={bounds!r} must satisfy lo < hi")
        bounds = (lo, hi)
    norms = np.linalg.norm(Wm, axis=1)
    live = norms > 0
    rows, offs, coef = Wm[live] / norms[live, None], bm[live] / norms[live], am[live]
    V = Wm[live] * coef[:, None]
    dim = Wm.shape[1]

    leaves: list[tuple[float, float, Array, Array]] = []  # (grad norm, inradius, point, grad)

    def dfs(signs: list[float], t_par: float, x_par: Array) -> None:
        m = len(signs)
        if m == rows.shape[0]:
            g = V[np.asarray(signs) > 0].sum(axis=0) if m else np.zeros(dim)
            leaves.append((float(np.linalg.norm(g)), t_par, x_par, g))
            return
        margin = float(rows[m] @ x_par + offs[m])
        for s in (1.0, -1.0):
            sg = np.asarray(signs + [s])
            if s * margin > tol and t_par > tol:
                # the parent's ball B(x_par, t_par) meets this child in B(x_par, min(t_par, s * margin)):
                # the child has interior and no LP is needed
                t, x = min(t_par, s * margin), x_par
            else:
                t, x = _region_lp(rows[: m + 1], offs[: m + 1], sg, bounds)
            if t >= -tol:
                dfs(signs + [s], t, x)

    t0, x0 = _region_lp(rows[:0], offs[:0], np.zeros(0), bounds)
    dfs([], t0, x0)
    strict = [lf for lf in leaves if lf[1] > tol]
    if not strict:
        raise InvalidParameter("no cell with non-empty interior was found (check bounds and tol)")
    best = max(strict, key=lambda lf: lf[0])
    top = max(lf[0] for lf in leaves)
    detail = f"{len(strict)} cells with interior, {len(leaves) - len(strict)} borderline (|t| <= {tol:g})"
    g, x, t = best[3], best[2], best[1]
    witness = None
    if best[0] > 0:
        u = g / best[0]
        witness = (x - 0.5 * t * u, x + 0.5 * t * u)
    if top > best[0] * (1 + 1e-12):
        return LipschitzEstimate(
            top,
            "upper",
            "cell enumeration (borderline cells included)",
            witness,
            detail + f"; exact value in [{best[0]:.10g}, {top:.10g}]",
        )
    return LipschitzEstimate(best[0], "exact", "cell enumeration (linprog)", witness, detail)


# ---------------------------------------------------------------------------------------------------------- #
# lower bounds by search


def _fd_grad(f: Callable[[Array], Array], X: Array, h: float) -> Array:
    n, dim = X.shape
    steps = h * np.maximum(1.0, np.abs(X))  # (n, dim)
    E = np.eye(dim)[None, :, :] * steps[:, :, None]  # (n, dim, dim)
    P = (X[:, None, :] + E).reshape(-1, dim)
    M = (X[:, None, :] - E).reshape(-1, dim)
    return (_call(f, P) - _call(f, M)).reshape(n, dim) / (2 * steps)


def _real_output(name: str, value: Any, shape: tuple[int, ...], what: str) -> Array:
    """The output of a user callable as a float64 array of ``shape``: real (not cast from complex) and finite."""
    out = np.asarray(value)
    if out.shape != shape:
        raise InvalidParameter(f"{name} must {what}, got {out.shape}")
    if out.dtype == np.bool_ or not (np.issubdtype(out.dtype, np.floating) or np.issubdtype(out.dtype, np.integer)):
        raise TypeError(f"{name} must return real numbers, got dtype {out.dtype}")
    out = out.astype(np.float64, copy=False)
    if not np.all(np.isfinite(out)):
        raise InvalidParameter(f"{name} returned NaN or inf")
    return out


def _call(f: Callable[[Array], Array], X: Array) -> Array:
    return _real_output("f", f(X), (X.shape[0],), "map an array of shape (N, dim) to shape (N,)")


def lipschitz_lower_bound_search(
    f: Callable[[Array], Array],
    grad: Callable[[Array], Array] | None = None,
    *,
    dim: int,
    rng: np.random.Generator,
    samples: int = 2000,
    starts: int = 8,
    steps: int = 60,
    scale: float = 1.0,
    sampler: Callable[[np.random.Generator, int], Array] | None = None,
    project: Callable[[Array], Array] | None = None,
    fd_step: float = 1e-6,
) -> LipschitzEstimate:
    """A certified LOWER bound on Lip(f) over a domain, found by search; the returned pair attains it.

    1. Draw ``samples`` points (``sampler(rng, N)``; default N(0, scale^2 I_dim)) and score them by ||grad f||
       (``grad``, or central finite differences); also record difference quotients of random pairs.
    2. From the ``starts`` best points, climb ||grad f|| by random perturbation (accept improvements; the step
       grows on success and shrinks on failure), projecting onto the domain with ``project`` if given.
    3. Turn each climbed point x into explicit pairs (x, project(x + h u)) and (project(x - h u), project(x +
       h u)) along u = grad f(x) / ||grad f(x)|| for several h.

    Only explicit pairs count: the returned value is the largest |f(x) - f(y)| / ||x - y|| evaluated, so it
    is a lower bound on Lip(f) over any domain containing the points (up to rounding of f). Gradient norms
    only guide the search; the largest one seen is reported in ``detail``.

    Args:
        f: vectorised function, array (N, dim) -> (N,).
        grad: optional vectorised gradient, (N, dim) -> (N, dim).
        dim: input dimension.
        rng: numpy Generator (the only randomness used).
        samples, starts, steps: search budget.
        scale: standard deviation of the default sampler.
        sampler: optional ``sampler(rng, N) -> (N, dim)`` drawing points of the domain.
        project: optional map (N, dim) -> (N, dim) onto the domain (e.g. normalisation onto the sphere).
        fd_step: relative finite-difference step.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    if grad is not None and not callable(grad):
        raise TypeError(f"grad must be callable or None, got {type(grad).__name__}")
    dim = check_int("dim", dim, minimum=1)
    rng = check_rng("rng", rng)
    samples = check_int("samples", samples, minimum=2)
    starts = check_int("starts", starts, minimum=1)
    steps = check_int("steps", steps, minimum=0)
    scale = check_positive("scale", scale)
    fd_step = check_positive("fd_step", fd_step)
    for name, fn in (("sampler", sampler), ("project", project)):
        if fn is not None and not callable(fn):
            raise TypeError(f"{name} must be callable or None, got {type(fn).__name__}")

    def gnorm(X: Array) -> tuple[Array, Array]:
        if grad is None:
            G = _fd_grad(f, X, fd_step)
        else:
            G = _real_output("grad", grad(X), X.shape, f"return shape {X.shape}")
        return np.linalg.norm(G, axis=1), G

    def projected(Z: Array) -> Array:
        return Z if project is None else _real_output("project", project(Z), Z.shape, f"return shape {Z.shape}")

    X = sampler(rng, samples) if sampler is not None else scale * rng.standard_normal((samples, dim))
    X = projected(_real_output("sampler", X, (samples, dim), f"return shape ({samples}, {dim})"))
    best = {"value": 0.0, "pair": None}

    def offer(A: Array, B: Array) -> None:
        dist = np.linalg.norm(A - B, axis=1)
        ok = dist > 0
        if not np.any(ok):
            return
        q = np.zeros(len(A))
        q[ok] = np.abs(_call(f, A[ok]) - _call(f, B[ok])) / dist[ok]
        i = int(np.argmax(q))
        if np.isfinite(q[i]) and q[i] > best["value"]:
            best["value"], best["pair"] = float(q[i]), (A[i].copy(), B[i].copy())

    offer(X, X[rng.permutation(samples)])
    norms, _ = gnorm(X)
    idx = np.argsort(norms)[::-1][: min(starts, samples)]
    P, pn = X[idx], norms[idx]
    sigma = np.full(len(P), 0.1 * scale)
    top_grad = float(norms.max())
    for _ in range(steps):
        Q = projected(P + sigma[:, None] * rng.standard_normal(P.shape))
        qn, _ = gnorm(Q)
        up = qn > pn
        P[up], pn[up] = Q[up], qn[up]
        sigma = np.where(up, sigma * 1.5, sigma * 0.7)
        top_grad = max(top_grad, float(pn.max()))
    _, G = gnorm(P)
    gl = np.linalg.norm(G, axis=1, keepdims=True)
    U = np.divide(G, gl, out=np.zeros_like(G), where=gl > 0)
    for h in (1e-2, 1e-3, 1e-4):  # not smaller: rounding in f(x) - f(y) grows like 1e-16 |f| / h
        hh = h * scale
        offer(P, projected(P + hh * U))
        offer(projected(P - hh * U), projected(P + hh * U))
    return LipschitzEstimate(
        best["value"],
        "lower",
        "search (samples, hill climbing on ||grad f||, explicit pairs)",
        best["pair"],
        f"largest gradient norm seen: {top_grad:.10g}",
    )
