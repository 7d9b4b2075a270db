"""The ``isoper`` command.

``isoper verify [PATH]`` runs every statement module under PATH (default: the paper shipped with isoper), prints the
ledger and exits non-zero when any outcome differs from what the ledger records; ``--json FILE`` writes it as JSON,
``--format markdown|latex|html|json`` as a report. ``isoper show ID`` prints one statement or step with its evidence
and the command that reproduces it. ``isoper bound`` and ``isoper constants`` give the law's numbers.

This module imports only the standard library at import time, so that ``isoper --help`` starts fast; each command
imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["main", "default_proofs_path", "paper_path"]

FORMATS = ("table", "tree", "markdown", "latex", "html", "json")


def paper_path() -> Path:
    """The folder of the paper's statement modules shipped with isoper.

    In an installed wheel it is the package folder ``isoper/paper`` (built from the source tree's ``proofs/``); in a
    source checkout (an editable install) it is ``proofs/`` beside the ``isoper`` package.
    """
    here = Path(__file__).resolve().parent
    shipped = here / "paper"
    if shipped.is_dir() and any(shipped.glob("*.py")):
        return shipped
    return here.parent / "proofs"


def default_proofs_path() -> Path:
    """``./proofs`` if the current folder has one (a checkout of a paper), else :func:`paper_path`."""
    local = Path.cwd() / "proofs"
    if local.is_dir():
        return local
    return paper_path()


def _version() -> str:
    from . import __version__

    return __version__


def _known_ids(statements: list[Any]) -> tuple[set[str], list[str]]:
    ids: set[str] = set()
    for st in statements:
        ids.add(st.id)
        ids.update(s.id for s in st.steps)
    return ids, sorted(st.id for st in statements)


def _console(width: int | None, *, stderr: bool = False) -> Any:
    from rich.console import Console

    if width is None and not stderr:
        probe = Console()
        if not probe.is_terminal:
            cols = os.environ.get("COLUMNS")
            width = int(cols) if cols and cols.isdigit() else 100
    return Console(stderr=stderr, width=width, soft_wrap=False, highlight=False)


def _load(args: argparse.Namespace, err: Any) -> tuple[Path, list[Any]] | int:
    from .statements import collect_statements

    path = Path(args.path) if args.path else default_proofs_path()
    if not path.exists():
        err.print(f"isoper: no statements at {path}", style="red", markup=False)
        return 2
    statements = collect_statements(path)
    if not statements:
        err.print(f"isoper: {path} defines no Statement", style="red", markup=False)
        return 2
    return path, statements


def _run(args: argparse.Namespace, statements: list[Any], only: list[str] | None, err: Any) -> Any:
    from .statements import Ledger

    ledger = Ledger(statements, alpha=args.alpha, seed=args.seed, thorough=args.thorough)
    mutants, jobs = getattr(args, "mutants", False), getattr(args, "jobs", 1)
    kw = {"mutants": True, "jobs": jobs} if mutants else {}
    if args.quiet or not err.is_terminal:
        seen: set[str] = set()

        def progress(step_id: str) -> None:
            sid = step_id.split("/", 1)[0]
            if sid not in seen and not args.quiet:
                seen.add(sid)
                print(f"[isoper] checking {sid} ...", file=sys.stderr, flush=True)

        return ledger.run(only=only, progress=progress, **kw)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    wanted = set(only) if only else None
    total = sum(1 for st in ledger.statements for s in st.steps
                if wanted is None or st.id in wanted or s.id in wanted)
    if mutants:
        total += len(ledger.mutants(only=only))
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task("checking", total=total)

        def progress(step_id: str) -> None:
            bar.update(task, advance=1, description=f"checking {step_id}")

        return ledger.run(only=only, progress=progress, **kw)


def _path_arg(args: argparse.Namespace, path: Path) -> str | None:
    """The PATH to put in a reproduce command (None for the shipped paper)."""
    return None if args.path is None and path.resolve() == paper_path().resolve() else str(path)


def _verify(args: argparse.Namespace) -> int:
    from . import report

    out = _console(args.width)
    err = _console(None, stderr=True)
    loaded = _load(args, err)
    if isinstance(loaded, int):
        return loaded
    path, statements = loaded
    only = args.only or None
    if only:
        ids, names = _known_ids(statements)
        unknown = [i for i in only if i not in ids]
        if unknown:
            err.print(f"isoper verify: unknown id{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; known "
                      f"statements: {', '.join(names)} (or a step id such as {names[0]}/step-1 or "
                      f"{names[0]}/conclusion)", style="red", markup=False)
            return 2
    result = _run(args, statements, only, err)
    if args.json:
        Path(args.json).write_text(report.to_json(result))
    if args.output:
        text = {"markdown": report.to_markdown, "latex": report.to_latex, "html": report.to_html,
                "json": report.to_json}.get(args.format, report.to_markdown)(result)
        Path(args.output).write_text(text)
    fmt = args.format
    if fmt in ("tree", "table") or args.output:
        if fmt == "table":
            out.print(report.rich_table(result))
        else:
            out.print(report.rich_tree(result, details=args.details))
        if getattr(result, "mutants", None) is not None:
            out.print(report.mutation_rich_table(result))
        out.print(report.summary_line(result), style="green" if result.ok else "bold red", markup=False)
    elif fmt == "markdown":
        print(report.to_markdown(result), end="")
    elif fmt == "latex":
        print(report.to_latex(result), end="")
    elif fmt == "html":
        print(report.to_html(result), end="")
    elif fmt == "json":
        print(report.to_json(result))
    if not result.ok:
        for m in getattr(result, "survivors", ()):
            err.print(f"MUTANT SURVIVED {m.step_id}: {m.status.value}: {m.claim}", style="bold red", markup=False,
                      highlight=False)
            err.print(f"  known false because: {m.mutant.why_false}", markup=False, highlight=False)
        for s in result.unexpected:
            err.print(f"UNEXPECTED {s.step.id}: {s.evidence.status.value} "
                      f"(recorded: {'/'.join(sorted(x.value for x in s.step.expected))})", style="bold red",
                      markup=False)
            err.print(f"  {s.evidence.detail[:2000]}", markup=False, highlight=False)
            if s.correction is not None and s.correction.status.value not in ("verified", "consistent"):
                err.print(f"  correction: {s.correction.status.value}: {s.correction.detail[:1000]}",
                          markup=False, highlight=False)
            err.print("  reproduce: " + report.reproduce_commands(
                s.step.id, seed=args.seed, alpha=args.alpha, path=_path_arg(args, path), thorough=args.thorough)[0],
                markup=False, highlight=False)
        return 1
    return 0


def _show(args: argparse.Namespace) -> int:
    import json

    from . import report

    out = _console(args.width)
    err = _console(None, stderr=True)
    if args.json:
        data = json.loads(Path(args.json).read_text())
        try:
            report.find_entry(data, args.id)
        except KeyError as exc:
            err.print(f"isoper show: {exc.args[0]}", style="red", markup=False)
            return 2
        summary = data.get("summary", {})
        out.print(report.rich_step(data, args.id, seed=summary.get("seed", args.seed),
                                   alpha=summary.get("alpha", args.alpha), path=args.path))
        return 0
    loaded = _load(args, err)
    if isinstance(loaded, int):
        return loaded
    path, statements = loaded
    ids, names = _known_ids(statements)
    if args.id not in ids:
        err.print(f"isoper show: unknown id {args.id}; known statements: {', '.join(names)}", style="red",
                  markup=False)
        return 2
    args.quiet = True
    result = _run(args, statements, [args.id], err)
    out.print(report.rich_step(result, args.id, seed=args.seed, alpha=args.alpha, path=_path_arg(args, path)))
    return 0 if result.ok else 1


def _bound(argv: list[str]) -> int:
    from . import law

    return law.main_bound(argv)


def _constants(argv: list[str]) -> int:
    from .constants import main_constants

    return main_constants(argv)


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", default=None, help="a folder of statement modules or one module "
                   "(default: ./proofs if present, else the paper shipped with isoper)")
    p.add_argument("--seed", type=int, default=0, help="the run's seed (default 0); every step derives its own")
    p.add_argument("--alpha", type=float, default=1e-3,
                   help="family-wise error rate of all Monte Carlo checks together (default 1e-3)")
    p.add_argument("--thorough", action="store_true", help="10x sample budgets and longer searches")
    p.add_argument("--width", type=int, default=None, help="output width (default: the terminal's)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="isoper", description="Executable, checkable mathematics: "
                                     "the universal law of robustness and isoperimetric concentration.")
    parser.add_argument("--version", action="version", version=f"isoper {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="run the statements under PATH and print the ledger",
                       description="Run every statement module under PATH and print the ledger; exit 1 if any "
                       "outcome differs from what the ledger records, 2 on a usage error.")
    _run_options(v)
    v.add_argument("--json", metavar="FILE", help="also write the ledger as JSON to FILE")
    v.add_argument("--format", choices=FORMATS, default="tree",
                   help="tree (default; readable at 80 columns), table (wide terminals), markdown, latex (a "
                   "complete document), html (one self-contained page), json")
    v.add_argument("--output", "-o", metavar="FILE", help="write the --format report to FILE (markdown when the "
                   "format is tree or table) and print the tree")
    v.add_argument("--details", action="store_true", help="show each step's evidence, counterexample and "
                   "cited theorems in the tree")
    v.add_argument("--only", nargs="+", metavar="ID", help="run only these statement or step ids")
    v.add_argument("--mutants", action="store_true",
                   help="also run every claim's known-false mutants through its checker; exits non-zero if any "
                        "comes out verified or consistent")
    v.add_argument("--jobs", type=int, default=None,
                   help="worker processes for --mutants (default: the number of cores, at most 4)")
    v.add_argument("--quiet", action="store_true", help="no progress output")
    s = sub.add_parser("show", help="check one statement or step and print everything about it",
                       description="Run one statement or step (or read it from a --json ledger) and print its "
                       "claim, status, method, evidence, counterexample, correction, cited theorems, seed and the "
                       "command and Python call that reproduce it.")
    s.add_argument("id", help="a statement id (thm-law) or a step id (thm-law/step-3)")
    _run_options(s)
    s.add_argument("--json", metavar="FILE", help="read the ledger from FILE (written by verify --json) "
                   "instead of running the check")
    sub.add_parser("bound", help="Theorem 3's Lipschitz lower bound (isoper bound --help)", add_help=False)
    sub.add_parser("constants", help="the theorems' constants: as printed, corrected, optimised", add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "bound":
        return _bound(argv[1:])
    if argv and argv[0] == "constants":
        return _constants(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if not 0 < args.alpha < 1:
        parser.error(f"--alpha={args.alpha} must be in (0, 1)")
    if args.seed < 0:
        parser.error(f"--seed={args.seed} must be >= 0")
    if args.width is not None and args.width < 40:
        parser.error(f"--width={args.width} must be at least 40")
    if args.command == "show":
        return _show(args)
    if args.jobs is None:
        args.jobs = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                               else os.cpu_count() or 1))
    elif args.jobs < 1:
        parser.error(f"--jobs={args.jobs} must be >= 1")
    return _verify(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
