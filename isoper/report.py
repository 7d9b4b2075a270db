"""The ledger's faces: a rich table for the terminal, markdown and LaTeX for papers, JSON for machines."""

from __future__ import annotations

import json
from typing import Any

from ._validate import check_int
from .statements import LedgerResult, Status, StepResult

__all__ = ["to_json", "to_markdown", "to_latex", "rich_table", "summary_line"]

_STYLE = {
    Status.VERIFIED: "bold green",
    Status.CONSISTENT: "green",
    Status.REFUTED: "bold red",
    Status.INCONCLUSIVE: "yellow",
    Status.UNCHECKED: "magenta",
}


def _ledger(result: Any) -> LedgerResult:
    if not isinstance(result, LedgerResult):
        raise TypeError(f"result must be a LedgerResult (from Ledger.run()), got {type(result).__name__}")
    return result


def to_json(result: LedgerResult, *, indent: int | str | None = 2) -> str:
    """The ledger as JSON (the schema of DESIGN.md, plus a ``summary``)."""
    if indent is not None and not isinstance(indent, str):
        indent = check_int("indent", indent, minimum=0)
    return json.dumps(_ledger(result).to_dict(), indent=indent)


def _status_text(s: StepResult) -> str:
    text = s.evidence.status.value
    if s.correction is not None and s.step.correction is not None:
        text += f" -> corrected: {s.correction.status.value}"
    if not s.expected:
        text += " (UNEXPECTED)"
    elif s.step.erratum:
        text += " (known erratum)"
    return text


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def summary_line(result: LedgerResult) -> str:
    c = _ledger(result).counts()
    cited, scratch = c.pop("verified from cited theorems", 0), c.pop("verified from scratch", 0)
    parts = ", ".join(f"{v} {k}" + (f" ({cited} from cited theorems, {scratch} from scratch)" if k == "verified"
                                    else "") for k, v in c.items() if v)
    bad = result.unexpected
    tail = "all as recorded" if not bad else f"{len(bad)} UNEXPECTED: " + ", ".join(s.step.id for s in bad)
    if result.mutants is not None:
        muts = result.mutants
        ref = sum(m.status.value == "refuted" for m in muts)
        surv = result.survivors
        tail += (f"; mutants: {len(muts)} run, {ref} refuted, {len(muts) - ref - len(surv)} inconclusive, "
                 f"{len(surv)} SURVIVED" + (": " + ", ".join(m.step_id for m in surv) if surv else ""))
    return (f"{len(result.statements)} statements, {sum(c.values())} steps: {parts}; {tail} "
            f"(alpha={result.alpha:g} family-wise, seed={result.seed}, {result.elapsed:.1f}s)")


def rich_table(result: LedgerResult, *, width: int = 70) -> Any:
    """A :class:`rich.table.Table` of every step with its status and method."""
    _ledger(result)
    width = check_int("width", width, minimum=16)
    from rich.table import Table
    from rich.text import Text

    table = Table(title="isoper ledger", show_lines=False, expand=False)
    table.add_column("step", no_wrap=True)
    table.add_column("claim", overflow="fold", max_width=width)
    table.add_column("method", no_wrap=True)
    table.add_column("status")
    for r in result.statements:
        table.add_row(Text(f"{r.statement.id}", style="bold"), Text(_short(r.statement.title, width)), "",
                      Text(r.status.value, style=_STYLE[r.status]), end_section=False)
        for s in r.steps:
            style = _STYLE[s.evidence.status] if s.expected else "bold white on red"
            claim = _short(s.step.text, width)
            if s.step.correction is not None:
                claim += f"\n  corrected: {_short(str(s.step.correction.claim), width - 13)}"
            table.add_row("  " + s.step.id.split("/", 1)[1], claim, s.evidence.method,
                          Text(_status_text(s), style=style))
        table.add_section()
    return table


def _md_escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(result: LedgerResult) -> str:
    """The ledger as a markdown table (one row per step)."""
    _ledger(result)
    lines = ["| step | claim | method | status |", "|---|---|---|---|"]
    for r in result.statements:
        lines.append(f"| **{r.statement.id}** | {_md_escape(r.statement.title)} | | **{r.status.value}** |")
        for s in r.steps:
            claim = _md_escape(s.step.text)
            if s.step.correction is not None:
                claim += f" <br> *corrected:* {_md_escape(str(s.step.correction.claim))}"
            lines.append(f"| {s.step.id} | {claim} | {s.evidence.method} | {_status_text(s)} |")
    lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


_LATEX_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                  "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _tex(text: str) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in " ".join(text.split()))


def to_latex(result: LedgerResult) -> str:
    """The ledger as a LaTeX longtable (needs the longtable package), for a paper's appendix."""
    _ledger(result)
    out = [r"\begin{longtable}{p{0.22\linewidth}p{0.46\linewidth}p{0.12\linewidth}p{0.14\linewidth}}",
           r"\textbf{step} & \textbf{claim} & \textbf{method} & \textbf{status} \\ \hline \endhead"]
    for r in result.statements:
        out.append(rf"\textbf{{{_tex(r.statement.id)}}} & \emph{{{_tex(r.statement.title)}}} & & "
                   rf"\textbf{{{_tex(r.status.value)}}} \\")
        for s in r.steps:
            claim = _tex(s.step.text)
            if s.step.correction is not None:
                claim += r" \newline \emph{corrected:} " + _tex(str(s.step.correction.claim))
            out.append(rf"\quad {_tex(s.step.id.split('/', 1)[1])} & {claim} & {_tex(s.evidence.method)} & "
                       rf"{_tex(_status_text(s))} \\")
        out.append(r"\hline")
    out.append(r"\end{longtable}")
    return "\n".join(out) + "\n"


def mutation_rich_table(result: LedgerResult) -> Any:
    """Per statement: known-false mutants generated, refuted, inconclusive, survived, and their time."""
    from rich.table import Table

    from .statements import mutation_table

    table = Table(title="known-false mutants", expand=False)
    for col in ("statement", "generated", "refuted", "inconclusive", "survived", "time"):
        table.add_column(col, justify="left" if col == "statement" else "right")
    for r in mutation_table(result.mutants or ()):
        table.add_row(r["statement"], str(r["generated"]), str(r["refuted"]), str(r["inconclusive"]),
                      ("[bold red]" + str(r["survived"]) + "[/]") if r["survived"] else "0", f"{r['time']:.1f}s")
    return table
