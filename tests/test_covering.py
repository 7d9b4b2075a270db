"""Tests of isoper.covering: bounds against exact and literature values, nets, discretisation, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from isoper import InvalidParameter
from isoper import covering as cov

FAST = settings(max_examples=60, deadline=None)

# ---------------------------------------------------------------------------------------------- strategies

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)


@st.composite
def ball_cases(draw: st.DrawFn, max_dim: int = 50) -> tuple[int, float, float]:
    """(dim, radius, eta) with eta/radius spread over [1e-3, 1e3], a share of it exactly at eta = radius."""
    dim = draw(st.integers(min_value=1, max_value=max_dim))
    radius = draw(positive)
    eta = draw(st.one_of(st.just(radius), st.builds(lambda s: radius * s, positive)))
    return dim, radius, eta


# ---------------------------------------------------------------------------------------------- 1. bounds


@FAST
@given(radius=positive, eta=positive)
def test_bounds_bracket_exact_interval_numbers(radius: float, eta: float) -> None:
    exact = cov.interval_covering_number(radius=radius, eta=eta)
    lo, hi = cov.ball_covering_bounds(dim=1, radius=radius, eta=eta)
    assert lo <= exact <= hi
    assert cov.ball_packing_bounds(dim=1, radius=radius, eta=eta)[1] >= exact
    llo, lhi = cov.ball_covering_bounds(dim=1, radius=radius, eta=eta, log=True)
    assert math.isclose(math.exp(llo), lo, rel_tol=1e-12) and math.isclose(math.exp(lhi), hi, rel_tol=1e-12)


def test_interval_covering_number_is_exact_rational() -> None:
    assert cov.interval_covering_number(radius=0.3, eta=0.1) == 3  # 0.3/0.1 is 2.9999999999999996 in floats
    assert cov.interval_covering_number(radius=1.0, eta=2.0) == 1
    assert cov.interval_covering_number(radius=1.0, eta=0.25) == 4


@FAST
@given(case=ball_cases())
def test_bound_ordering_and_logs(case: tuple[int, float, float]) -> None:
    dim, radius, eta = case
    llo, lhi = cov.ball_covering_bounds(dim=dim, radius=radius, eta=eta, log=True)
    assert 0.0 <= llo <= lhi
    if eta >= radius:
        assert (llo, lhi) == (0.0, 0.0)
    assert cov.set_covering_upper_bound(dim=dim, diameter=radius, eta=eta, log=True, method="isodiametric") <= (
        cov.set_covering_upper_bound(dim=dim, diameter=radius, eta=eta, log=True)
    )
    ext = cov.set_covering_upper_bound(dim=dim, diameter=radius, eta=eta, log=True, internal=False)
    assert ext <= cov.set_covering_upper_bound(dim=dim, diameter=radius, eta=eta, log=True) + 1e-9


def test_huge_dimension_in_log_space() -> None:
    lo, hi = cov.ball_covering_bounds(dim=10**9, radius=1.0, eta=0.5, log=True)
    assert lo == pytest.approx(1e9 * math.log(2)) and hi == pytest.approx(1e9 * math.log(5))
    assert cov.set_covering_upper_bound(dim=10**9, diameter=1.0, eta=0.1, log=True) == pytest.approx(1e9 * math.log(21))
    with pytest.raises(OverflowError, match="log=True"):
        cov.ball_covering_bounds(dim=10**9, radius=1.0, eta=0.5)


def test_symbolic_forms_match_numbers() -> None:
    vals = {cov.p: 3, cov.r: sp.Rational(2), cov.eta: sp.Rational(1, 2), cov.W: sp.Rational(2)}
    lo, hi = cov.ball_covering_bounds(dim=3, radius=2.0, eta=0.5)
    assert float(cov.ball_covering_lower_expr().subs(vals)) == lo == 64
    assert float(cov.ball_covering_upper_expr().subs(vals)) == hi == 729
    assert float(cov.set_covering_upper_expr(method="isodiametric").subs(vals)) == 125
    assert cov.ball_covering_upper_expr().subs({cov.r: 1, cov.eta: 2}) == 1
    ext = cov.set_covering_upper_expr(internal=False).subs(vals)
    assert float(ext) == pytest.approx(cov.set_covering_upper_bound(dim=3, diameter=2.0, eta=0.5, internal=False))


# Unit disk: (eta, N(unit disk, eta)) from the tabulated optimal radii r_1..r_7.
DISK_CASES = [(0.5, 7), (0.55, 7), (0.556, 6), (0.6, 6), (0.61, 5), (0.7, 5), (0.71, 4), (0.86, 4), (0.87, 3),
              (0.99, 3), (1.0, 1), (1.5, 1)]


@pytest.mark.parametrize(("eta", "n"), DISK_CASES)
def test_bounds_bracket_disk_covering_numbers(eta: float, n: int) -> None:
    assert cov.disk_covering_number(eta) == n
    lo, hi = cov.ball_covering_bounds(dim=2, radius=1.0, eta=eta)
    assert lo <= n <= hi


def _polygon_chord_config(n: int, center: bool = False) -> np.ndarray:
    """Centres at the chord midpoints of a regular n-gon inscribed in the unit circle (plus the origin)."""
    t = 2 * np.pi * (np.arange(n) + 0.5) / n
    pts = math.cos(math.pi / n) * np.stack([np.cos(t), np.sin(t)], axis=1)
    return np.vstack([pts, np.zeros((1, 2))]) if center else pts


@pytest.mark.parametrize(("n", "config"), [(3, _polygon_chord_config(3)), (4, _polygon_chord_config(4)),
                                           (7, _polygon_chord_config(6, center=True))])
def test_elementary_disk_radii_verified(n: int, config: np.ndarray) -> None:
    rn = cov.DISK_COVERING_RADII[n]
    step = 2e-3
    lower, upper = cov.ball_covering_radius(config, radius=1.0, step=step)
    # the explicit configuration covers at radius r_n (certified up to the lattice slack) ...
    assert lower <= rn + 1e-12 and upper <= rn + step
    # ... and for n = 3, 4 the boundary-arc bound r_n >= sin(pi/n) shows it is optimal
    if n in (3, 4):
        assert rn == pytest.approx(math.sin(math.pi / n), abs=1e-15)


def test_ball_covering_radius_brackets_a_known_radius() -> None:
    lower, upper = cov.ball_covering_radius(np.zeros((1, 3)), radius=2.0, step=0.1)
    assert lower <= 2.0 <= upper <= 2.0 + 0.1 * math.sqrt(3) / 2 + 1e-9


# ---------------------------------------------------------------------------------------------- wrong variants
# A wrong bound is "caught" when a computable or proved truth contradicts it. Findings:
#  * exponent p - 1 in the upper bound: caught by the disk value N(0.5) = 7 > 5, by p = 1 intervals, and by the
#    proved volumetric lower bound.
#  * lower bound (2r/eta)^p (radius/diameter confusion): caught by a certified greedy net smaller than it.
#  * "M(eta) <= N(eta)" (relation reversed): caught by a greedy packing of an interval.
#  * (1 + r/eta)^p as an upper bound on the PACKING number of B_r: caught by greedy packings of the disk.
#  * (1 + r/eta)^p as an upper bound on the COVERING number of B_r: NOT caught here. It exceeds every tabulated disk
#    value (n <= 7), every computable lower bound we have ((r/eta)^p volumetric, M(2 eta) packings) stays below it,
#    and in p = 1 ceil(r/eta) <= 1 + r/eta always. It is false for p = 2 and eta < ~0.0996 only through Kershner /
#    Fejes Toth's asymptotic covering density 2 pi / sqrt(27), which we cite but do not compute.
#  * (1 + W/eta)^p for a set of DIAMETER W is not wrong at all: it is the isodiametric bound (module docstring).


def test_wrong_exponent_is_caught() -> None:
    def wrong(dim: int, radius: float, eta: float) -> float:
        return (1 + 2 * radius / eta) ** (dim - 1)

    assert wrong(2, 1.0, 0.5) < cov.disk_covering_number(0.5)  # 5 < 7
    assert wrong(1, 1.0, 0.3) < cov.interval_covering_number(radius=1.0, eta=0.3)  # 1 < 4
    assert wrong(3, 1.0, 0.05) < cov.ball_covering_bounds(dim=3, radius=1.0, eta=0.05)[0]  # 1681 < 8000


def test_wrong_lower_bound_is_caught_by_certified_net() -> None:
    res = cov.sample_ball_net(dim=2, radius=1.0, eta=0.5, net_eta=0.47, samples=4000,
                              rng=np.random.default_rng(4))
    assert res.certified  # a proved 0.5-net of the disk
    assert res.net.size < (2 * 1.0 / 0.5) ** 2  # so N(0.5) <= size < 16: the bound (2r/eta)^p is false
    assert res.net.size >= cov.ball_covering_bounds(dim=2, radius=1.0, eta=0.5)[0]


def test_reversed_packing_relation_is_caught() -> None:
    x = np.linspace(-1.0, 1.0, 2001)[:, None]
    packing = cov.greedy_net(x, 0.5)  # eta-separated, so its size is <= M(0.5)
    assert packing.size > cov.interval_covering_number(radius=1.0, eta=0.5)  # M(0.5) > N(0.5) = 2


def test_half_radius_bound_on_packing_is_caught_but_not_on_covering() -> None:
    x = cov.sample_ball(dim=2, radius=1.0, size=20_000, rng=np.random.default_rng(2))
    packing = cov.greedy_net(x, 0.1)
    assert packing.size > (1 + 1.0 / 0.1) ** 2  # ~ 230 separated points > 121
    assert packing.size <= cov.ball_packing_bounds(dim=2, radius=1.0, eta=0.1)[1]
    for eta, n in DISK_CASES:  # the covering-number version survives every tabulated value
        assert (1 + 1.0 / eta) ** 2 >= n


# ---------------------------------------------------------------------------------------------- paper step 1


@pytest.mark.parametrize("method", ["ball", "isodiametric"])
def test_paper_net_size_check(method: str) -> None:
    res = cov.paper_net_size_check(method)  # type: ignore[arg-type]
    assert res.status == "verified"
    assert res.proved_domain == sp.Le(cov.eta, (8 if method == "ball" else 9) * cov.W)
    assert res.holds_domain == sp.Le(cov.eta, 10 * cov.W)
    assert res.paper_bound.subs({cov.W: 6, cov.eta: sp.Rational(1, 10), cov.p: 1}) == 600


@FAST
@given(dim=st.integers(1, 40), W=positive, s=st.floats(1e-3, 20.0))
def test_paper_count_numerically(dim: int, W: float, s: float) -> None:
    eta = W * s
    derived = cov.set_covering_upper_bound(dim=dim, diameter=W, eta=eta, log=True)
    paper = dim * math.log(10 * W / eta)
    assert cov.paper_net_size_holds(W=W, eta=eta) == (eta <= 10 * W)
    if eta <= 10 * W * (1 - 1e-9):
        assert derived <= paper + 1e-9
    elif eta > 10 * W:
        assert paper < 0 == derived  # a net of a non-empty set has >= 1 point > (10 W/eta)^p


def test_regular_simplex_internal_count_and_jung() -> None:
    dim, W = 5, 1.0
    verts = np.eye(dim + 1) / math.sqrt(2)  # p + 1 points, pairwise distance 1, in a p-dim affine subspace
    net = cov.greedy_net(verts, 0.9)
    assert net.size == dim + 1 <= cov.set_covering_upper_bound(dim=dim, diameter=W, eta=0.9, method="isodiametric")
    circumradius = float(np.linalg.norm(verts[0] - verts.mean(axis=0)))
    assert circumradius == pytest.approx(cov.jung_radius(dim=dim, diameter=W))  # Jung is tight for the simplex
    assert cov.set_covering_upper_bound(dim=dim, diameter=W, eta=circumradius + 1e-9, internal=False) == 1.0


# ---------------------------------------------------------------------------------------------- 2. nets


@settings(max_examples=25, deadline=None)
@given(dim=st.integers(1, 5), m=st.integers(1, 400), eta=st.floats(0.01, 2.0), seed=st.integers(0, 2**32 - 1))
def test_greedy_net_covers_and_separates(dim: int, m: int, eta: float, seed: int) -> None:
    x = np.random.default_rng(seed).standard_normal((m, dim))
    net = cov.greedy_net(x, eta)
    d = np.linalg.norm(x - net.centers[net.assignment], axis=1)
    assert d.max() <= eta and net.max_distance == pytest.approx(d.max())
    np.testing.assert_array_equal(net.centers, x[net.indices])
    assert np.all(np.diff(net.indices) > 0) and net.indices[0] == 0
    assert not cKDTree(net.centers).query_pairs(eta)  # eta-separated: every pair farther than eta
    # sequential definition: a point is a centre iff no earlier centre is within eta
    for i in range(m):
        earlier = net.indices[net.indices < i]
        within = earlier.size > 0 and np.linalg.norm(x[earlier] - x[i], axis=1).min() <= eta
        assert (i in set(net.indices.tolist())) == (not within)


def test_greedy_net_duplicates_and_integers() -> None:
    net = cov.greedy_net(np.array([[0, 0], [0, 0], [3, 0]]), 1.0)
    assert net.indices.tolist() == [0, 2] and net.assignment.tolist() == [0, 0, 1]


def test_greedy_net_medium_size_2d() -> None:
    x = np.random.default_rng(3).random((20_000, 2))
    net = cov.greedy_net(x, 0.01)
    assert net.max_distance <= 0.01 and not cKDTree(net.centers).query_pairs(0.01)


@pytest.mark.parametrize("dim", [1, 2, 3, 4])
def test_sample_ball_net_honest_coverage(dim: int) -> None:
    res = cov.sample_ball_net(dim=dim, radius=2.0, eta=1.0, samples=3000, rng=np.random.default_rng(dim))
    lo, hi = res.bounds
    assert 1.0 <= lo <= hi
    assert res.net.size <= cov.ball_packing_bounds(dim=dim, radius=2.0, eta=1.0)[1]
    assert 0.0 <= res.uncovered / res.fresh <= res.uncovered_upper <= 1.0
    if res.radius_bracket is None:
        assert dim == 4 and not res.certified
    else:
        rlo, rhi = res.radius_bracket
        assert rlo <= rhi and res.certified == (rhi <= 1.0)
        if res.certified:
            assert res.uncovered == 0 and lo <= res.net.size


def test_clopper_pearson_upper_when_nothing_uncovered() -> None:
    res = cov.sample_ball_net(dim=1, radius=1.0, eta=2.0, samples=10, fresh=1000, alpha=0.01,
                              rng=np.random.default_rng(0))
    assert res.uncovered == 0 and res.net.size == 1 and res.certified
    assert res.uncovered_upper == pytest.approx(1 - 0.01 ** (1 / 1000))


# ---------------------------------------------------------------------------------------------- 3. discretisation


def _sphere(n: int, d: int, radius: float, rng: np.random.Generator) -> np.ndarray:
    g = rng.standard_normal((n, d))
    return radius * g / np.linalg.norm(g, axis=1, keepdims=True)


@settings(max_examples=15, deadline=None)
@given(d=st.integers(1, 4), R=st.floats(0.1, 10.0), eta=st.floats(0.05, 1.0), seed=st.integers(0, 2**32 - 1))
def test_discretise_linear_maps(d: int, R: float, eta: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    model = cov.LinearMaps(d, R)
    res = cov.discretise(model, eta=eta, params=rng.standard_normal((300, d)), data=_sphere(400, d, R, rng))
    assert res.verdict == "holds" and res.J == R
    assert res.max_sup_error <= res.max_sup_error_exact * (1 + 1e-12) + res.abs_tol
    assert res.max_sup_error_exact <= res.J_eta * (1 + 1e-12)
    assert res.max_ratio <= R * (1 + 1e-9)
    if d <= 2:
        assert res.max_ratio >= 0.95 * R  # J = R is attained: the ratio is sup over the sphere of <u, x>


def test_discretise_random_features_and_relu() -> None:
    rng = np.random.default_rng(5)
    rf = cov.RandomFeatures(rng.standard_normal((6, 3)), radius=1.0)
    res = cov.discretise(rf, eta=0.3, params=rng.standard_normal((300, 6)), data=_sphere(300, 3, 1.0, rng))
    assert res.verdict == "holds" and res.max_ratio <= rf.J and res.max_sup_error_exact is None
    net = cov.ReluNetwork((3, 4, 1), radius=1.0, bbar=4.0)
    w = rng.standard_normal((400, net.n_params)) * 0.5
    w = w[net.B(w) <= net.bbar]
    res = cov.discretise(net, eta=0.5, params=w, data=_sphere(300, 3, 1.0, rng))
    assert res.verdict == "holds" and res.max_sup_error <= res.J_eta and res.J == pytest.approx(4 * math.sqrt(16))
    assert np.all(net.lipschitz(w) <= net.B(w) + 1e-12)


def test_net_inside_W_L_keeps_lipschitz_but_external_net_does_not() -> None:
    rng = np.random.default_rng(6)
    model, L, eta = cov.LinearMaps(2, 1.0), 1.0, 0.3
    res = cov.discretise(model, eta=eta, params=rng.uniform(-1.5, 1.5, (2000, 2)), data=_sphere(50, 2, 1.0, rng),
                         L=L)
    assert res.verdict == "holds" and res.centre_lipschitz <= L and res.kept < 2000
    # an external eta-net of W_L = unit disk: the square lattice of spacing eta*sqrt(2) covers the plane at eta
    h = eta * math.sqrt(2)
    g = h * np.stack(np.meshgrid(np.arange(-5, 6), np.arange(-5, 6)), axis=-1).reshape(-1, 2)
    g = g[np.linalg.norm(g, axis=1) <= L + eta]  # the centres that can cover a point of the disk
    assert cov.ball_covering_radius(g, radius=L, step=0.01)[1] <= eta + 0.01
    assert model.lipschitz(g).max() > L  # some centres lie outside W_L (Lip = ||w|| > L)
    ex = cov.lipschitz_transfer_example(2.0)
    assert all(abs(a * b) <= ex.L + 1e-12 for a, b in ex.points)
    assert all(math.dist(c, ex.external_center) <= ex.eta + 1e-12 for c in ex.points)
    assert ex.external_center_lipschitz == pytest.approx(25 * 2.0 / 16) and ex.external_center_lipschitz > ex.L
    assert cov.greedy_net(np.array(ex.points), ex.eta).size == ex.internal_size == 2


def test_discretise_rejects_bad_params() -> None:
    rng = np.random.default_rng(0)
    model = cov.LinearMaps(2)
    with pytest.raises(InvalidParameter, match="params"):
        cov.discretise(model, eta=0.1, params=rng.standard_normal((5, 3)), data=_sphere(5, 2, 1.0, rng))
    with pytest.raises(InvalidParameter, match="data"):
        cov.discretise(model, eta=0.1, params=rng.standard_normal((5, 2)), data=np.full((3, 2), 5.0))
    with pytest.raises(InvalidParameter, match="L="):
        cov.discretise(model, eta=0.1, params=np.full((5, 2), 3.0), data=_sphere(5, 2, 1.0, rng), L=1.0)
    net = cov.ReluNetwork((2, 2, 1), bbar=1e-3)
    with pytest.raises(InvalidParameter, match="bbar"):
        cov.discretise(net, eta=0.1, params=np.ones((3, 6)), data=_sphere(5, 2, 1.0, rng))


# ---------------------------------------------------------------------------------------------- invalid input

_RNG = np.random.default_rng(0)
_OK = {"dim": 2, "radius": 1.0, "eta": 0.5}
_BAD_SCALARS = [("dim", 0), ("dim", -3), ("dim", 2.5), ("dim", True), ("dim", "2"), ("dim", float("nan")),
                ("radius", 0.0), ("radius", -1.0), ("radius", float("nan")), ("radius", float("inf")),
                ("radius", True), ("eta", 0.0), ("eta", -0.1), ("eta", float("nan")), ("eta", float("inf"))]


def _calls() -> list[tuple[str, object]]:
    return [
        ("ball_covering_bounds", lambda **k: cov.ball_covering_bounds(**k)),
        ("ball_packing_bounds", lambda **k: cov.ball_packing_bounds(**k)),
        ("set_covering_upper_bound",
         lambda **k: cov.set_covering_upper_bound(dim=k["dim"], diameter=k["radius"], eta=k["eta"])),
        ("sample_ball_net", lambda **k: cov.sample_ball_net(**k, samples=10, rng=np.random.default_rng(0))),
    ]


@pytest.mark.parametrize(("fname", "fn"), _calls(), ids=[c[0] for c in _calls()])
@pytest.mark.parametrize(("name", "value"), _BAD_SCALARS, ids=[f"{n}={v!r}" for n, v in _BAD_SCALARS])
def test_invalid_scalars(fname: str, fn, name: str, value: object) -> None:  # type: ignore[no-untyped-def]
    kwargs = dict(_OK, **{name: value})
    pattern = "diameter" if (fname == "set_covering_upper_bound" and name == "radius") else name
    with pytest.raises((ValueError, TypeError), match=pattern):
        fn(**kwargs)


@pytest.mark.parametrize(
    "points", [np.zeros(5), np.zeros((2, 2, 2)), np.zeros((0, 2)), np.array([[0.0, np.nan]]),
               np.array([[np.inf, 0.0]]), np.array([["a", "b"]]), np.array([[True, False]])],
    ids=["1d", "3d", "empty", "nan", "inf", "str", "bool"])
def test_invalid_points(points: np.ndarray) -> None:
    with pytest.raises((ValueError, TypeError), match="points"):
        cov.greedy_net(points, 0.5)
    with pytest.raises((ValueError, TypeError), match="centers"):
        cov.ball_covering_radius(points, radius=1.0, step=0.1)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf"), None, True])
def test_invalid_eta_everywhere(bad: object) -> None:
    x = np.zeros((3, 2))
    rng = np.random.default_rng(0)
    for call in (lambda: cov.greedy_net(x, bad),  # type: ignore[arg-type]
                 lambda: cov.discretise(cov.LinearMaps(2), eta=bad, params=x, data=x),  # type: ignore[arg-type]
                 lambda: cov.interval_covering_number(radius=1.0, eta=bad),  # type: ignore[arg-type]
                 lambda: cov.disk_covering_number(bad),  # type: ignore[arg-type]
                 lambda: cov.paper_net_size_holds(W=1.0, eta=bad),  # type: ignore[arg-type]
                 lambda: cov.sample_ball_net(dim=2, radius=1.0, eta=bad, samples=5, rng=rng)):  # type: ignore[arg-type]
        with pytest.raises((ValueError, TypeError), match="eta"):
            call()


def test_other_invalid_inputs() -> None:
    with pytest.raises(TypeError, match="rng"):
        cov.sample_ball_net(dim=2, radius=1.0, eta=0.5, samples=10, rng=0)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter, match="samples"):
        cov.sample_ball_net(dim=2, radius=1.0, eta=0.5, samples=0, rng=_RNG)
    with pytest.raises(InvalidParameter, match="alpha"):
        cov.sample_ball_net(dim=2, radius=1.0, eta=0.5, samples=5, alpha=1.5, rng=_RNG)
    with pytest.raises(InvalidParameter, match="method"):
        cov.set_covering_upper_bound(dim=2, diameter=1.0, eta=0.5, method="cube")  # type: ignore[arg-type]
    with pytest.raises(InvalidParameter, match="step"):
        cov.ball_covering_radius(np.zeros((1, 3)), radius=1.0, step=1e-4)
    with pytest.raises(InvalidParameter, match="eta"):
        cov.disk_covering_number(0.4)
    with pytest.raises(InvalidParameter, match="W"):
        cov.paper_net_size_holds(W=-1.0, eta=0.1)
    with pytest.raises(InvalidParameter, match="widths"):
        cov.ReluNetwork((3, 2))
    with pytest.raises(InvalidParameter, match="dim"):
        cov.LinearMaps(0)
    with pytest.raises(InvalidParameter, match="diameter"):
        cov.jung_radius(dim=2, diameter=0.0)
