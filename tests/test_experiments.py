"""Tests of isoper.experiments at tiny sizes: sane data, certified bounds in order, interpolation, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from isoper import InvalidParameter
from isoper.experiments import (
    Crossing,
    LipschitzCurve,
    SensitivityResult,
    TightInterpolants,
    lipschitz_vs_parameters,
    plot_lipschitz_vs_parameters,
    plot_random_features_vs_ntk,
    plot_tight_interpolants,
    random_features_vs_ntk,
    sphere_lipschitz_search,
    tight_interpolants,
)
from isoper.models import sample_sphere

TINY = {"n": 20, "d": 6, "search_samples": 200, "search_steps": 10}


@pytest.mark.parametrize("measure", ["sphere", "gaussian"])
@pytest.mark.parametrize("model", ["random_features", "ntk", "two_layer"])
def test_lipschitz_vs_parameters_is_sane(measure, model):
    widths = (8, 16) if model == "ntk" else (60, 120)
    r = lipschitz_vs_parameters(measure=measure, model=model, widths=widths, seed=1, **TINY)
    assert isinstance(r, LipschitzCurve)
    m = len(widths)
    for arr in (r.p, r.train_mse, r.lower, r.upper, r.law, r.heuristic, r.W, r.J):
        assert arr.shape == (m,)
    assert np.all(np.isfinite(r.lower)) and np.all(r.lower > 0)
    assert np.all(r.train_mse < 1e-12)  # p > n: interpolation
    assert np.all(np.isfinite(r.upper))  # every default activation has a proved upper bound
    assert np.all(r.lower <= r.upper * (1 + 1e-9))
    assert np.all(np.isfinite(r.law)) and np.all(r.law > 0)
    assert np.allclose(r.heuristic, r.eps * np.sqrt(r.n * r.d / r.p))
    assert math.isfinite(r.slope) and math.isfinite(r.law_slope)
    assert -0.6 < r.law_slope < -0.4
    assert isinstance(r.crossing_law, Crossing) and isinstance(r.crossing_heuristic, Crossing)
    assert not r.hypothesis_2_holds and any("hypothesis (2)" in note for note in r.notes)
    assert r.sigma2 == 1.0 and 0 < r.eps < 1
    expected_p = [r.d * k for k in widths] if model == "ntk" else list(widths)
    assert r.p.tolist() == expected_p


def test_lipschitz_vs_parameters_witness_attains_lower_bound():
    r = lipschitz_vs_parameters(widths=(40, 80), seed=2, **TINY)
    for (a, b), v in zip(r.witnesses, r.lower):
        assert np.isclose(np.linalg.norm(a), 1.0) and np.isclose(np.linalg.norm(b), 1.0)  # sphere points
        assert v > 0


def test_lipschitz_vs_parameters_is_reproducible_and_noise_sets_sigma2():
    a = lipschitz_vs_parameters(widths=(40, 80), seed=3, noise=0.5, **TINY)
    b = lipschitz_vs_parameters(widths=(40, 80), seed=3, noise=0.5, **TINY)
    assert np.array_equal(a.lower, b.lower) and np.array_equal(a.law, b.law)
    assert a.sigma2 == pytest.approx(0.75)


def test_lipschitz_vs_parameters_underparametrised_has_no_law():
    r = lipschitz_vs_parameters(widths=(5, 60), seed=0, noise=1.0, eps=0.5, **TINY)
    assert r.train_mse[0] > 0.5  # 5 features cannot fit 20 random labels below sigma^2 - eps
    assert np.isnan(r.law[0]) and np.isfinite(r.law[1])


def test_crossing_within_range():
    from isoper.experiments import _crossing

    p = np.array([1.0, 10.0, 100.0])
    c = _crossing(p, np.array([4.0, 1.0, 0.25]), np.ones(3))
    assert c.within_range and 1 < c.p < 100
    c2 = _crossing(p, np.array([10.0, 5.0, 2.5]), np.array([1.0, 0.1, 0.01]))
    assert not c2.within_range and c2.p is not None and c2.p < 1 and "widens" in c2.note


def test_random_features_vs_ntk_is_sane():
    r = random_features_vs_ntk(d=8, N=6, rf_widths=(12, 30), ntk_widths=(2, 6), activations=("quadratic", "tanh"),
                               seed=0, trials=2, test_points=4)
    assert isinstance(r, SensitivityResult)
    assert r.S_rf.shape == (2, 2, 2) and r.S_ntk.shape == (2, 2, 2)
    assert np.all(np.isfinite(r.S_rf)) and np.all(r.S_rf > 0) and np.all(np.isfinite(r.S_ntk))
    assert np.all(r.residual_rf < 1e-6) and np.all(r.residual_ntk < 1e-6)
    assert r.p_ntk.tolist() == [16.0, 48.0]
    assert np.allclose(r.law_rf, np.sqrt(6 * 8 / np.array([12, 30])))
    rows = r.summary()
    assert len(rows) == 8 and all(row["S_min"] <= row["S_mean"] <= row["S_max"] for row in rows)
    assert "paper" in r.scaled


def test_tight_interpolants_is_sane():
    r = tight_interpolants(n=8, d=300, seed=0, search_samples=300, search_steps=10)
    assert isinstance(r, TightInterpolants)
    assert r.bump.n_params == 8 * 301 and r.cap_ramp.n_params == 2 * 8 * 302
    for it in (r.bump, r.cap_ramp):
        assert it.interpolation_error < 1e-12
        assert 0 < it.lower <= it.upper * (1 + 1e-9)
        assert it.law > 0 and it.heuristic > 0
        assert it.lower < 10  # O(1), against sqrt(n) for overlapping supports
    assert r.caps_disjoint and r.cap_ramp.upper == pytest.approx(math.sqrt(7), rel=1e-8)
    assert r.cap_ramp.lower >= 0.9 * math.sqrt(7)  # the search reaches the cap edge
    assert r.cap_ramp.upper_rd >= 4  # on R^d one ramp is already 1/s-Lipschitz
    assert r.bump.upper == pytest.approx(2 / r.min_distance)


def test_sphere_search_points_on_sphere():
    rng = np.random.default_rng(0)
    a = np.array([3.0, 0.0, 0.0, 0.0])
    est = sphere_lipschitz_search(lambda Z: Z @ a, lambda Z: np.tile(a, (len(Z), 1)), dim=4, rng=rng,
                                  samples=100, steps=5)
    assert 0 < est.value <= 3.0 * (1 + 1e-9)
    assert all(np.isclose(np.linalg.norm(w), 1.0) for w in est.witness)


def test_plots_return_axes():
    plt = pytest.importorskip("matplotlib.pyplot")
    try:
        r = lipschitz_vs_parameters(widths=(40, 80), seed=0, **TINY)
        assert hasattr(plot_lipschitz_vs_parameters(r), "loglog")
        s = random_features_vs_ntk(d=6, N=5, rf_widths=(10, 20), ntk_widths=(2, 4), activations=("tanh",),
                                   trials=2, test_points=2)
        assert hasattr(plot_random_features_vs_ntk(s), "loglog")
        t = tight_interpolants(n=4, d=200, search_samples=100, search_steps=2)
        _, ax = plt.subplots()
        assert plot_tight_interpolants(t, ax=ax) is ax
        with pytest.raises(TypeError, match="result"):
            plot_tight_interpolants(r)
    finally:
        plt.close("all")


BAD = [
    (lipschitz_vs_parameters, {"measure": "cube"}, InvalidParameter, "measure"),
    (lipschitz_vs_parameters, {"measure": 3}, TypeError, "measure"),
    (lipschitz_vs_parameters, {"model": "mlp"}, InvalidParameter, "model"),
    (lipschitz_vs_parameters, {"n": 1}, InvalidParameter, "n"),
    (lipschitz_vs_parameters, {"d": 2.5}, TypeError, "d"),
    (lipschitz_vs_parameters, {"widths": (10,)}, InvalidParameter, "widths"),
    (lipschitz_vs_parameters, {"widths": (10, 0)}, InvalidParameter, "widths"),
    (lipschitz_vs_parameters, {"widths": "10"}, TypeError, "widths"),
    (lipschitz_vs_parameters, {"noise": 0.0}, InvalidParameter, "noise"),
    (lipschitz_vs_parameters, {"noise": float("nan")}, InvalidParameter, "noise"),
    (lipschitz_vs_parameters, {"seed": -1}, InvalidParameter, "seed"),
    (lipschitz_vs_parameters, {"seed": None}, TypeError, "seed"),
    (lipschitz_vs_parameters, {"eps": 1.0}, InvalidParameter, "eps"),
    (lipschitz_vs_parameters, {"delta": 0.0}, InvalidParameter, "delta"),
    (lipschitz_vs_parameters, {"constants": "best"}, InvalidParameter, "constants"),
    (lipschitz_vs_parameters, {"activation": "sigmoid"}, InvalidParameter, "activation"),
    (lipschitz_vs_parameters, {"model": "two_layer", "activation": "tanh"}, InvalidParameter, "activation"),
    (random_features_vs_ntk, {"d": 0}, InvalidParameter, "d"),
    (random_features_vs_ntk, {"N": True}, TypeError, "N"),
    (random_features_vs_ntk, {"rf_widths": ()}, InvalidParameter, "rf_widths"),
    (random_features_vs_ntk, {"ntk_widths": (4, 4)}, InvalidParameter, "ntk_widths"),
    (random_features_vs_ntk, {"activations": "tanh"}, TypeError, "activations"),
    (random_features_vs_ntk, {"activations": ("erf",)}, InvalidParameter, "activations"),
    (random_features_vs_ntk, {"trials": 0}, InvalidParameter, "trials"),
    (random_features_vs_ntk, {"test_points": 0}, InvalidParameter, "test_points"),
    (tight_interpolants, {"n": 1}, InvalidParameter, "n"),
    (tight_interpolants, {"s": 1.0}, InvalidParameter, "s"),
    (tight_interpolants, {"eps": 0}, InvalidParameter, "eps"),
    (tight_interpolants, {"max_draws": 0}, InvalidParameter, "max_draws"),
    (tight_interpolants, {"n": 50, "d": 3, "max_draws": 1}, InvalidParameter, "increase d"),
]


@pytest.mark.parametrize("fn, kwargs, exc, name", BAD, ids=[f"{f.__name__}-{next(iter(k))}" for f, k, _, _ in BAD])
def test_bad_input_rejected(fn, kwargs, exc, name):
    with pytest.raises(exc, match=name):
        fn(**kwargs)


def test_sphere_search_rejects_bad_centers():
    with pytest.raises(InvalidParameter, match="centers"):
        sphere_lipschitz_search(lambda Z: Z[:, 0], None, dim=3, rng=np.random.default_rng(0),
                                centers=sample_sphere(2, 4, rng=np.random.default_rng(0)))
