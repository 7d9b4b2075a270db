"""Threads, early stopping and the Dask backend: same seed, same result; early stopping keeps the error rate."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from isoper import Gaussian, Sphere, check_concentration, check_event
from isoper.montecarlo import _looks



def norm(x):
    return np.linalg.norm(x, axis=1)


def test_thread_count_does_not_change_results():
    kw = dict(t=0.15, bound=0.4, lipschitz=1.0, samples=200_000, seed=9)
    one = check_concentration(Gaussian(128), norm, workers=1, **kw)
    two = check_concentration(Gaussian(128), norm, workers=2, **kw)
    four = check_concentration(Gaussian(128), norm, workers=4, **kw)
    assert one == two == four


def test_looks_spend_less_than_the_budget():
    for m in (1, 2, 3, 7, 64, 1000, 5000):
        looks = _looks(m, True)
        assert looks[-1][0] == m and sum(s for _, s in looks) <= 1
        assert all(a[0] < b[0] for a, b in zip(looks, looks[1:]))
    assert _looks(10, False) == [(10, 1.0)]


def test_early_stop_stops_early_on_clear_claims_and_agrees():
    d = 16
    a = np.zeros(d)
    a[0] = math.sqrt(d)
    p = Gaussian(d).linear_tail(a, 2.0)
    f = lambda x: x @ a  # noqa: E731
    clear_true = check_concentration(Gaussian(d), f, t=2.0, bound=3 * p, center=0.0, samples=2_000_000, seed=1,
                                     early_stop=True)
    clear_false = check_concentration(Gaussian(d), f, t=2.0, bound=p / 3, center=0.0, samples=2_000_000, seed=1,
                                      early_stop=True)
    assert clear_true.verdict == "holds" and clear_true.samples < 2_000_000
    assert clear_false.verdict == "violated" and clear_false.samples < 2_000_000
    print(f"early stop used {clear_true.samples} and {clear_false.samples} of 2e6 samples")


def test_early_stop_false_alarm_rate_within_alpha():
    """A true claim at its exact probability, 300 seeds, alpha = 0.2 with early stopping: the number of
    'violated' verdicts stays below the exact binomial(300, alpha/2) quantile at 1 - 1e-6."""
    d, alpha, runs = 8, 0.2, 300
    mu = Sphere(d)
    a = np.zeros(d)
    a[0] = 1.0
    p = mu.linear_tail(a, 0.5)
    violated = sum(
        check_event(mu, lambda x: np.abs(x @ a) >= 0.5, bound=p, alpha=alpha, samples=20_000, seed=s,
                    early_stop=True).verdict == "violated"
        for s in range(runs)
    )
    print(f"early-stop false alarms: {violated}/{runs}")
    assert violated <= stats.binom.ppf(1 - 1e-6, runs, alpha / 2)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_backend_gives_identical_results(dask_client):
    assert len(dask_client.scheduler_info()["workers"]) == 2
    kw = dict(t=0.2, bound=0.3, lipschitz=1.0, samples=150_000, seed=3)
    local = check_concentration(Gaussian(64), norm, **kw)
    remote = check_concentration(Gaussian(64), norm, backend=dask_client, **kw)
    assert remote == local
    ev = dict(bound=0.3, samples=80_000, seed=1)
    assert check_event(Sphere(5), lambda x: x[:, 0] > 0.5, backend=dask_client, **ev) == \
        check_event(Sphere(5), lambda x: x[:, 0] > 0.5, **ev)


def test_bad_backend_is_rejected():
    with pytest.raises(ValueError, match="backend"):
        check_event(Sphere(3), lambda x: x[:, 0] > 0, bound=0.5, samples=10, seed=0, backend="spark")
    with pytest.raises(ValueError, match="workers"):
        check_event(Sphere(3), lambda x: x[:, 0] > 0, bound=0.5, samples=10, seed=0, workers=0)


def test_dask_backend_both_self_sizing_routes(dask_client):
    """samples=None on the direct route (Robbins' mixture) and on the importance route: same seed, same result."""
    from isoper.testfunctions import Linear

    kw = dict(t=0.2, bound=0.3, lipschitz=1.0, seed=3)
    assert check_concentration(Gaussian(64), norm, backend=dask_client, **kw) == check_concentration(
        Gaussian(64), norm, **kw)
    a = np.zeros(16)
    a[0] = 4.0
    p = Gaussian(16).linear_tail(a, 4.5)
    kw2 = dict(t=4.5, bound=1.2 * p, center=0.0, seed=4)
    local = check_concentration(Gaussian(16), Linear(a), **kw2)
    assert local.extra["route"] == "importance" and local.holds
    assert check_concentration(Gaussian(16), Linear(a), backend=dask_client, **kw2) == local
