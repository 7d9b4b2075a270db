"""Self-sizing checks (samples=None): anytime-valid verdicts against exact probabilities, budgets, determinism."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from isoper import Gaussian, Sphere, check_concentration, check_event, check_trials
from isoper._bounds import MixturePrior, cp_lower, mixture_interval, mixture_log_martingale
from isoper._sequential import chunk_sizes, draws_to_decide
from isoper.montecarlo import COUNT_STAGE, chunk_rng, chunk_size
from isoper.testfunctions import Linear


def unit(d: int) -> np.ndarray:
    a = np.zeros(d)
    a[0] = 1.0
    return a


def bernoulli(p: float):
    return lambda rng, m: rng.random(m) < p


# ---------------------------------------------------------------- the confidence sequence itself
def test_mixture_interval_is_the_level_set():
    prior = MixturePrior(1e-3)
    for s, n in ((0, 1000), (3, 10_000), (120, 100_000), (5000, 10**7)):
        lo, hi = mixture_interval(prior, s, n, 1e-6)
        assert lo <= s / n <= hi
        thr = math.log(1e6)
        if lo > 0:
            assert mixture_log_martingale(prior, s, n, lo * 0.999) >= thr
            assert mixture_log_martingale(prior, s, n, lo * 1.001) < thr
        assert mixture_log_martingale(prior, s, n, hi * 1.001) >= thr
        assert mixture_log_martingale(prior, s, n, hi * 0.999) < thr


def test_chunk_schedule_grows_and_covers():
    sizes = list(chunk_sizes(65536, 10**6))
    assert sizes[0] == (0, 0, 1024) and sum(m for *_, m in sizes) == 10**6
    assert all(b[2] <= 1.25 * a[2] + 1 for a, b in zip(sizes, sizes[1:]))
    assert max(m for *_, m in sizes) == 65536


def _false_alarms(p: float, alpha: float, runs: int, budget: int, peek_naively: bool = False) -> int:
    """'violated' verdicts on the true claim P <= p at its exact value, each run stopping at the first decided look."""
    if not peek_naively:
        return sum(check_trials(bernoulli(p), bound=p, alpha=alpha, seed=s, max_samples=budget,
                                batch=256).violated for s in range(runs))
    # the wrong variant: an exact Clopper-Pearson test at alpha/2 re-evaluated at every look (repeated testing)
    bad = 0
    for s in range(runs):
        k = n = 0
        for j, _, m in chunk_sizes(256, budget):
            k += int(np.count_nonzero(bernoulli(p)(chunk_rng(s, 3, j), m)))
            n += m
            if cp_lower(k, n, alpha / 2) > p:
                bad += 1
                break
    return bad


def test_false_alarms_at_equality_within_alpha_half():
    """200 seeds at alpha = 0.2, claims at their exact probability, run to a budget of 10,000 draws each with a look
    after every chunk: 'violated' must stay under the exact binomial(200, alpha/2) quantile at 1 - 1e-6.
    (benchmarks/calibration.py runs 1000 seeds on real measures.)"""
    runs, alpha = 200, 0.2
    limit = stats.binom.ppf(1 - 1e-6, runs, alpha / 2)
    v = _false_alarms(0.05, alpha, runs, 10_000)
    print(f"sequential false alarms at equality: {v}/{runs} (limit {limit:.0f})")
    assert v <= limit


def test_false_alarm_check_catches_naive_peeking():
    """The same count flags the wrong variant (a fixed-n exact test re-used at every look)."""
    runs, alpha = 200, 0.2
    limit = stats.binom.ppf(1 - 1e-6, runs, alpha / 2)
    v = _false_alarms(0.05, alpha, runs, 10_000, peek_naively=True)
    print(f"naive peeking false alarms: {v}/{runs} (limit {limit:.0f})")
    assert v > limit


# ---------------------------------------------------------------- verdicts against exact truth
@pytest.mark.parametrize("factor, verdict", [(1.25, "holds"), (1 / 1.2, "violated")])
def test_default_call_decides_close_claims(factor, verdict):
    d = 16
    mu, a = Gaussian(d), unit(d) * math.sqrt(d)
    p = mu.linear_tail(a, 2.3)  # ~2e-2
    r = check_concentration(mu, lambda x: x @ a, t=2.3, bound=p * factor, center=0.0, seed=3)
    assert r.verdict == verdict, r
    assert r.extra["stopped"] == "decided" and r.extra["route"] == "direct"
    assert r.lower <= p <= r.upper


def test_sphere_estimated_centre_decides():
    d, t = 12, 0.45
    mu, a = Sphere(d), unit(d)
    p = mu.linear_tail(a, t)
    r = check_concentration(mu, lambda x: x @ a, t=t, bound=p / 1.2, lipschitz=1.0, seed=5)
    assert r.verdict == "violated" and r.center_interval is not None and r.center_samples > 0, r


def test_check_event_sequential_directions():
    d = 10
    a = unit(d)
    p = Sphere(d).linear_sf(a, 0.2)
    assert check_event(Sphere(d), lambda x: x @ a >= 0.2, bound=p * 1.25, seed=0).holds
    assert check_event(Sphere(d), lambda x: x @ a >= 0.2, bound=p / 1.25, seed=0).violated
    assert check_event(Sphere(d), lambda x: x @ a >= 0.2, bound=p / 1.25, seed=0, direction=">=").holds


# ---------------------------------------------------------------- budgets, forecasts, reproducibility
def test_inconclusive_says_how_many_more_draws():
    r = check_trials(bernoulli(0.011), bound=0.01, seed=1, max_samples=5000)
    assert r.verdict == "inconclusive" and r.extra["stopped"] == "max_samples" and r.samples == 5000
    more = r.extra["more_samples"]
    assert isinstance(more, int) and more > 0 and "more draws would likely decide" in repr(r)
    # the forecast is about right: with that many more draws the same stream decides in most seeds
    decided = sum(check_trials(bernoulli(0.011), bound=0.01, seed=s, max_samples=3 * (5000 + more)).verdict
                  != "inconclusive" for s in range(3))
    assert decided >= 2


def test_time_limit_stops_the_run():
    r = check_trials(bernoulli(0.3), bound=0.3, seed=2, time_limit=0.05, batch=64)
    assert r.verdict == "inconclusive" and r.extra["stopped"] == "time_limit"
    assert "self-sizing" in r.reproduce


def test_seed_workers_determinism():
    f = lambda x: np.linalg.norm(x, axis=1)  # noqa: E731
    kw = dict(t=0.25, bound=0.02, lipschitz=1.0, seed=7, max_samples=400_000)
    r1 = check_concentration(Gaussian(32), f, workers=1, **kw)
    r2 = check_concentration(Gaussian(32), f, workers=2, **kw)
    r3 = check_concentration(Gaussian(32), f, workers=1, **kw)
    assert r1 == r2 == r3
    assert check_concentration(Gaussian(32), f, workers=1, **{**kw, "seed": 8}) != r1


def test_fixed_samples_keep_exact_clopper_pearson():
    """samples=N: the count is over the fixed-n streams (stage COUNT_STAGE, equal chunks) and the interval is CP."""
    d, n = 20, 150_000
    a = Linear(unit(d) * math.sqrt(d))
    r = check_concentration(Gaussian(d), a, t=2.0, bound=0.05, center=0.0, samples=n, seed=4)
    k = 0
    cs = chunk_size(d)
    for j, start in enumerate(range(0, n, cs)):
        x = Gaussian(d).sample(min(cs, n - start), chunk_rng(4, COUNT_STAGE, j))
        k += int(np.count_nonzero(np.abs(a(x)) >= 2.0))
    assert r.count == k and r.samples == n and "stopped" not in r.extra
    lo, hi = stats.beta.ppf(0.5e-6, k, n - k + 1), stats.beta.ppf(1 - 0.5e-6, k + 1, n - k)
    assert math.isclose(r.lower, lo, rel_tol=1e-8) and math.isclose(r.upper, hi, rel_tol=1e-8)


def test_draws_to_decide_matches_the_test():
    n_seq = draws_to_decide(0.012, 0.01, 5e-7, sequential=True)
    n_fix = draws_to_decide(0.012, 0.01, 5e-7, sequential=False)
    assert n_fix < n_seq < 3 * n_fix


@pytest.mark.parametrize("kwargs, name", [
    (dict(method="mc"), "method"),
    (dict(max_samples=0), "max_samples"),
    (dict(max_samples=2.5), "max_samples"),
    (dict(time_limit=-1.0), "time_limit"),
    (dict(time_limit=float("nan")), "time_limit"),
    (dict(method="importance"), "method"),  # a plain lambda has no known region
])
def test_bad_budget_and_method(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        check_concentration(Gaussian(3), lambda x: x[:, 0], t=0.1, bound=0.1, center=0.0, seed=0, **kwargs)
