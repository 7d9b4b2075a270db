"""Benchmark and comparison table for isoper.covering (prints; asserts nothing about time).

Run: python benchmarks/bench_covering.py
"""

from __future__ import annotations

import time

import numpy as np

from isoper import covering as cov


def time_greedy() -> None:
    x = np.random.default_rng(0).random((200_000, 2))
    print("greedy_net on 2e5 uniform points of [0, 1]^2")
    for eta in (0.5, 0.1, 0.01, 0.002, 1e-6):
        t = time.perf_counter()
        net = cov.greedy_net(x, eta)
        dt = time.perf_counter() - t
        print(f"  eta={eta:<8g} centres={net.size:>7d} max_distance={net.max_distance:.6g} time={dt:.2f}s")


def disk_table() -> None:
    print("\nunit disk: bounds vs certified greedy net vs literature optimum N = min{n : r_n <= eta}")
    print(f"  {'eta':>5} {'lower':>7} {'known N':>7} {'greedy':>6} {'cert. radius':>12} {'upper':>7}")
    for eta in (1.0, 0.87, 0.71, 0.61, 0.6, 0.5):
        lo, hi = cov.ball_covering_bounds(dim=2, radius=1.0, eta=eta)
        best = None
        for seed in range(5):  # smallest certified net over a few seeds and shrink factors
            for shrink in (0.9, 0.94, 0.97):
                res = cov.sample_ball_net(dim=2, radius=1.0, eta=eta, net_eta=shrink * eta, samples=5000,
                                          rng=np.random.default_rng(seed))
                if res.certified and (best is None or res.net.size < best.net.size):
                    best = res
        size = "-" if best is None else str(best.net.size)
        rad = "-" if best is None else f"{best.radius_bracket[1]:.4f}"  # type: ignore[index]
        print(f"  {eta:>5} {lo:>7.2f} {cov.disk_covering_number(eta):>7d} {size:>6} {rad:>12} {hi:>7.2f}")


def main() -> None:
    time_greedy()
    disk_table()
    print("\nparameter nets (discretise): linear maps d=3, R=1, eta=0.2")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((500, 3))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    r = cov.discretise(cov.LinearMaps(3), eta=0.2, params=rng.uniform(-1, 1, (5000, 3)), data=x, L=1.0)
    print(f"  kept={r.kept} net={r.net.size} max_sup_error={r.max_sup_error:.4f} exact={r.max_sup_error_exact:.4f}"
          f" J*eta={r.J_eta} max_ratio={r.max_ratio:.4f} centre Lip={r.centre_lipschitz:.4f} verdict={r.verdict}")


if __name__ == "__main__":
    main()
