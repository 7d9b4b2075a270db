"""Time the engine against the raw numpy floor in the same process, and report ratios.

The floor is the least work any checker must do: draw the samples in batches with numpy's default generator,
evaluate f, count the deviations. The engine (``check_concentration`` with a known centre) does that plus exact
confidence bounds, seeding per chunk and input checks, on the machine's cores. Each workload runs ``--repeats`` times
alternating floor and engine; the ratio is median(engine) / median(floor).

Also: the peak memory of a 1e7-sample check at d = 256 (a fresh process; its own VmHWM, since ru_maxrss
of a child carries the parent's peak on Linux), and the wall time of
``isoper verify`` over the paper. Usage::

    python -m benchmarks                 # the full table (2e6 samples, d in 16, 256, 1024; ~10 min on 2 cores)
    python -m benchmarks --quick         # a smoke run
    python -m benchmarks --json out.json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from isoper import Gaussian, Sphere, check_concentration
from isoper.montecarlo import chunk_size, default_workers
from isoper.testfunctions import Linear, ReluNet

ROOT = Path(__file__).resolve().parents[1]


def make_f(kind: str, d: int):
    rng = np.random.default_rng(12345)
    if kind == "linear":
        a = rng.standard_normal(d)
        return Linear(a / np.linalg.norm(a))
    return ReluNet.random(d, 64, rng)


def floor(measure_kind: str, f, d: int, n: int, t: float, center: float, seed: int) -> int:
    """The least work: batches from one default_rng, evaluate f, count |f - center| >= t. One core."""
    rng = np.random.default_rng(seed)
    batch = chunk_size(d)
    count = 0
    for start in range(0, n, batch):
        m = min(batch, n - start)
        x = rng.standard_normal((m, d))
        if measure_kind == "gaussian":
            x *= 1.0 / math.sqrt(d)
        else:
            x /= np.linalg.norm(x, axis=1, keepdims=True)
        y = f(x)
        count += int(np.count_nonzero(np.abs(y - center) >= t))
    return count


def engine(measure, f, n: int, t: float, center: float, seed: int, **kw) -> int:
    return check_concentration(measure, f, t=t, bound=0.5, center=center, samples=n, seed=seed, **kw).count


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def run_table(samples: int, dims: list[int], repeats: int, log) -> list[dict]:
    rows = []
    for d in dims:
        for mk in ("gaussian", "sphere"):
            measure = Gaussian(d) if mk == "gaussian" else Sphere(d)
            for fk in ("linear", "relu64"):
                f = make_f(fk, d)
                pilot = f(measure.sample(20_000, np.random.default_rng(0)))
                center, t = float(np.mean(pilot)), float(2 * np.std(pilot))
                tf, te, tes = [], [], []
                for r in range(repeats):
                    tf.append(timed(lambda: floor(mk, f, d, samples, t, center, seed=r)))
                    te.append(timed(lambda: engine(measure, f, samples, t, center, seed=r)))
                    tes.append(timed(lambda: engine(measure, f, samples, t, center, seed=r, early_stop=True)))
                row = {"measure": mk, "f": fk, "d": d, "samples": samples, "floor_s": statistics.median(tf),
                       "engine_s": statistics.median(te), "early_stop_s": statistics.median(tes)}
                row["ratio"] = row["engine_s"] / row["floor_s"]
                row["early_stop_ratio"] = row["early_stop_s"] / row["floor_s"]
                rows.append(row)
                log(f"{mk:8s} {fk:7s} d={d:5d}: floor {row['floor_s']:.2f}s engine {row['engine_s']:.2f}s "
                    f"ratio {row['ratio']:.2f} (early stop {row['early_stop_ratio']:.2f})")
    return rows


MEM = """
import sys, time
from isoper import Gaussian, check_concentration
def peak_rss_mib():  # VmHWM: this process's own peak; ru_maxrss would carry the parent's peak across exec
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
r = check_concentration(Gaussian(256), lambda x: x[:, 0] * 16.0, t=3.0, bound=0.01, center=0.0,
                        samples=int(sys.argv[1]), seed=1)
print(peak_rss_mib(), time.perf_counter() - t0)
"""


def memory(samples: int) -> dict:
    out = subprocess.run([sys.executable, "-c", MEM, str(samples)], capture_output=True, text=True, check=True)
    peak, secs = map(float, out.stdout.split())
    return {"samples": samples, "d": 256, "peak_rss_mib": peak, "seconds": secs}


def verify_time() -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "isoper.cli", "verify", str(ROOT / "proofs"), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    return {"seconds": time.perf_counter() - t0, "exit_code": proc.returncode}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["certify"]:  # python -m benchmarks certify [...]: Arb vs mpmath.iv, decisions per second
        from benchmarks.bench_certify import main as certify_main
        return certify_main(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", type=float, default=2e6)
    ap.add_argument("--dims", type=int, nargs="*", default=[16, 256, 1024])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--memory-samples", type=float, default=1e7)
    ap.add_argument("--quick", action="store_true", help="2e5 samples, d in 16 and 256, 1 repeat, 1e6 for memory")
    ap.add_argument("--skip-verify", action="store_true")
    ap.add_argument("--json", metavar="FILE", default=str(ROOT / "benchmarks" / "results" / "latest.json"))
    args = ap.parse_args(argv)
    if args.quick:
        args.samples, args.dims, args.repeats, args.memory_samples = 2e5, [16, 256], 1, 1e6

    from rich.console import Console
    from rich.table import Table

    con = Console(stderr=True)
    con.print(f"cores: {os.cpu_count()}, engine threads: {default_workers()}, numpy {np.__version__}, "
              f"python {platform.python_version()}")
    rows = run_table(int(args.samples), args.dims, args.repeats, lambda s: con.print(s, highlight=False))
    mem = memory(int(args.memory_samples))
    ver = None if args.skip_verify else verify_time()

    table = Table(title=f"engine / floor, median of {args.repeats} (lower is better; target <= 1.25)")
    for col in ("measure", "f", "d", "samples", "floor s", "engine s", "ratio", "early-stop ratio"):
        table.add_column(col, justify="right")
    for r in rows:
        table.add_row(r["measure"], r["f"], str(r["d"]), f"{r['samples']:.0e}", f"{r['floor_s']:.2f}",
                      f"{r['engine_s']:.2f}", f"{r['ratio']:.2f}", f"{r['early_stop_ratio']:.2f}")
    out = Console()
    out.print(table)
    out.print(f"memory: {mem['samples']:.0e}-sample check at d=256: peak RSS {mem['peak_rss_mib']:.0f} MiB "
              f"({mem['seconds']:.1f} s)")
    if ver:
        out.print(f"isoper verify over proofs/: {ver['seconds']:.1f} s (exit code {ver['exit_code']})")
    worst = max(r["ratio"] for r in rows)
    out.print(f"worst ratio {worst:.2f}: {'OK' if worst <= 1.25 else 'ABOVE the 1.25 target'}")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"rows": rows, "memory": mem, "verify": ver,
                                           "cores": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
