"""Importance sampling: bounded weights, rigorous betting intervals, verdicts against exact tails, false alarms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special, stats

from isoper import Gaussian, InvalidParameter, Sphere, check_concentration, check_event, check_isoperimetry
from isoper import _importance
from isoper.montecarlo import Tail
from isoper.testfunctions import Linear, Norm


def unit(d: int) -> np.ndarray:
    a = np.zeros(d)
    a[0] = 1.0
    return a


def norm_law(d: int, t: float) -> tuple[float, float]:
    m = math.sqrt(2 / d) * math.exp(special.gammaln((d + 1) / 2) - special.gammaln(d / 2))
    p = (stats.chi2.cdf(d * (m - t) ** 2, d) if m > t else 0.0) + stats.chi2.sf(d * (m + t) ** 2, d)
    return m, float(p)


# ---------------------------------------------------------------- the weight bound
@pytest.mark.parametrize("kind", ["linear", "norm"])
def test_weight_bound_is_the_supremum_on_the_event(kind):
    d = 24
    mu = Gaussian(d)
    f = Linear(unit(d) * 2.0) if kind == "linear" else Norm(d)
    fam = _importance._Family(mu, f)
    above, below = (2.0, -1.5) if kind == "linear" else (1.4, 0.6)
    reg = fam.region(above, below)
    prop = _importance._tune(fam, [reg], seed=3)
    B = prop.weight_bound(*reg)
    grid = np.linspace(-12, 12, 200_001) if kind == "linear" else np.linspace(0, 200, 200_001)
    grid = np.union1d(grid, [r for r in reg if r is not None])  # the ends of the region themselves
    on = np.zeros(grid.shape, bool)
    on |= grid >= reg[0]
    if reg[1] is not None:
        on |= grid <= reg[1]
    w = np.exp(prop.log_w(grid[on]))
    assert w.max() <= B <= w.max() * (1 + 1e-5)  # tight and never exceeded
    assert B < 1 / _importance.LAM


@pytest.mark.parametrize("factor, verdict", [(1.25, "holds"), (1 / 1.2, "violated")])
def test_linear_tail_at_1e_minus_7(factor, verdict):
    d = 32
    mu, a = Gaussian(d), unit(d) * math.sqrt(d)
    t = float(stats.norm.isf(0.5e-7))
    p = mu.linear_tail(a, t)
    r = check_concentration(mu, Linear(a), t=t, bound=p * factor, center=0.0, seed=11)
    assert r.extra["route"] == "importance" and r.verdict == verdict, r
    assert r.lower <= p <= r.upper and r.samples < 200_000


@pytest.mark.parametrize("factor, verdict", [(1.25, "holds"), (1 / 1.2, "violated")])
def test_norm_tail_estimated_centre(factor, verdict):
    d, t = 16, 0.9
    m, p = norm_law(d, t)  # ~1e-6
    r = check_concentration(Gaussian(d), Norm(d), t=t, bound=p * factor, seed=12, center_samples=1_000_000)
    assert r.extra["route"] == "importance" and r.verdict == verdict, (p, r)
    lo, hi = r.center_interval
    assert lo <= m <= hi and r.lower <= p <= r.upper


def test_check_event_and_isoperimetry_take_method():
    d = 16
    a = unit(d) * math.sqrt(d)
    p = Gaussian(d).linear_sf(a, 5.0)
    ev = Tail(Linear(a), above=5.0)
    r = check_event(Gaussian(d), ev, bound=p * 1.25, seed=1)
    assert r.extra["route"] == "importance" and r.holds
    assert check_event(Gaussian(d), ev, bound=p / 1.2, seed=1, method="importance").violated
    r = check_isoperimetry(Gaussian(d), Linear(a / math.sqrt(d)), c=1.0, t=1.4, center=0.0, seed=2)
    assert r.holds and r.extra["route"] == "importance"
    r2 = check_isoperimetry(Gaussian(d), Linear(a / math.sqrt(d)), c=1.0, t=1.4, center=0.0, seed=2,
                            method="direct", max_samples=100_000)
    assert r2.extra["route"] == "direct"


def test_importance_unavailable_says_why():
    with pytest.raises(InvalidParameter, match="method"):
        check_concentration(Sphere(5), Linear(unit(5)), t=0.5, bound=1e-4, center=0.0, method="importance", seed=0)
    with pytest.raises(InvalidParameter, match="method"):
        check_event(Gaussian(5), lambda x: x[:, 0] > 3, bound=1e-4, method="importance", seed=0)
    with pytest.raises(InvalidParameter, match="above"):
        Tail(Linear(unit(5)))


def test_fixed_samples_and_determinism():
    d = 16
    a = unit(d) * math.sqrt(d)
    kw = dict(t=4.5, bound=1e-5, center=0.0, seed=5, method="importance")
    r1 = check_concentration(Gaussian(d), Linear(a), samples=30_000, workers=1, **kw)
    r2 = check_concentration(Gaussian(d), Linear(a), samples=30_000, workers=2, **kw)
    assert r1 == r2 and r1.samples == 30_000 and "samples=30000" in r1.extra["python"]
    r3 = check_concentration(Gaussian(d), Linear(a), **kw)
    assert r3 == check_concentration(Gaussian(d), Linear(a), workers=2, **kw)


def _false_alarms(runs: int, alpha: float, inflate: float = 1.0) -> int:
    d = 8
    a = unit(d) * math.sqrt(d)
    t = 3.7
    p = Gaussian(d).linear_tail(a, t)  # ~2e-4, the claim at its exact value
    return sum(check_concentration(Gaussian(d), Linear(a), t=t, bound=p * inflate, center=0.0, alpha=alpha,
                                   seed=s, method="importance", max_samples=12_000).violated for s in range(runs))


def test_importance_false_alarms_at_equality():
    runs, alpha = 300, 0.2
    limit = stats.binom.ppf(1 - 1e-6, runs, alpha / 2)
    v = _false_alarms(runs, alpha)
    print(f"importance false alarms at equality: {v}/{runs} (limit {limit:.0f})")
    assert v <= limit


def test_false_alarm_check_catches_wrong_weights(monkeypatch):
    """Weights 30% too large (a wrong likelihood ratio) push the estimate up: the same count flags it."""
    runs, alpha = 300, 0.2
    limit = stats.binom.ppf(1 - 1e-6, runs, alpha / 2)
    orig = _importance._Proposal.log_w
    monkeypatch.setattr(_importance._Proposal, "log_w", lambda self, s: orig(self, s) + math.log(1.3))
    monkeypatch.setattr(_importance._Proposal, "weight_bound",
                        lambda self, hi, lo: 1.3 * (1 + 1e-6) / (_importance.LAM + (1 - _importance.LAM) *
                                                                 self.inf_rho(hi, math.inf)) * 2)
    v = _false_alarms(runs, alpha)
    print(f"false alarms with wrong weights: {v}/{runs} (limit {limit:.0f})")
    assert v > limit


def test_plugin_alpha_budget_and_seed_reach_both_routes(isoper_seed):
    """testing.check_concentration takes its alpha from the active budget on the self-sizing routes too."""
    from isoper import testing

    d = 16
    a = unit(d) * math.sqrt(d)
    p = Gaussian(d).linear_tail(a, 4.6)
    with testing.alpha_budget(1e-4, max_examples=4) as budget:
        r_is = testing.check_concentration(Gaussian(d), Linear(a), t=4.6, bound=1.25 * p, center=0.0,
                                           seed=isoper_seed)
        r_dir = testing.check_concentration(Gaussian(d), Linear(a), t=2.0, bound=0.06, center=0.0,
                                            seed=isoper_seed)
    assert r_is.alpha == r_dir.alpha == budget.alpha == 2.5e-5
    assert r_is.extra["route"] == "importance" and r_dir.extra["route"] == "direct"
    assert r_is.seed == r_dir.seed == isoper_seed and r_is.holds and r_dir.holds
