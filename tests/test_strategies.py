"""isoper.strategies draws valid objects, visits boundaries, and alpha budgets keep a test's false alarms within alpha."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, Verbosity, find, given, seed, settings
from hypothesis import strategies as st
from scipy import stats

from isoper import DiscreteCube, Gaussian, SolidCube, Sphere, law, testing
from isoper import strategies as ist
from isoper._validate import InvalidParameter

FAST = settings(max_examples=40, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def draws(strategy: st.SearchStrategy, n: int = 1, run: int = 0) -> list:
    """n values of a strategy, generated (not shrunk) with a fixed hypothesis seed."""
    out: list = []

    @seed(run)
    @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate])
    @given(v=strategy)
    def collect(v) -> None:
        out.append(v)

    collect()
    return out


@FAST
@given(mu=ist.measures(max_dim=16), seed_=ist.seeds())
def test_measures_are_valid_with_their_constants(mu, seed_: int) -> None:
    assert 1 <= mu.dim <= 16
    x = mu.sample(4, np.random.default_rng(seed_))
    assert x.shape == (4, mu.dim) and np.all(np.isfinite(x))
    c = mu.isoperimetry_constant
    expected = {Gaussian: 1.0, SolidCube: 1 / (2 * math.pi),
                Sphere: mu.dim / (mu.dim - 1) if mu.dim > 1 else 1 / (2 * math.log(2))}[type(mu)]
    assert float(c) == pytest.approx(expected) and c.source


def test_measure_kinds_and_dimensions() -> None:
    assert all(isinstance(m, DiscreteCube) for m in draws(ist.measures(kinds=["discrete_cube"]), 5))
    assert all(isinstance(m, Sphere) for m in draws(ist.measures(kinds=[Sphere]), 5))
    assert {m.dim for m in draws(ist.measures(dim=5), 5)} == {5}
    assert {type(m) for m in draws(ist.measures(), 60)} == {Gaussian, Sphere, SolidCube}
    dims = draws(ist.dimensions(3, 40), 60)
    assert {3, 40} <= set(dims) <= set(range(3, 41))  # both boundaries are drawn


@FAST
@given(data=st.data(), d=ist.dimensions(1, 12), seed_=ist.seeds())
def test_lipschitz_functions_respect_their_constants(data: st.DataObject, d: int, seed_: int) -> None:
    f = data.draw(ist.lipschitz_functions(d))
    rng = np.random.default_rng(seed_)
    x, y = rng.standard_normal((2, 64, d))
    fx, fy = f(x), f(y)
    assert fx.shape == (64,) and np.all(np.isfinite(fx))
    L = f.lipschitz
    assert L >= 0
    assert np.all(np.abs(fx - fy) <= L * np.linalg.norm(x - y, axis=1) * (1 + 1e-9) + 1e-12)


def test_every_function_kind_is_drawn() -> None:
    for kind, name in [("linear", "linear"), ("norm", "norm"), ("max", "max coordinate"),
                       ("distance", "distance to a set"), ("relu", "relu net")]:
        assert {f.name for f in draws(ist.lipschitz_functions(3, kinds=kind), 2)} == {name}


@FAST
@given(pair=ist.measures_with_functions(max_dim=8))
def test_measures_with_functions_match_dimensions(pair) -> None:
    mu, f = pair
    assert f(mu.sample(2, np.random.default_rng(0))).shape == (2,)


@pytest.mark.parametrize("name", sorted(ist.PARAMS))
def test_params_stay_in_their_domain(name: str) -> None:
    spec = ist.PARAMS[name]

    @settings(max_examples=60, database=None, deadline=None)
    @given(v=ist.params(name))
    def inside(v: float) -> None:
        assert spec.contains(v), (name, v)
        if spec.integer:
            assert isinstance(v, int)

    inside()
    assert set(spec.edges) <= set(draws(ist.params(name), 100))  # every declared boundary value is drawn


def test_params_narrowed() -> None:
    eps = draws(ist.params("eps", min_value=0.2, max_value=0.3), 60)
    assert {0.2, 0.3} <= set(eps) and all(0.2 <= v <= 0.3 for v in eps)
    n = draws(ist.params("n", max_value=50), 60)
    assert {1, 2, 50} <= set(n) and all(1 <= v <= 50 for v in n)
    assert str(ist.PARAMS["eps"]) == r"`eps` for \epsilon in (0, 1)"


@FAST
@given(tp=ist.theorem3_parameters())
def test_theorem3_parameters_satisfy_the_hypotheses(tp: ist.Theorem3Parameters) -> None:
    with mpmath.workdps(60):
        assert 8**4 * tp.k * mpmath.log(8 * tp.k / mpmath.mpf(tp.delta)) <= tp.n * mpmath.mpf(tp.eps) ** 2
        assert 60 * mpmath.mpf(tp.W) * mpmath.mpf(tp.J) > mpmath.mpf(tp.eps)
    values = tp._asdict()
    values.pop("p")
    assert all(h.holds for h in law.theorem_3_hypotheses(**values))
    assert law.lipschitz_lower_bound(**tp._asdict()) > 0


def test_theorem3_parameters_reach_the_tight_cases() -> None:
    values = draws(ist.theorem3_parameters(), 60)
    tight = [tp for tp in values if tp.n == ist.min_n(tp.eps, tp.delta, tp.k)]
    assert tight
    for tp in tight:
        with mpmath.workdps(60):  # n - 1 would violate hypothesis (2): n sits on the boundary
            lhs = 8**4 * tp.k * mpmath.log(8 * tp.k / mpmath.mpf(tp.delta))
            assert tp.n == 1 or lhs > (tp.n - 1) * mpmath.mpf(tp.eps) ** 2
    near = [tp for tp in values if 60 * tp.W * tp.J / tp.eps < 1 + 1e-6]
    assert near and all(60 * tp.W * tp.J > tp.eps for tp in near)


def test_seeds() -> None:
    assert find(ist.seeds(), lambda s: True, settings=settings(database=None)) == 0  # shrinks to seed 0
    assert all(0 <= s <= 2**32 - 1 for s in draws(ist.seeds(), 50))


@pytest.mark.parametrize(
    ("build", "name"),
    [
        (lambda: ist.dimensions(0), "min_dim"),
        (lambda: ist.dimensions(5, 3), "min_dim"),
        (lambda: ist.dimensions(1, 2.5), "max_dim"),
        (lambda: ist.measures(kinds=["cauchy"]), "kinds"),
        (lambda: ist.measures(kinds=[]), "kinds"),
        (lambda: ist.measures(dim=0), "dim"),
        (lambda: ist.lipschitz_functions(0), "d"),
        (lambda: ist.lipschitz_functions(3, kinds=["sine"]), "kinds"),
        (lambda: ist.params("epsilon"), "name"),
        (lambda: ist.params("eps", min_value=1.5), "min_value"),
        (lambda: ist.params("eps", min_value=0.5, max_value=0.2), "min_value"),
        (lambda: ist.theorem3_parameters(min_eps=0.0), "min_eps"),
        (lambda: ist.theorem3_parameters(max_k=0), "max_k"),
    ],
)
def test_invalid_arguments_name_the_parameter(build, name: str) -> None:
    with pytest.raises((InvalidParameter, TypeError), match=name):
        build()


# ------------------------------------------------------------------------------------------------------------------
# false alarms over many examples: the budget keeps the whole test within its alpha

P_TRUE = 0.3  # the claim P(event) <= 0.3 is true with equality: the hardest true claim for the test
EXAMPLES, TOTAL_ALPHA = 200, 0.5
QUIET = {"database": None, "deadline": None, "phases": [Phase.explicit, Phase.generate], "verbosity": Verbosity.quiet}


def _coin(rng: np.random.Generator, m: int) -> np.ndarray:
    return rng.random(m) < P_TRUE


def _run(run: int, *, split: bool) -> tuple[bool, list[testing.CheckResult]]:  # type: ignore[name-defined]
    """One test of the true claim over up to 200 examples; returns (did it fail, the checks it ran)."""

    def body(s: int) -> None:
        salted = testing.derive_seed(s, f"run-{run}")  # independent checks across runs and examples
        alpha = None if split else TOTAL_ALPHA
        r = testing.check_trials(_coin, bound=P_TRUE, samples=200, seed=salted, alpha=alpha)
        testing.assert_not_violated(r)

    test = given(s=ist.seeds())(body)
    test = settings(max_examples=EXAMPLES, **QUIET)(test)
    test = seed(run)(test)
    if split:
        test = testing.alpha_budget(TOTAL_ALPHA)(test)
    with testing.observing() as checks:
        try:
            test()
        except AssertionError:
            return True, checks
    return False, checks


def test_alpha_budget_keeps_false_alarms_within_alpha() -> None:
    runs = 10
    outcomes = [_run(run, split=True) for run in range(runs)]
    for _, checks in outcomes:
        assert len({r.alpha for r in checks}) == 1 and checks[0].alpha == pytest.approx(TOTAL_ALPHA / EXAMPLES)
        # hypothesis ran at most the budgeted examples (plus one replay of a failure)
        assert len(checks) <= EXAMPLES + 1
    failed = sum(f for f, _ in outcomes)
    # Each run fails with probability q <= TOTAL_ALPHA; in fact q <= TOTAL_ALPHA / 2, since "violated" uses only the
    # lower Clopper-Pearson bound, which errs with probability alpha/2. Exact binomial probability of seeing
    # `failed` or more failing runs under each bound (the outcome is deterministic: every seed is fixed):
    assert stats.binom.sf(failed - 1, runs, TOTAL_ALPHA) > 1e-3, (failed, runs)
    assert stats.binom.sf(failed - 1, runs, TOTAL_ALPHA / 2) > 1e-3, (failed, runs)
    # without the split, the same true claim at alpha = TOTAL_ALPHA per example fails in every run
    assert all(_run(run, split=False)[0] for run in range(2))
