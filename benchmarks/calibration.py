"""Calibration of the engine against exact truth: false-alarm rates of true claims and power against false ones.

``python -m benchmarks.calibration`` prints, for the norm of X ~ N(0, I_d/d) (exact law: d|X|^2 ~ chi^2_d):
* false alarms: the fraction of 'violated' verdicts on the TRUE claim P(||X| - E|X|| >= t) <= p (its exact value),
  over many seeds at a loose alpha, with the known and with the estimated centre (the guarantee: <= alpha/2);
* power: the fraction of 'violated' verdicts on the claim p/1.2 (false by 20%) as the sample budget grows.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from scipy import special, stats

from isoper import Gaussian, check_concentration


def norm_law(d: int, t: float) -> tuple[float, float]:
    m = math.sqrt(2 / d) * math.exp(special.gammaln((d + 1) / 2) - special.gammaln(d / 2))
    p = (stats.chi2.cdf(d * (m - t) ** 2, d) if m > t else 0.0) + stats.chi2.sf(d * (m + t) ** 2, d)
    return m, float(p)


def norm(x):
    return np.linalg.norm(x, axis=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.calibration")
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--power-runs", type=int, default=20)
    args = ap.parse_args(argv)
    d, t, alpha = 16, 0.3, 0.2
    m, p = norm_law(d, t)
    print(f"norm of N(0, I_{d}/{d}), t = {t}: E|X| = {m:.6f}, exact p = {p:.6f}")
    for label, kw in (("known centre", {"center": m}), ("estimated centre", {"lipschitz": 1.0})):
        v = sum(check_concentration(Gaussian(d), norm, t=t, bound=p, alpha=alpha, samples=4000, seed=s,
                                    **kw).violated for s in range(args.runs))
        hi = stats.beta.ppf(0.975, v + 1, args.runs - v)
        print(f"false alarms, {label}: {v}/{args.runs} = {v / args.runs:.3f} (alpha/2 = {alpha / 2}; "
              f"95% upper bound {hi:.3f})")
    for label, kw in (("known centre", {"center": m}), ("estimated centre", {"lipschitz": 1.0})):
        for n in (25_000, 100_000, 400_000, 1_000_000):
            v = sum(check_concentration(Gaussian(d), norm, t=t, bound=p / 1.2, alpha=1e-6, samples=n, seed=s,
                                        **kw).violated for s in range(args.power_runs))
            print(f"power at alpha = 1e-6, claim false by 20%, {label}, {n:>9,d} samples: "
                  f"{v}/{args.power_runs} violated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
