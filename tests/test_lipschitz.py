"""Tests of isoper.lipschitz against Lipschitz constants known in closed form."""

from __future__ import annotations

import numpy as np
import pytest

from isoper import InvalidParameter
from isoper.lipschitz import (
    LipschitzEstimate,
    exact_lipschitz_two_layer_small,
    linear_lipschitz,
    lipschitz_lower_bound_search,
    network_lipschitz_upper,
    two_layer_lipschitz_upper,
)


def relu_net(W, b, a):
    f = lambda X: np.maximum(X @ W.T + b, 0.0) @ a
    g = lambda X: ((X @ W.T + b > 0) * a) @ W
    return f, g


def ratio(f, pair):
    x, y = pair
    return abs(f(x[None])[0] - f(y[None])[0]) / np.linalg.norm(x - y)


def test_linear_exact():
    A = np.diag([3.0, -5.0, 1.0]) @ np.linalg.qr(np.random.default_rng(0).standard_normal((3, 3)))[0]
    est = linear_lipschitz(A)
    assert est.kind == "exact" and est.value == pytest.approx(5.0, rel=1e-14)
    assert ratio(lambda X: np.linalg.norm(X @ A.T, axis=1), est.witness) == pytest.approx(5.0, rel=1e-12)
    assert linear_lipschitz([3.0, 4.0]).value == pytest.approx(5.0)


def test_network_upper_is_product_of_norms_and_exact_for_aligned_linear_layers():
    W1 = np.diag([2.0, 1.0])
    W2 = np.array([[3.0, 0.0]])
    est = network_lipschitz_upper([W1, W2])
    assert est.kind == "upper"
    assert est.value == pytest.approx(6.0, rel=1e-9) and est.value >= 6.0
    # x -> 3 * relu(2 x_1) has Lipschitz constant exactly 6: the bound is attained
    f = lambda X: 3 * np.maximum(2 * X[:, 0], 0.0)
    lo = lipschitz_lower_bound_search(f, dim=2, rng=np.random.default_rng(1), samples=200)
    assert 0.999 * 6 <= lo.value <= est.value


def test_two_layer_all_active_on_a_box_equals_norm_of_aT_W():
    rng = np.random.default_rng(2)
    W = rng.standard_normal((5, 2))
    b = np.abs(W).sum(axis=1) + 0.5  # W x + b > 0 on [-1, 1]^2
    a = rng.standard_normal(5)
    want = float(np.linalg.norm(W.T @ a))
    ex = exact_lipschitz_two_layer_small(W, b, a, bounds=(-1.0, 1.0))
    assert ex.kind == "exact" and ex.value == pytest.approx(want, rel=1e-12)
    assert "1 cells" in ex.detail
    f, g = relu_net(W, b, a)
    proj = lambda Z: np.clip(Z, -1.0, 1.0)
    sampler = lambda r, N: r.uniform(-1, 1, (N, 2))
    lo = lipschitz_lower_bound_search(f, g, dim=2, rng=rng, sampler=sampler, project=proj, samples=300)
    assert lo.kind == "lower" and lo.value == pytest.approx(want, rel=1e-6)
    assert np.all(np.abs(lo.witness[0]) <= 1) and np.all(np.abs(lo.witness[1]) <= 1)
    assert two_layer_lipschitz_upper(W, b, a).value >= want


def test_one_dimensional_piecewise_linear_known_slope():
    # f(x) = relu(x) - 3 relu(x - 1) + 5 relu(x - 2): slopes 0, 1, -2, 3
    W, b, a = np.array([[1.0], [1.0], [1.0]]), np.array([0.0, -1.0, -2.0]), np.array([1.0, -3.0, 5.0])
    ex = exact_lipschitz_two_layer_small(W, b, a)
    assert ex.kind == "exact" and ex.value == pytest.approx(3.0, rel=1e-14)
    assert "4 cells" in ex.detail
    f, _ = relu_net(W, b, a)
    assert ratio(f, ex.witness) == pytest.approx(3.0, rel=1e-9)
    lo = lipschitz_lower_bound_search(f, dim=1, rng=np.random.default_rng(3), scale=3.0, samples=300)
    assert 0.999 * 3.0 <= lo.value <= 3.0 * (1 + 1e-8)
    up = two_layer_lipschitz_upper(W, b, a)
    assert up.value >= 3.0 and up.value == pytest.approx(
        6.0, rel=1e-9
    )  # best pattern bound: 1 + 5 (all-on is 3)


def test_borderline_cells_are_reported_not_hidden():
    # two parallel hyperplanes through the same line: a cell of zero width between them
    W, b, a = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([0.0, 0.0]), np.array([1.0, 1.0])
    ex = exact_lipschitz_two_layer_small(W, b, a)  # f(x) = |x_1|
    assert ex.value == pytest.approx(1.0)
    assert "borderline" in ex.detail


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_search_is_below_upper_and_near_exact_on_small_nets(seed):
    rng = np.random.default_rng(seed)
    h, d = 6, 2
    W, b, a = rng.standard_normal((h, d)), rng.standard_normal(h), rng.standard_normal(h)
    ex = exact_lipschitz_two_layer_small(W, b, a)
    up = two_layer_lipschitz_upper(W, b, a)
    f, g = relu_net(W, b, a)
    for grad in (g, None):
        lo = lipschitz_lower_bound_search(f, grad, dim=d, rng=rng, scale=3.0, samples=1000)
        assert lo.value <= ex.value * (1 + 1e-8)
        assert lo.value >= 0.9 * ex.value
        assert ratio(f, lo.witness) == pytest.approx(lo.value, rel=1e-9)  # batch vs single-row rounding
    assert ex.kind == "exact" and ex.value <= up.value
    assert ratio(f, ex.witness) == pytest.approx(ex.value, rel=1e-8)
    assert ex.value <= network_lipschitz_upper([W, a]).value


def test_smooth_function_lower_bound():
    # f(x) = sin(2 x_1) + 0.5 x_2: Lipschitz constant sqrt(4 + 0.25), attained at x_1 = 0
    f = lambda X: np.sin(2 * X[:, 0]) + 0.5 * X[:, 1]
    lo = lipschitz_lower_bound_search(f, dim=2, rng=np.random.default_rng(4), samples=500)
    assert np.sqrt(4.25) * 0.999 <= lo.value <= np.sqrt(4.25) * (1 + 1e-8)
    assert isinstance(lo, LipschitzEstimate) and lo.kind == "lower"


f_ok = lambda X: X[:, 0]
RNG = np.random.default_rng(0)
INVALID = [
    (linear_lipschitz, dict(A=np.ones((2, 2, 2))), "A"),
    (linear_lipschitz, dict(A=[[np.nan, 1.0]]), "A"),
    (linear_lipschitz, dict(A="abc"), "A"),
    (linear_lipschitz, dict(A=np.zeros((0, 3))), "A"),
    (network_lipschitz_upper, dict(weights=[]), "weights"),
    (network_lipschitz_upper, dict(weights=[np.ones((2, 3)), np.ones((2, 3))]), "weights"),
    (network_lipschitz_upper, dict(weights=np.ones((2, 2))), "weights"),
    (two_layer_lipschitz_upper, dict(W=np.ones((3, 2)), b=None, a=np.ones(2)), "a"),
    (two_layer_lipschitz_upper, dict(W=np.ones((3, 2)), b=np.ones(2), a=np.ones(3)), "b"),
    (two_layer_lipschitz_upper, dict(W=np.ones(3), b=None, a=np.ones(3)), "W"),
    (
        two_layer_lipschitz_upper,
        dict(W=np.ones((3, 2)), b=None, a=np.ones(3), max_enumerate=-1),
        "max_enumerate",
    ),
    (exact_lipschitz_two_layer_small, dict(W=np.ones((3, 2)), b=None, a=np.ones(3)), "b"),
    (exact_lipschitz_two_layer_small, dict(W=np.ones((13, 2)), b=np.ones(13), a=np.ones(13)), "max_width"),
    (
        exact_lipschitz_two_layer_small,
        dict(W=np.ones((3, 2)), b=np.ones(3), a=np.ones(3), bounds=(1, 0)),
        "bounds",
    ),
    (exact_lipschitz_two_layer_small, dict(W=np.ones((3, 2)), b=np.ones(3), a=np.ones(3), tol=0.0), "tol"),
    (lipschitz_lower_bound_search, dict(f=1.0, dim=1, rng=RNG), "f"),
    (lipschitz_lower_bound_search, dict(f=f_ok, grad=3, dim=1, rng=RNG), "grad"),
    (lipschitz_lower_bound_search, dict(f=f_ok, dim=0, rng=RNG), "dim"),
    (lipschitz_lower_bound_search, dict(f=f_ok, dim=1, rng=0), "rng"),
    (lipschitz_lower_bound_search, dict(f=f_ok, dim=1, rng=RNG, samples=1), "samples"),
    (lipschitz_lower_bound_search, dict(f=f_ok, dim=1, rng=RNG, scale=float("nan")), "scale"),
    (lipschitz_lower_bound_search, dict(f=f_ok, dim=1, rng=RNG, fd_step=-1.0), "fd_step"),
    (lipschitz_lower_bound_search, dict(f=f_ok, dim=1, rng=RNG, project="x"), "project"),
    (lipschitz_lower_bound_search, dict(f=lambda X: X, dim=2, rng=RNG), "f must map"),
    (lipschitz_lower_bound_search, dict(f=f_ok, grad=lambda X: X[:, 0], dim=2, rng=RNG), "grad"),
]


@pytest.mark.parametrize(
    "fn,kwargs,name", INVALID, ids=[f"{r[0].__name__}-{r[2]}-{i}" for i, r in enumerate(INVALID)]
)
def test_invalid_inputs(fn, kwargs, name):
    with pytest.raises((InvalidParameter, TypeError), match=name):
        fn(**kwargs)
