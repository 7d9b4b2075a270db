"""The ``isoper`` command.

``isoper verify [PATH] [--json FILE] [--format table|markdown|latex|json]`` runs every statement module under PATH
(default: ./proofs, or the proofs/ folder beside an editable install), prints the ledger and exits non-zero when any
outcome differs from what the ledger records. ``isoper bound`` and ``isoper constants`` give the law's numbers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main", "default_proofs_path"]


def default_proofs_path() -> Path:
    """./proofs if it exists, else the proofs/ folder next to the isoper package (a source checkout)."""
    here = Path.cwd() / "proofs"
    if here.is_dir():
        return here
    beside = Path(__file__).resolve().parents[1] / "proofs"
    return beside


def _verify(args: argparse.Namespace) -> int:
    from rich.console import Console

    from . import report
    from .statements import Ledger, collect_statements

    out = Console(soft_wrap=False, width=args.width)
    if args.width is None and not out.is_terminal:
        out = Console(soft_wrap=False, width=160)
    err = Console(stderr=True)
    path = Path(args.path) if args.path else default_proofs_path()
    if not path.exists():
        err.print(f"[red]isoper verify: no statements at {path}[/red]")
        return 2
    statements = collect_statements(path)
    if not statements:
        err.print(f"[red]isoper verify: {path} defines no Statement[/red]")
        return 2
    ledger = Ledger(statements, alpha=args.alpha, seed=args.seed, thorough=args.thorough)
    only = args.only or None
    if only is not None:
        unknown = sorted(set(only) - set(ledger.ids))
        if unknown:
            err.print(f"[red]isoper verify: unknown id(s) {unknown}; known statement ids: "
                      f"{', '.join(st.id for st in ledger.statements)} (steps: <statement-id>/step-<k>, "
                      "<statement-id>/conclusion)[/red]")
            return 2
    if args.quiet or not err.is_terminal:
        # plain progress lines on a pipe or in CI, one per statement
        seen: set[str] = set()

        def progress(step_id: str) -> None:
            sid = step_id.split("/", 1)[0]
            if sid not in seen and not args.quiet:
                seen.add(sid)
                print(f"[isoper] checking {sid} ...", file=sys.stderr, flush=True)

        result = ledger.run(only=only, progress=progress, mutants=args.mutants, jobs=args.jobs)
    else:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        total = sum(len(s.steps) for s in ledger.statements) + (len(ledger.mutants(only=only)) if args.mutants else 0)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task("checking", total=total)

            def progress(step_id: str) -> None:
                bar.update(task, advance=1, description=f"checking {step_id}")

            result = ledger.run(only=only, progress=progress, mutants=args.mutants, jobs=args.jobs)

    if args.json:
        Path(args.json).write_text(report.to_json(result))
    fmt = args.format
    if fmt == "table":
        out.print(report.rich_table(result))
        if result.mutants is not None:
            out.print(report.mutation_rich_table(result))
        out.print(report.summary_line(result), style="green" if result.ok else "bold red")
    elif fmt == "markdown":
        print(report.to_markdown(result), end="")
    elif fmt == "latex":
        print(report.to_latex(result), end="")
    elif fmt == "json":
        print(report.to_json(result))
    if not result.ok:
        for m in result.survivors:
            err.print(f"[bold red]MUTANT SURVIVED[/bold red] {m.step_id}: {m.status.value}: {m.claim}",
                      markup=True, highlight=False)
            err.print(f"  known false because: {m.mutant.why_false}", markup=False, highlight=False)
        for s in result.unexpected:
            err.print(f"[bold red]UNEXPECTED[/bold red] {s.step.id}: {s.evidence.status.value} "
                      f"(recorded: {'/'.join(sorted(x.value for x in s.step.expected))})")
            err.print(f"  {s.evidence.detail[:2000]}", markup=False, highlight=False)
            if s.correction is not None and s.correction.status.value not in ("verified", "consistent"):
                err.print(f"  correction: {s.correction.status.value}: {s.correction.detail[:1000]}",
                          markup=False, highlight=False)
        err.print(f"reproduce with: isoper verify {path} --seed {args.seed} --alpha {args.alpha:g}"
                  + (" --thorough" if args.thorough else ""), markup=False)
        return 1
    return 0


def _bound(argv: list[str]) -> int:
    from . import law

    return law.main_bound(argv)


def _constants(argv: list[str]) -> int:
    from .constants import main_constants

    return main_constants(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="isoper", description="Executable, checkable mathematics: "
                                     "the universal law of robustness and isoperimetric concentration.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="run the statements under PATH and print the ledger")
    v.add_argument("path", nargs="?", default=None, help="a folder of statement modules or one module "
                   "(default: ./proofs)")
    v.add_argument("--json", metavar="FILE", help="also write the ledger as JSON to FILE")
    v.add_argument("--format", choices=("table", "markdown", "latex", "json"), default="table")
    v.add_argument("--seed", type=int, default=0, help="the run's seed (default 0); every step derives its own")
    v.add_argument("--alpha", type=float, default=1e-3,
                   help="family-wise error rate of all Monte Carlo checks together (default 1e-3)")
    v.add_argument("--thorough", action="store_true", help="10x sample budgets and longer searches")
    v.add_argument("--mutants", action="store_true",
                   help="also run every claim's known-false mutants through its checker; exits non-zero if any "
                        "comes out verified or consistent")
    v.add_argument("--jobs", type=int, default=None,
                   help="worker processes for --mutants (default: the number of cores, at most 4)")
    v.add_argument("--only", nargs="*", metavar="ID", help="run only these statement or step ids")
    v.add_argument("--quiet", action="store_true", help="no progress output")
    v.add_argument("--width", type=int, default=None, help="table width (default: the terminal's)")
    sub.add_parser("bound", help="Theorem 3's Lipschitz lower bound (isoper bound --help)", add_help=False)
    sub.add_parser("constants", help="the theorems' constants: as printed, corrected, optimised", add_help=False)
    if argv and argv[0] == "bound":
        return _bound(argv[1:])
    if argv and argv[0] == "constants":
        return _constants(argv[1:])
    args = parser.parse_args(argv)
    if not 0 < args.alpha < 1:
        parser.error(f"--alpha={args.alpha} must be in (0, 1)")
    if args.seed < 0:
        parser.error(f"--seed={args.seed} must be >= 0")
    if args.jobs is None:
        import os

        args.jobs = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                               else os.cpu_count() or 1))
    elif args.jobs < 1:
        parser.error(f"--jobs={args.jobs} must be >= 1")
    return _verify(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
