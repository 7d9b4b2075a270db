"""Calibration of the engine against exact truth, on both routes (direct counting and importance sampling).

``python -m benchmarks.calibration [--part false-alarms|decided|rare|all] [--runs 1000] [--seeds 5]`` prints:

* false alarms: the fraction of 'violated' verdicts on TRUE claims at their exact value (the hardest true claims), over
  ``--runs`` seeds at a loose alpha = 0.2, for the fixed-n Clopper-Pearson test, the self-sizing direct route (Robbins'
  mixture, a look after every chunk) and the importance route (betting confidence sequence); the guarantee is alpha/2;
* decided: claims 20% false (bound = p/1.2) and 25% loose (bound = 1.25 p) at p = 1e-2 .. 1e-5, Gaussian and sphere,
  known and estimated centres, with the default call (samples=None, alpha=1e-6): verdicts, median samples used, and
  the samples a fixed-n exact binomial (Clopper-Pearson) test needs for the same verdict when its count is at its
  expectation (computed in the same run, same alpha per side);
* rare: p ~ 1e-9, a Gaussian linear functional and the Gaussian norm, 20% false and 25% loose, known and estimated
  centres: verdict, samples and seconds, against the samples brute force (a fixed-n exact test) needs, and the time it
  would take at the direct route's measured speed.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import numpy as np
from scipy import optimize, special, stats

from isoper import Gaussian, Sphere, check_concentration
from isoper._sequential import draws_to_decide
from isoper.testfunctions import Linear, Norm

ALPHA = 1e-6


def norm_law(d: int, t: float) -> tuple[float, float]:
    """(E|X|, P(||X| - E|X|| >= t)) for X ~ N(0, I_d/d), exactly (d|X|^2 ~ chi^2_d)."""
    m = math.sqrt(2 / d) * math.exp(special.gammaln((d + 1) / 2) - special.gammaln(d / 2))
    p = (stats.chi2.cdf(d * (m - t) ** 2, d) if m > t else 0.0) + stats.chi2.sf(d * (m + t) ** 2, d)
    return m, float(p)


def e1(d: int, scale: float = 1.0) -> np.ndarray:
    a = np.zeros(d)
    a[0] = scale
    return a


def upper95(v: int, n: int) -> float:
    return float(stats.beta.ppf(0.975, v + 1, n - v)) if v < n else 1.0


# ---------------------------------------------------------------------------------------------------- false alarms
def false_alarms(runs: int, log) -> list[dict]:
    alpha = 0.2
    rows = []
    d = 8
    a = e1(d, math.sqrt(d))
    t_dir = 1.6
    p_dir = Gaussian(d).linear_tail(a, t_dir)  # ~0.11
    m16, p_norm = norm_law(16, 0.3)
    t_is = 3.7
    p_is = Gaussian(d).linear_tail(a, t_is)  # ~2e-4
    cases = [
        ("fixed n = 4000 (Clopper-Pearson)", "Gaussian linear, known centre", p_dir,
         lambda s: check_concentration(Gaussian(d), Linear(a), t=t_dir, bound=p_dir, center=0.0, alpha=alpha,
                                       samples=4000, seed=s)),
        ("sequential direct (Robbins mixture), budget 20,000", "Gaussian linear, known centre", p_dir,
         lambda s: check_concentration(Gaussian(d), Linear(a), t=t_dir, bound=p_dir, center=0.0, alpha=alpha,
                                       seed=s, method="direct", max_samples=20_000)),
        ("sequential direct (Robbins mixture), budget 20,000", "Gaussian norm, estimated centre", p_norm,
         lambda s: check_concentration(Gaussian(16), Norm(16), t=0.3, bound=p_norm, lipschitz=1.0, alpha=alpha,
                                       seed=s, method="direct", max_samples=20_000, center_samples=20_000)),
        ("importance (betting CS), budget 12,000", "Gaussian linear, known centre", p_is,
         lambda s: check_concentration(Gaussian(d), Linear(a), t=t_is, bound=p_is, center=0.0, alpha=alpha,
                                       seed=s, method="importance", max_samples=12_000)),
    ]
    for route, what, p, call in cases:
        t0 = time.perf_counter()
        res = [call(s) for s in range(runs)]
        v = sum(r.violated for r in res)
        row = {"route": route, "claim": f"{what}, P = {p:.3g} (exact)", "runs": runs, "violated": v,
               "rate": v / runs, "upper95": upper95(v, runs), "limit": alpha / 2,
               "median_samples": statistics.median(r.samples for r in res), "seconds": time.perf_counter() - t0}
        rows.append(row)
        log(f"false alarms | {route} | {row['claim']} | {v}/{runs} = {v / runs:.4f} (95% upper {row['upper95']:.4f};"
            f" guarantee <= {alpha / 2}) | median samples {row['median_samples']:.0f} | {row['seconds']:.0f} s")
    return rows


# ---------------------------------------------------------------------------------------------------- decided claims
def _gaussian_linear(d: int, p: float):
    a = e1(d, math.sqrt(d))
    t = float(stats.norm.isf(p / 2))
    return Gaussian(d), Linear(a), t, Gaussian(d).linear_tail(a, t), 0.0, math.sqrt(d), a


def _sphere_linear(d: int, p: float):
    mu, a = Sphere(d), e1(d)
    t = optimize.brentq(lambda s: math.log(mu.linear_tail(a, s)) - math.log(p), 1e-9, 1 - 1e-12)
    return mu, Linear(a), t, mu.linear_tail(a, t), 0.0, 1.0, a


def decided(seeds: int, ps: list[float], log, measures: tuple[str, ...] = ("Gaussian", "sphere")) -> list[dict]:
    rows = []
    for measure_name, make in (("Gaussian", _gaussian_linear), ("sphere", _sphere_linear)):
        if measure_name not in measures:
            continue
        d = 16
        for p_target in ps:
            mu, f, t, p, centre, lip, a = make(d, p_target)
            for centre_kind in ("known", "estimated"):
                kw = {"center": centre} if centre_kind == "known" else {"lipschitz": lip}
                a_side = ALPHA / 2 if centre_kind == "known" else ALPHA / 4
                for label, bound, want in (("20% false", p / 1.2, "violated"), ("25% loose", 1.25 * p, "holds")):
                    t0 = time.perf_counter()
                    res = [check_concentration(mu, f, t=t, bound=bound, alpha=ALPHA, seed=s, **kw)
                           for s in range(seeds)]
                    secs = (time.perf_counter() - t0) / seeds
                    # the fixed-n exact test on the same events: with an estimated centre, the inner event (inside
                    # the true one) for a refutation and the outer event for a confirmation, at their exact
                    # probabilities given each run's centre interval
                    fixed_each = []
                    for r in res:
                        q = p
                        if r.center_interval is not None:
                            lo, hi = r.center_interval
                            q = (mu.linear_sf(a, hi + t) + mu.linear_cdf(a, lo - t) if want == "violated"
                                 else mu.linear_sf(a, lo + t) + mu.linear_cdf(a, hi - t))
                        fixed_each.append(draws_to_decide(q, bound, a_side, sequential=False) or float("inf"))
                    fixed = statistics.median(fixed_each)
                    med = statistics.median(r.samples for r in res)
                    ok = sum(r.verdict == want for r in res)
                    row = {"measure": measure_name, "d": d, "p": p, "centre": centre_kind, "claim": label,
                           "bound": bound, "route": res[0].extra.get("route"), "decided_correctly": ok,
                           "runs": seeds, "wrong": sum(r.verdict not in (want, "inconclusive") for r in res),
                           "median_samples": med, "fixed_n": fixed, "ratio": med / fixed if fixed else None,
                           "centre_samples": res[0].center_samples, "seconds_per_run": secs}
                    rows.append(row)
                    log(f"decided | {measure_name} d={d} p={p:.2g} {centre_kind:9s} {label} | {row['route']:10s} | "
                        f"{ok}/{seeds} {want} | median samples {med:,.0f} | fixed-n CP {fixed:,.0f} | "
                        f"ratio {row['ratio']:.2f} | centre samples {row['centre_samples']:,} | {secs:.1f} s/run")
    return rows


# ---------------------------------------------------------------------------------------------------- p ~ 1e-9
def rare(log) -> list[dict]:
    rows = []
    d = 16
    # time per direct draw, measured here (a direct count of 2e6 draws with a known centre)
    a = e1(d, math.sqrt(d))
    t0 = time.perf_counter()
    check_concentration(Gaussian(d), Linear(a), t=3.0, bound=0.5, center=0.0, samples=2_000_000, seed=0)
    per_draw_lin = (time.perf_counter() - t0) / 2e6
    t0 = time.perf_counter()
    check_concentration(Gaussian(d), Norm(d), t=0.3, bound=0.5, center=1.0, samples=2_000_000, seed=0)
    per_draw_norm = (time.perf_counter() - t0) / 2e6
    t_lin = float(stats.norm.isf(0.5e-9))
    p_lin = Gaussian(d).linear_tail(a, t_lin)
    m, _ = norm_law(d, 0.5)
    t_norm = optimize.brentq(lambda s: math.log(norm_law(d, s)[1]) - math.log(1e-9), 0.05, 0.99 * m + 2)
    _, p_norm = norm_law(d, t_norm)
    cases = [("Gaussian linear <e1 sqrt d, X>", Linear(a), t_lin, p_lin, 0.0, math.sqrt(d), per_draw_lin),
             ("Gaussian norm |X|", Norm(d), t_norm, p_norm, m, 1.0, per_draw_norm)]
    for name, f, t, p, centre, lip, per_draw in cases:
        for centre_kind in ("known", "estimated"):
            kw = {"center": centre} if centre_kind == "known" else {"lipschitz": lip}
            a_side = ALPHA / 2 if centre_kind == "known" else ALPHA / 4
            for label, bound, want in (("20% false", p / 1.2, "violated"), ("25% loose", 1.25 * p, "holds")):
                t0 = time.perf_counter()
                r = check_concentration(Gaussian(d), f, t=t, bound=bound, alpha=ALPHA, seed=1, **kw)
                secs = time.perf_counter() - t0
                brute = draws_to_decide(p, bound, a_side, sequential=False)
                total = r.samples + r.center_samples
                row = {"statistic": name, "d": d, "p": p, "centre": centre_kind, "claim": label,
                       "verdict": str(r.verdict), "correct": str(r.verdict) == want, "samples": r.samples,
                       "centre_samples": r.center_samples, "seconds": secs, "brute_force_samples": brute,
                       "brute_force_seconds": brute * per_draw, "speedup_samples": brute / total,
                       "speedup_time": brute * per_draw / secs, "route": r.extra.get("route")}
                rows.append(row)
                log(f"rare | {name} p={p:.3g} {centre_kind:9s} {label} | {r.verdict} ({'correct' if row['correct'] else 'WRONG'})"
                    f" | {r.samples:,} IS draws + {r.center_samples:,} centre draws, {secs:.1f} s | brute force "
                    f"{brute:.3g} draws ~ {brute * per_draw / 3600:.0f} h | speed-up {row['speedup_samples']:.3g}x in "
                    f"draws, {row['speedup_time']:.3g}x in time")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.calibration")
    ap.add_argument("--part", choices=["false-alarms", "decided", "rare", "all"], default="all")
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--seeds", type=int, default=9)
    ap.add_argument("--ps", type=float, nargs="*", default=[1e-2, 1e-3, 1e-4, 1e-5])
    ap.add_argument("--measures", nargs="*", default=["Gaussian", "sphere"])
    args = ap.parse_args(argv)
    log = lambda s: print(s, flush=True)  # noqa: E731
    if args.part in ("false-alarms", "all"):
        false_alarms(args.runs, log)
    if args.part in ("decided", "all"):
        decided(args.seeds, args.ps, log, tuple(args.measures))
    if args.part in ("rare", "all"):
        rare(log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
