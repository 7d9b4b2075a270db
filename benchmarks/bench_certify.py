"""Decisions per second of the Arb interval route against the old mpmath.iv route, on the same claims, same run.

The claims are the textbook suite of tests/test_certify_textbook.py (special functions, half false). The old route is
``isoper/certify.py`` as it stands on another git revision (default ``main``: the mpmath.iv implementation), loaded
from ``git show`` as a separate module; nothing of it is kept in the library. Both routes get the same
``max_boxes``. A decision is a ``verified`` or ``refuted`` that agrees with the claim's known truth; a wrong verdict
and an exception are counted apart (never as decisions).

Run: ``python -m benchmarks.bench_certify [--rev main] [--max-boxes 2000] [--full] [--json FILE]``
(``--full`` also times ``check_inequality`` of both revisions, whose symbolic routes are clock-limited.)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load_old(rev: str) -> types.ModuleType:
    """``isoper/certify.py`` at git revision ``rev``, as the module ``isoper._certify_<rev>``."""
    src = subprocess.run(["git", "show", f"{rev}:isoper/certify.py"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    name = f"isoper._certify_{rev.replace('/', '_').replace('-', '_')}"
    mod = types.ModuleType(name)
    mod.__package__ = "isoper"
    mod.__file__ = f"<git {rev}:isoper/certify.py>"
    sys.modules[name] = mod
    exec(compile(src, mod.__file__, "exec"), mod.__dict__)  # noqa: S102 - the project's own source at a revision
    return mod


def load_claims() -> list[Any]:
    spec = importlib.util.spec_from_file_location("_textbook", ROOT / "tests" / "test_certify_textbook.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["_textbook"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return list(mod.CLAIMS)


def elementary_claims(cls: Any) -> list[Any]:
    """Claims in exp, log, powers and roots only, which the old route can evaluate: a like-for-like comparison."""
    import sympy as sp

    x, y, a, b, n, e = sp.symbols("x y a b n e", positive=True)
    return [
        cls("log1p<=x", sp.log(1 + x), "<=", x, {"x": (0, 10)}, True, ""),
        cls("log1p>=x", sp.log(1 + x), ">=", x, {"x": (0, 10)}, False, ""),
        cls("xexp<=1/e", x * sp.exp(-x), "<=", sp.exp(-1) + sp.Rational(1, 1000), {"x": (0, 20)}, True, ""),
        cls("xexp<=1/3", x * sp.exp(-x), "<=", sp.Rational(1, 3), {"x": (0, 20)}, False, ""),
        cls("tangent-exp", sp.exp(-a) + a, ">=", 1, {"a": (0, 3)}, True, ""),
        cls("packing", 1 + 2 * a / b, "<=", 10 * a / b, {"a": (1, 10), "b": (sp.Rational(1, 2), 8)}, True, ""),
        cls("packing-wrong", 1 + 2 * a / b, "<=", 9 * a / b, {"a": (1, 10), "b": (sp.Rational(1, 2), 8)}, False, ""),
        cls("lemma-2.1", 2 * sp.exp(-x / 512), "<=", 1, {"x": (400, 10**6)}, True, ""),
        cls("lemma-2.1-wrong", 2 * sp.exp(-x / 512), "<=", 1, {"x": (300, 10**6)}, False, ""),
        cls("hoeffding-const", sp.exp(-n * e**2 / 288), "<=", sp.exp(-n * e**2 / 512), {"n": (1, 10**4),
                                                                                        "e": (0, 1)}, True, ""),
        cls("hoeffding-reversed", sp.exp(-n * e**2 / 512), "<=", sp.exp(-n * e**2 / 288), {"n": (1, 10**4),
                                                                                          "e": (0, 1)}, False, ""),
        cls("sqrt-concave", sp.sqrt(1 + x), "<=", 1 + x / 2, {"x": (0, 100)}, True, ""),
        cls("power-mean", (x**3 + y**3) / 2, ">=", ((x + y) / 2) ** 3, {"x": (1, 4), "y": (1, 4)}, True, ""),
        cls("power-mean-wrong", (x**3 + y**3) / 2, "<=", ((x + y) / 2) ** 3, {"x": (1, 4), "y": (1, 4)}, False, ""),
        cls("young", x * y, "<=", x**2 / 2 + y**2 / 2 + sp.Rational(1, 100), {"x": (0, 5), "y": (0, 5)}, True, ""),
        cls("exp-convex", sp.exp(x), ">=", 1 + x + x**2 / 2, {"x": (0, 5)}, True, ""),
    ]


def run_route(fn: Any, claims: list[Any], kind: str, max_boxes: int) -> list[dict[str, Any]]:
    rows = []
    for c in claims:
        t0 = time.perf_counter()
        try:
            if kind == "interval":
                res = fn(c.lhs, c.domain, op=c.op, rhs=c.rhs, max_boxes=max_boxes)
            else:
                res = fn(c.lhs, c.op, c.rhs, c.domain)
            status, err = res.status, ""
        except Exception as exc:  # noqa: BLE001 - the old route raised on several of these claims
            status, err = "exception", f"{type(exc).__name__}: {str(exc)[:60]}"
        secs = time.perf_counter() - t0
        right = (status == "verified" and c.truth) or (status == "refuted" and not c.truth)
        wrong = (status == "verified" and not c.truth) or (status == "refuted" and c.truth)
        rows.append({"claim": c.name, "truth": c.truth, "status": status, "right": right, "wrong": wrong,
                     "seconds": secs, "error": err})
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = sum(r["seconds"] for r in rows)
    decided = sum(r["right"] for r in rows)
    return {"claims": len(rows), "decided": decided, "wrong": sum(r["wrong"] for r in rows),
            "exceptions": sum(r["status"] == "exception" for r in rows), "seconds": total,
            "decisions_per_second": decided / total if total > 0 else float("nan")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_certify", description=__doc__.split("\n\n")[0])
    ap.add_argument("--rev", default="main", help="git revision holding the old mpmath.iv route (default: main)")
    ap.add_argument("--max-boxes", type=int, default=2000)
    ap.add_argument("--full", action="store_true", help="also compare check_inequality (all routes)")
    ap.add_argument("--json", metavar="FILE", default=None)
    args = ap.parse_args(argv)

    from isoper import certify as new

    old = load_old(args.rev)
    claims = load_claims()
    claims += elementary_claims(type(claims[0]))
    out: dict[str, Any] = {"rev": args.rev, "max_boxes": args.max_boxes}
    kinds = ["interval"] + (["check_inequality"] if args.full else [])
    for kind in kinds:
        fn_new = new.certify_interval if kind == "interval" else new.check_inequality
        fn_old = old.certify_interval if kind == "interval" else old.check_inequality
        rows_old = run_route(fn_old, claims, kind, args.max_boxes)
        rows_new = run_route(fn_new, claims, kind, args.max_boxes)
        s_old, s_new = summary(rows_old), summary(rows_new)
        ratio = s_new["decisions_per_second"] / s_old["decisions_per_second"] if s_old["decided"] else float("inf")
        ok = [i for i, r in enumerate(rows_old) if r["status"] != "exception"]
        c_old = summary([rows_old[i] for i in ok])
        c_new = summary([rows_new[i] for i in ok])
        ratio_common = (c_new["decisions_per_second"] / c_old["decisions_per_second"]) if c_old["decided"] else \
            float("inf")
        print(f"\n{kind}: {len(claims)} claims, max_boxes={args.max_boxes}")
        print(f"{'claim':28s} {'truth':5s} | {'old (' + args.rev + ')':28s} {'s':>6s} | {'arb':14s} {'s':>6s}")
        for ro, rn in zip(rows_old, rows_new):
            print(f"{ro['claim']:28s} {ro['truth']!s:5s} | {(ro['status'] + ' ' + ro['error'])[:28]:28s} "
                  f"{ro['seconds']:6.2f} | {rn['status']:14s} {rn['seconds']:6.2f}")
        for label, s in ((f"old ({args.rev}, mpmath.iv)", s_old), ("new (Arb)", s_new)):
            print(f"{label:24s}: decided {s['decided']}/{s['claims']}, wrong {s['wrong']}, exceptions "
                  f"{s['exceptions']}, {s['seconds']:.2f} s, {s['decisions_per_second']:.2f} decisions/s")
        print(f"ratio (new / old decisions per second): {ratio:.1f}")
        print(f"on the {len(ok)} claims the old route evaluates without an exception: old {c_old['decided']} "
              f"decided in {c_old['seconds']:.2f} s, new {c_new['decided']} in {c_new['seconds']:.2f} s; "
              f"ratio {ratio_common:.1f}")
        out[kind] = {"old": s_old, "new": s_new, "ratio": ratio, "ratio_common": ratio_common,
                     "old_common": c_old, "new_common": c_new, "rows_old": rows_old, "rows_new": rows_new}
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
