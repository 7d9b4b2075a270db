"""Tests of isoper.models: feature maps, minimum-norm fits, and the tightness interpolants (with their
findings)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from isoper import InvalidParameter
from isoper.lipschitz import lipschitz_lower_bound_search
from isoper.models import (
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


def fd_gradient(f, X, h=1e-6):
    G = np.zeros_like(X)
    for j in range(X.shape[1]):
        E = np.zeros_like(X)
        E[:, j] = h
        G[:, j] = (f(X + E) - f(X - E)) / (2 * h)
    return G


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivatives(name):
    act = ACTIVATIONS[name]
    z = np.linspace(-3, 3, 13) + 0.01  # avoid the ReLU kink
    h = 1e-6
    assert np.allclose((act.phi(z + h) - act.phi(z - h)) / (2 * h), act.dphi(z), atol=1e-7)
    assert np.allclose((act.dphi(z + h) - act.dphi(z - h)) / (2 * h), act.d2phi(z), atol=1e-6)


@pytest.mark.parametrize("activation", ["tanh", "softplus", "cos", "quadratic"])
def test_feature_shapes_and_input_gradients(activation):
    rng = np.random.default_rng(0)
    d, k, N = 5, 7, 4
    X = rng.standard_normal((N, d))
    rf = RandomFeatures.sample(d, k, rng=rng, activation=activation)
    assert rf.features(X).shape == (N, k) and rf.n_params == k
    th = rng.standard_normal(k)
    assert np.allclose(rf.input_gradient(X, th), fd_gradient(lambda Z: rf.predict(Z, th), X), atol=1e-6)
    ntk = NTKFeatures.sample(d, k, rng=rng, activation=activation)
    Phi = ntk.features(X)
    assert Phi.shape == (N, d * k) and ntk.n_params == d * k
    # row i is x_i (x) phi'(W^T x_i): entry (j, l) at index j k + l
    D = ACTIVATIONS[activation].dphi(X @ ntk.W)
    assert Phi[1, 2 * k + 3] == pytest.approx(X[1, 2] * D[1, 3])
    th = rng.standard_normal(d * k)
    assert np.allclose(ntk.input_gradient(X, th), fd_gradient(lambda Z: ntk.predict(Z, th), X), atol=1e-6)


def test_two_layer_relu_forward_gradient_and_bound():
    rng = np.random.default_rng(1)
    net = TwoLayerReLU.sample(4, 6, rng=rng)
    X = rng.standard_normal((5, 4))
    assert np.allclose(net.input_gradient(X), fd_gradient(net.forward, X), atol=1e-6)
    assert net.n_params == 6 * 4 + 12
    up = net.lipschitz_upper()
    lo = lipschitz_lower_bound_search(net.forward, net.input_gradient, dim=4, rng=rng, samples=300, steps=10)
    assert lo.value <= up.value


def test_min_norm_fit_underdetermined_matches_pinv():
    rng = np.random.default_rng(2)
    Phi, y = rng.standard_normal((20, 60)), rng.standard_normal(20)
    fit = min_norm_fit(Phi, y)
    assert fit.method == "cholesky" and fit.rank == 20 and fit.relative_residual < 1e-12
    assert np.allclose(fit.theta, np.linalg.pinv(Phi) @ y, atol=1e-10)


def test_min_norm_fit_falls_back_on_rank_deficient_and_overdetermined():
    rng = np.random.default_rng(3)
    B = rng.standard_normal((20, 5))
    Phi = B @ rng.standard_normal((5, 60))  # rank 5 < N = 20 < p = 60
    y = Phi @ rng.standard_normal(60)
    fit = min_norm_fit(Phi, y)
    assert fit.method == "lstsq-gelsd" and fit.rank == 5 and fit.relative_residual < 1e-8
    assert np.allclose(fit.theta, np.linalg.pinv(Phi) @ y, atol=1e-8)
    Phi2, y2 = rng.standard_normal((50, 10)), rng.standard_normal(50)
    fit2 = min_norm_fit(Phi2, y2)
    assert fit2.method == "lstsq-gelsd" and fit2.residual > 0  # least squares, not interpolation
    assert np.allclose(fit2.theta, np.linalg.lstsq(Phi2, y2, rcond=None)[0])


def test_bkm_style_rf_and_ntk_fits_interpolate():
    rng = np.random.default_rng(4)
    N, d = 30, 20
    X, y = rng.standard_normal((N, d)), rng.standard_normal(N)
    rf = RandomFeatures.sample(d, 200, rng=rng, activation="tanh")
    ntk = NTKFeatures.sample(d, 10, rng=rng, activation="quadratic")
    for model in (rf, ntk):
        fit = min_norm_fit(model.features(X), y)
        assert fit.relative_residual < 1e-8
        assert np.allclose(model.predict(X, fit.theta), y, atol=1e-7)


def test_sphere_helpers():
    rng = np.random.default_rng(5)
    X = sample_sphere(50, 8, rng=rng)
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0)
    # on the unit sphere ||x - y||^2 = 2 - 2 <x, y>
    assert min_pairwise_distance(X) == pytest.approx(math.sqrt(2 - 2 * max_inner_product(X)), rel=1e-9)


def far_apart_sphere_points(n, d, rng, min_dist=1.0):
    """Greedy selection of unit vectors at pairwise distance >= min_dist (Remark 1.1's setting)."""
    P = sample_sphere(20 * n, d, rng=rng)
    keep = [P[0]]
    for x in P[1:]:
        if len(keep) == n:
            break
        if np.min(np.linalg.norm(np.asarray(keep) - x, axis=1)) >= min_dist:
            keep.append(x)
    return np.asarray(keep)


def test_bump_interpolant_radius_half_is_two_lipschitz():
    rng = np.random.default_rng(6)
    X = far_apart_sphere_points(60, 10, rng)
    y = rng.uniform(-1, 1, len(X))
    f = bump_interpolant(X, y, radius=0.5)
    assert f.n_params == len(X) * 11
    assert np.allclose(f.forward(X), y, atol=0)
    assert f.supports_disjoint
    up = f.lipschitz_upper()
    assert up.kind == "exact" and up.value == pytest.approx(2 * np.max(np.abs(y)))
    # sampled lower bound near the centres reaches the exact value and never exceeds it
    i = int(np.argmax(np.abs(y)))
    sampler = lambda r, N: X[i] + 0.4 * sample_sphere(N, 10, rng=r) * r.uniform(0, 1, (N, 1))
    lo = lipschitz_lower_bound_search(
        f.forward, f.input_gradient, dim=10, rng=rng, sampler=sampler, samples=300
    )
    assert 0.999 * up.value <= lo.value <= up.value * (1 + 1e-8)
    assert bump_interpolant(X, y).radius == pytest.approx(min_pairwise_distance(X) / 2)


def test_bump_interpolant_radius_one_as_in_remark_1_1_is_not_O1_lipschitz():
    # Remark 1.1: unit-sphere data with pairwise distances >= 1, bumps vanishing for r >= 1. Interpolation
    # holds,
    # but every support reaches the origin: near x = t u about half of the bumps are active and the gradient
    # tends
    # to sum_{<x_i, u> > 0} y_i x_i, of norm ~ (n / 2) sqrt(2 / (pi d)) for labels y_i = sign <x_i, u>.
    rng = np.random.default_rng(7)
    d = 30
    X = far_apart_sphere_points(400, d, rng)
    assert min_pairwise_distance(X) >= 1.0
    u = np.eye(d)[0]
    y = np.where(X @ u > 0, 1.0, -1.0)
    f = bump_interpolant(X, y, radius=1.0)
    assert np.allclose(f.forward(X), y, atol=0) and not f.supports_disjoint
    x0, h = 1e-2 * u, 1e-4
    quotient = abs(f.forward((x0 + h * u)[None])[0] - f.forward((x0 - h * u)[None])[0]) / (2 * h)
    assert quotient > 20  # an explicit pair: Lip(f) > 20, against 2 for radius 1/2
    assert quotient <= f.lipschitz_upper().value


def cap_sampler(X, s, spread=1.2):
    """Points of the sphere near the caps {<x_i, x> > 1 - s}: angle up to spread * arccos(1 - s) from a
    centre."""
    theta0 = math.acos(1 - s)

    def sample(rng, N):
        C = X[rng.integers(len(X), size=N)]
        T = rng.standard_normal(C.shape)
        T -= np.sum(T * C, axis=1, keepdims=True) * C
        T /= np.linalg.norm(T, axis=1, keepdims=True)
        ang = rng.uniform(0, spread * theta0, (N, 1))
        return np.cos(ang) * C + np.sin(ang) * T

    return sample


def sphere_lower_bound(net, X, s, rng, **kw):
    d = X.shape[1]

    def tangential(Z):
        G = net.input_gradient(Z)
        return G - np.sum(G * Z, axis=1, keepdims=True) * Z

    proj = lambda Z: Z / np.linalg.norm(Z, axis=1, keepdims=True)
    return lipschitz_lower_bound_search(
        net.forward, tangential, dim=d, rng=rng, sampler=cap_sampler(X, s), project=proj, **kw
    )


def test_cap_ramp_interpolates_and_single_ramp_is_sqrt7_on_the_sphere():
    rng = np.random.default_rng(8)
    s = 0.25
    X = sample_sphere(1, 5, rng=rng)
    net = cap_ramp_interpolant(X, np.array([1.0]), s=s)
    lo = sphere_lower_bound(net, X, s, rng, samples=2000, steps=60)
    claimed = math.sqrt((2 - s) / s)
    assert claimed == pytest.approx(math.sqrt(7))
    assert 0.999 * claimed <= lo.value <= claimed * (1 + 1e-6)
    assert np.allclose(np.linalg.norm(lo.witness[0]), 1) and np.allclose(np.linalg.norm(lo.witness[1]), 1)
    # on R^d the same ramp is 1/s = 4 Lipschitz (gradient x_i / s), exactly the certified pattern bound
    lo_rd = lipschitz_lower_bound_search(net.forward, net.input_gradient, dim=5, rng=rng, samples=500)
    assert lo_rd.value == pytest.approx(1 / s, rel=1e-6) and lo_rd.value > math.sqrt(7)
    assert net.lipschitz_upper().value == pytest.approx(1 / s, rel=1e-9)


def test_cap_ramp_many_points():
    rng = np.random.default_rng(9)
    s, n, d = 0.25, 20, 2000
    X = sample_sphere(n, d, rng=rng)
    y = rng.choice([-1.0, 1.0], n)
    assert max_inner_product(X) <= 2 * (1 - s) ** 2 - 1  # caps pairwise disjoint (angle >= 2 arccos(1 - s))
    net = cap_ramp_interpolant(X, y, s=s)
    assert np.allclose(net.forward(X), y, atol=1e-12)
    lo = sphere_lower_bound(net, X, s, rng, samples=400, steps=30)
    assert (
        0.99 * math.sqrt(7) <= lo.value <= math.sqrt(7) * (1 + 1e-6)
    )  # consistent with sqrt 7 on the sphere
    # off the sphere: at v with <x_i, v> = 1 - s/2 for all i every ramp is active and grad f = (1/s) sum_i
    # y_i x_i
    v = np.linalg.lstsq(X, np.full(n, 1 - s / 2), rcond=None)[0]
    g = net.input_gradient(v[None])[0]
    assert np.linalg.norm(g) == pytest.approx(np.linalg.norm(y @ X) / s, rel=1e-9)
    assert np.linalg.norm(g) > 4 * math.sqrt(n) * 0.9  # ~ 4 sqrt(n): not O(1) on R^d


def test_cap_ramp_overlapping_caps_exceed_sqrt7_on_the_sphere():
    # <x_1, x_2> = 0.7 <= 1 - s satisfies the interpolation condition but the caps overlap
    x1 = np.array([1.0, 0.0, 0.0])
    x2 = np.array([0.7, math.sqrt(1 - 0.49), 0.0])
    X = np.stack([x1, x2])
    net = cap_ramp_interpolant(X, np.array([1.0, -1.0]))
    assert np.allclose(net.forward(X), [1.0, -1.0])
    lo = sphere_lower_bound(net, X, 0.25, np.random.default_rng(10), samples=2000, steps=100)
    assert lo.value > 3.0 > math.sqrt(7)


RNG = np.random.default_rng(0)
INVALID = [
    (RandomFeatures.sample, dict(d=0, k=3, rng=RNG), "d"),
    (RandomFeatures.sample, dict(d=3, k=2.5, rng=RNG), "k"),
    (RandomFeatures.sample, dict(d=3, k=2, rng=1), "rng"),
    (RandomFeatures.sample, dict(d=3, k=2, rng=RNG, activation="sigmoid"), "activation"),
    (RandomFeatures, dict(W=np.ones((2, 2)), activation=3), "activation"),
    (NTKFeatures, dict(W=np.full((2, 2), np.nan), activation="tanh"), "W"),
    (lambda **kw: RandomFeatures.sample(3, 2, rng=RNG).features(**kw), dict(X=np.ones((4, 5))), "X"),
    (
        lambda **kw: NTKFeatures.sample(3, 2, rng=RNG).predict(np.ones((1, 3)), **kw),
        dict(theta=np.ones(5)),
        "theta",
    ),
    (TwoLayerReLU, dict(W=np.ones((3, 2)), b=np.ones(2), a=np.ones(3)), "b"),
    (TwoLayerReLU, dict(W=np.ones((3, 2)), b=np.ones(3), a=np.ones((3, 1))), "a"),
    (min_norm_fit, dict(Phi=np.ones((3, 4)), y=np.ones(4)), "y"),
    (min_norm_fit, dict(Phi=np.ones(3), y=np.ones(3)), "Phi"),
    (min_norm_fit, dict(Phi=np.ones((3, 4)), y=np.ones(3), rcond=-1.0), "rcond"),
    (sample_sphere, dict(n=0, d=3, rng=RNG), "n"),
    (sample_sphere, dict(n=True, d=3, rng=RNG), "n"),
    (max_inner_product, dict(X=np.ones((1, 3))), "X"),
    (min_pairwise_distance, dict(X=[[1.0, np.inf], [0.0, 0.0]]), "X"),
    (bump_interpolant, dict(X=np.eye(3), y=np.ones(3), radius=2.0), "radius"),
    (bump_interpolant, dict(X=np.eye(3), y=np.ones(3), radius=0.0), "radius"),
    (bump_interpolant, dict(X=np.eye(3), y=np.ones(2)), "y"),
    (bump_interpolant, dict(X=np.zeros((2, 3)), y=np.ones(2)), "X"),
    (cap_ramp_interpolant, dict(X=np.eye(3), y=np.ones(3), s=1.0), "s"),
    (cap_ramp_interpolant, dict(X=2 * np.eye(3), y=np.ones(3)), "X"),
    (cap_ramp_interpolant, dict(X=np.array([[1.0, 0.0], [0.8, 0.6]]), y=np.ones(2)), "separation"),
    (cap_ramp_interpolant, dict(X=np.eye(3), y=np.ones(3), check=1), "check"),
]


@pytest.mark.parametrize("fn,kwargs,name", INVALID, ids=[f"{r[2]}-{i}" for i, r in enumerate(INVALID)])
def test_invalid_inputs(fn, kwargs, name):
    with pytest.raises((InvalidParameter, TypeError), match=name):
        fn(**kwargs)
