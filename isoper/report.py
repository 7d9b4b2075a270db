r"""The ledger's faces: a tree for the terminal, markdown, LaTeX and HTML to share, JSON for machines.

Every function here reads the ledger as :meth:`LedgerResult.to_dict` writes it (so a saved ``--json`` file renders
the same way as a fresh run) and shows, for each step, its claim, status, method, the evidence's detail, the
counterexample of a refuted step, the corrected claim and its status, the cited theorems and the seed, with the
command that reproduces it. Claims are ASCII mathematics (``exp(-d t^2/(2c))``, ``eps``, ``<=``); markdown and
LaTeX typeset them (``$\exp(-d t^{2}/(2c))$``), HTML uses ``<sup>``/``<sub>`` and Unicode symbols. Keys that a
ledger may lack (``counterexample``, ``cites``, ``mutants``, newer summary counts) are read with defaults.
"""

from __future__ import annotations

import html as _html
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from ._validate import check_bool, check_int

__all__ = [
    "to_json",
    "to_markdown",
    "to_latex",
    "to_html",
    "rich_table",
    "mutation_rich_table",
    "rich_tree",
    "rich_step",
    "summary_line",
    "reproduce_commands",
    "find_entry",
]

STATUSES = ("verified", "consistent", "refuted", "inconclusive", "unchecked")
_STYLE = {
    "verified": "bold green",
    "consistent": "green",
    "refuted": "bold red",
    "inconclusive": "yellow",
    "unchecked": "magenta",
}


# ------------------------------------------------------------------------------------------------------------------
# reading a ledger (a LedgerResult or its dict)


def _ledger_dict(result: Any) -> dict[str, Any]:
    from .statements import LedgerResult

    if isinstance(result, LedgerResult):
        return result.to_dict()
    if isinstance(result, Mapping) and isinstance(result.get("statements"), list):
        return dict(result)
    raise TypeError(
        f"result must be a LedgerResult (from Ledger.run()) or its to_dict() form, got {type(result).__name__}"
    )


def _evidence(step: Mapping[str, Any]) -> dict[str, Any]:
    d = step.get("detail")
    return d if isinstance(d, dict) else {"detail": "" if d is None else str(d)}


def _counterexample(step: Mapping[str, Any]) -> Any:
    cex = step.get("counterexample")
    return cex if cex is not None else _evidence(step).get("counterexample")


def _cites(step: Mapping[str, Any]) -> list[str]:
    cites = step.get("cites")
    if cites is None:
        cites = _evidence(step).get("cites")
    if not cites:
        return []
    return [str(c) for c in cites] if isinstance(cites, (list, tuple)) else [str(cites)]


def _method(step: Mapping[str, Any]) -> str:
    """The method string with repeated parts dropped ("symbolic+monte-carlo+symbolic" -> "symbolic+monte-carlo")."""
    return "+".join(dict.fromkeys(p for p in str(step.get("method", "")).split("+") if p))


def _flags(step: Mapping[str, Any]) -> str:
    """What the ledger records about a step beyond its status: erratum, correction, unexpected outcome."""
    parts = []
    cor = step.get("correction")
    if step.get("erratum"):
        parts.append("known erratum")
    if isinstance(cor, Mapping):
        parts.append(f"corrected: {cor.get('status')}")
    if step.get("expected") is False:
        parts.append("UNEXPECTED")
    return "; ".join(parts)


def _status_text(step: Mapping[str, Any]) -> str:
    flags = _flags(step)
    return f"{step.get('status')} ({flags})" if flags else str(step.get("status"))


def _short_id(step_id: str) -> str:
    return step_id.split("/", 1)[1] if "/" in step_id else step_id


def _fmt_value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, (list, tuple)) and len(v) <= 8:
        return "[" + ", ".join(_fmt_value(x) for x in v) + "]"
    return str(v)


def _cex_items(cex: Any) -> list[tuple[str, str]]:
    if cex is None:
        return []
    if isinstance(cex, Mapping):
        return [(str(k), _fmt_value(v)) for k, v in cex.items()]
    return [("", _fmt_value(cex))]


def _cex_text(cex: Any) -> str:
    return ", ".join(f"{k} = {v}" if k else v for k, v in _cex_items(cex))


def find_entry(result: Any, entry_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The statement dict and (for a step id) the step dict of ``entry_id``; ``KeyError`` naming the known ids."""
    if not isinstance(entry_id, str):
        raise TypeError(f"entry_id must be a str, got {type(entry_id).__name__}")
    data = _ledger_dict(result)
    for st in data["statements"]:
        if st.get("id") == entry_id:
            return st, None
        for s in st.get("steps", []):
            if s.get("id") == entry_id:
                return st, s
    known = [st.get("id") for st in data["statements"]]
    raise KeyError(f"no statement or step {entry_id!r}; statements: {', '.join(map(str, known))}")


def reproduce_commands(step_id: str, *, seed: int = 0, alpha: float = 1e-3, path: str | None = None,
                       thorough: bool = False) -> tuple[str, str]:
    """The shell command and the Python call that rerun one statement or step exactly.

    A step's seed is derived from the run's seed and its id, and its share of alpha from the number of checks of
    all the statements collected, so rerunning one id over the same folder with the same seed and alpha repeats
    the check bit for bit. ``path=None`` means the paper shipped with isoper.
    """
    if not isinstance(step_id, str) or not step_id:
        raise TypeError(f"step_id must be a non-empty str, got {step_id!r}")
    seed = check_int("seed", seed, minimum=0)
    from ._validate import check_open_unit

    alpha = check_open_unit("alpha", alpha)
    thorough = check_bool("thorough", thorough)
    if path is not None and not isinstance(path, str):
        raise TypeError(f"path must be a str or None, got {type(path).__name__}")
    where = f" {path}" if path else ""
    cli = f"isoper verify{where} --only {step_id} --seed {seed} --alpha {alpha:g}" + (" --thorough" if thorough else "")
    src = repr(path) if path else "paper_path()"
    imports = "Ledger, collect_statements" + ("" if path else ", paper_path")
    run = (f"Ledger(collect_statements({src}), seed={seed}, alpha={alpha!r}"
           + (", thorough=True" if thorough else "") + f").run(only=[{step_id!r}])")
    pick = ".statements[0].steps[0].evidence" if "/" in step_id else ".statements[0].status"
    py = f'python -c "from isoper import {imports}; r = {run}; print(r{pick})"'
    return cli, py


# ------------------------------------------------------------------------------------------------------------------
# JSON and the summary


def to_json(result: Any, *, indent: int | str | None = 2) -> str:
    """The ledger as JSON (the schema of DESIGN.md, plus a ``summary``)."""
    if indent is not None and not isinstance(indent, str):
        indent = check_int("indent", indent, minimum=0)
    return json.dumps(_ledger_dict(result), indent=indent)


def _steps(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [s for st in data["statements"] for s in st.get("steps", [])]


def _extra_counts(summary: Mapping[str, Any]) -> list[str]:
    """Counts the summary may carry beyond the status counts (e.g. steps verified from cited theorems)."""
    out = []
    for k, v in summary.items():
        if k in ("alpha", "seed", "elapsed", "counts", "unexpected", "error_rate", "mutation", "survivors") \
                or isinstance(v, bool):
            continue
        if isinstance(v, int):
            out.append(f"{v} {k.replace('_', ' ')}")
        elif isinstance(v, Mapping) and v and all(isinstance(x, int) for x in v.values()):
            out.append(f"{k.replace('_', ' ')}: " + ", ".join(f"{x} {str(key).replace('_', ' ')}"
                                                              for key, x in v.items()))
    return out


def summary_line(result: Any) -> str:
    """One line: statements, steps per status, whether everything is as recorded, alpha, seed, time."""
    data = _ledger_dict(result)
    summary = data.get("summary", {})
    counts = {k: v for k, v in (summary.get("counts") or {}).items() if k in STATUSES}
    if not counts:
        for s in _steps(data):
            counts[s.get("status")] = counts.get(s.get("status"), 0) + 1
    # counts beside the statuses (steps verified from cited theorems / from scratch), in the summary or its counts
    aside = {k: v for k, v in (summary.get("counts") or {}).items() if k not in STATUSES}
    parts = ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    extra = [f"{v} {k}" for k, v in aside.items() if isinstance(v, int)] + _extra_counts(summary)
    if extra:
        parts += " (" + "; ".join(extra) + ")"
    bad = summary.get("unexpected")
    if bad is None:
        bad = [s["id"] for s in _steps(data) if s.get("expected") is False]
    tail = "all as recorded" if not bad else f"{len(bad)} UNEXPECTED: " + ", ".join(bad)
    mutants = data.get("mutants")
    if mutants is not None:
        ref = sum(m.get("status") == "refuted" for m in mutants)
        surv = [m.get("step") for m in mutants if m.get("status") in ("verified", "consistent")]
        tail += (f"; mutants: {len(mutants)} run, {ref} refuted, {len(mutants) - ref - len(surv)} inconclusive, "
                 f"{len(surv)} SURVIVED" + (": " + ", ".join(map(str, surv)) if surv else ""))
    alpha, seed, elapsed = summary.get("alpha"), summary.get("seed"), summary.get("elapsed")
    run = ", ".join(x for x in (f"alpha={alpha:g} family-wise" if isinstance(alpha, (int, float)) else "",
                                f"seed={seed}" if seed is not None else "",
                                f"{elapsed:.1f}s" if isinstance(elapsed, (int, float)) else "") if x)
    return (f"{len(data['statements'])} statements, {sum(counts.values())} steps: {parts}; {tail}"
            + (f" ({run})" if run else ""))


# ------------------------------------------------------------------------------------------------------------------
# terminal (rich)


def _clip(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if n <= 0 or len(text) <= n else text[: n - 1] + "\u2026"


def rich_tree(result: Any, *, details: bool = False, detail_chars: int = 600) -> Any:
    """The ledger as a :class:`rich.console.Group` of trees, one per statement, readable at 80 columns.

    Each step shows its id, its status word (coloured), the flags the ledger records, the short method and the
    whole claim, wrapped. ``details=True`` adds the evidence, the counterexample, the correction and the cited
    theorems under each step (evidence clipped at ``detail_chars`` characters; 0 means no clipping).
    """
    data = _ledger_dict(result)
    details = check_bool("details", details)
    detail_chars = check_int("detail_chars", detail_chars, minimum=0)
    from rich.console import Group
    from rich.text import Text
    from rich.tree import Tree

    trees = []
    for st in data["statements"]:
        status = str(st.get("status"))
        head = Text.assemble((str(st.get("id")), "bold"), "  ", (status, _STYLE.get(status, "")), "  ",
                             (str(st.get("title", "")), "italic"))
        tree = Tree(head, guide_style="dim")
        for s in st.get("steps", []):
            status = str(s.get("status"))
            unexpected = s.get("expected") is False
            label = Text.assemble(
                (_short_id(str(s.get("id"))), "bold"), " ",
                (status, "bold white on red" if unexpected else _STYLE.get(status, "")),
            )
            flags = _flags(s)
            if flags:
                label.append(f" ({flags})", style="bold red" if unexpected else "dim")
            label.append(f" [{_method(s)}]", style="cyan")
            label.append("\n" + " ".join(str(s.get("claim", "")).split()))
            node = tree.add(label)
            cor = s.get("correction")
            if isinstance(cor, Mapping):
                node.add(Text.assemble(("corrected ", "bold"), (str(cor.get("status")),
                                                                _STYLE.get(str(cor.get("status")), "")),
                                       ": " + " ".join(str(cor.get("claim", "")).split())))
            if details:
                ev = _evidence(s)
                node.add(Text.assemble(("evidence: ", "bold"), _clip(ev.get("detail", ""), detail_chars)))
                cex = _counterexample(s)
                if cex is not None:
                    node.add(Text.assemble(("counterexample: ", "bold red"), _cex_text(cex)))
                cites = _cites(s)
                if cites:
                    node.add(Text.assemble(("cites: ", "bold"), "; ".join(cites)))
                if ev.get("seed") is not None:
                    node.add(Text(f"seed {ev.get('seed')}", style="dim"))
        trees.append(tree)
    mutants = data.get("mutants")
    if mutants:
        trees.append(_mutants_tree(mutants, every=details))
    return Group(*trees)


def _mutants_tree(mutants: list[Mapping[str, Any]], *, every: bool = False) -> Any:
    """The mutants' counts; under them the mutants that were not refuted (all of them with ``every``)."""
    from rich.text import Text
    from rich.tree import Tree

    counts: dict[str, int] = {}
    for m in mutants:
        counts[str(m.get("status"))] = counts.get(str(m.get("status")), 0) + 1
    tree = Tree(Text.assemble(("mutants", "bold"), "  " + ", ".join(f"{v} {k}" for k, v in counts.items())))
    for m in mutants:
        status = str(m.get("status"))
        survived = status in ("verified", "consistent")
        if status == "refuted" and not every:
            continue
        tree.add(Text.assemble((str(m.get("step")), "bold"), " ",
                               (status, "bold white on red" if survived else _STYLE.get(status, "")),
                               "\n" + " ".join(str(m.get("mutant", "")).split())))
    return tree


def rich_step(result: Any, entry_id: str, *, seed: int | None = None, alpha: float | None = None,
              path: str | None = None) -> Any:
    """Everything the ledger knows about one statement or step, as a rich renderable (``isoper show ID``)."""
    st, step = find_entry(result, entry_id)
    data = _ledger_dict(result)
    summary = data.get("summary", {})
    seed = summary.get("seed", 0) if seed is None else seed
    alpha = summary.get("alpha", 1e-3) if alpha is None else alpha
    from rich.console import Group
    from rich.text import Text

    out: list[Any] = []

    def field(name: str, value: Any, style: str = "") -> None:
        if value is None or value == "" or value == []:
            return
        out.append(Text.assemble((f"{name}: ", "bold"), (str(value), style)))

    field("statement", f"{st.get('id')}: {st.get('title', '')}")
    field("source", st.get("source"))
    if step is None:
        field("status", st.get("status"), _STYLE.get(str(st.get("status")), ""))
        for h in st.get("hypotheses", []):
            field("hypothesis", h)
        field("conclusion", st.get("conclusion"))
        for s in st.get("steps", []):
            line = Text.assemble(("  " + _short_id(str(s.get("id"))), "bold"), " ",
                                 (str(s.get("status")), _STYLE.get(str(s.get("status")), "")))
            flags = _flags(s)
            if flags:
                line.append(f" ({flags})", style="dim")
            line.append("  " + " ".join(str(s.get("claim", "")).split()))
            out.append(line)
    else:
        ev = _evidence(step)
        field("step", step.get("id"))
        field("claim", " ".join(str(step.get("claim", "")).split()))
        field("status", _status_text(step), _STYLE.get(str(step.get("status")), ""))
        field("method", step.get("method"))
        field("evidence", ev.get("detail"))
        if ev.get("interval"):
            field("interval", _fmt_value(ev.get("interval")))
        cex = _counterexample(step)
        if cex is not None:
            field("counterexample", _cex_text(cex), "red")
        field("erratum", step.get("erratum"))
        cor = step.get("correction")
        if isinstance(cor, Mapping):
            field("correction", " ".join(str(cor.get("claim", "")).split()))
            field("correction status", cor.get("status"), _STYLE.get(str(cor.get("status")), ""))
            cdet = cor.get("detail")
            field("correction evidence", cdet.get("detail") if isinstance(cdet, Mapping) else cdet)
        field("cites", "; ".join(_cites(step)))
        field("seed", ev.get("seed"))
        field("time", f"{ev['elapsed']:.3g} s" if isinstance(ev.get("elapsed"), (int, float)) else None)
    cli, py = reproduce_commands(entry_id, seed=int(seed), alpha=float(alpha), path=path)
    field("reproduce", cli)
    field("in Python", py)
    return Group(*out)


def rich_table(result: Any, *, width: int = 70) -> Any:
    """A :class:`rich.table.Table` of every step: id, status, short method, claim (folded at ``width``)."""
    data = _ledger_dict(result)
    width = check_int("width", width, minimum=16)
    from rich.table import Table
    from rich.text import Text

    table = Table(title="isoper ledger", show_lines=False, expand=False)
    table.add_column("step", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("method", overflow="fold", max_width=16)
    table.add_column("claim", overflow="fold", max_width=width, ratio=1)
    for st in data["statements"]:
        status = str(st.get("status"))
        table.add_row(Text(str(st.get("id")), style="bold"), Text(status, style=_STYLE.get(status, "")), "",
                      Text(str(st.get("title", "")), style="italic"))
        for s in st.get("steps", []):
            status = str(s.get("status"))
            style = "bold white on red" if s.get("expected") is False else _STYLE.get(status, "")
            table.add_row("  " + _short_id(str(s.get("id"))), Text(_status_text(s), style=style), _method(s),
                          " ".join(str(s.get("claim", "")).split()))
        table.add_section()
    return table


def mutation_rich_table(result: Any) -> Any:
    """Per statement: known-false mutants generated, refuted, inconclusive, survived, and their time."""
    data = _ledger_dict(result)
    from rich.table import Table

    table = Table(title="known-false mutants", expand=False)
    for col in ("statement", "generated", "refuted", "inconclusive", "survived", "time"):
        table.add_column(col, justify="left" if col == "statement" else "right")
    rows = data.get("summary", {}).get("mutation")
    if rows is None:  # a ledger dict without the summary's table: count from the mutants
        by: dict[str, dict[str, Any]] = {}
        for m in data.get("mutants") or []:
            r = by.setdefault(str(m.get("step")).split("/")[0], {"statement": str(m.get("step")).split("/")[0],
                                                                 "generated": 0, "refuted": 0, "inconclusive": 0,
                                                                 "survived": 0, "time": 0.0})
            r["generated"] += 1
            st = m.get("status")
            r["survived" if st in ("verified", "consistent") else "refuted" if st == "refuted" else
              "inconclusive"] += 1
            r["time"] += float(m.get("elapsed") or 0.0)
        rows = list(by.values())
    for r in rows:
        table.add_row(str(r["statement"]), str(r["generated"]), str(r["refuted"]), str(r["inconclusive"]),
                      ("[bold red]" + str(r["survived"]) + "[/]") if r["survived"] else "0", f"{r['time']:.1f}s")
    return table


# ------------------------------------------------------------------------------------------------------------------
# ASCII mathematics -> markdown / LaTeX / HTML

_GREEK = {"eps": r"\varepsilon", "epsilon": r"\varepsilon", "delta": r"\delta", "sigma": r"\sigma",
          "sigma2": r"\sigma^2", "alpha": r"\alpha", "beta": r"\beta", "gamma": r"\gamma", "lambda": r"\lambda",
          "mu": r"\mu", "nu": r"\nu", "rho": r"\rho", "tau": r"\tau", "theta": r"\theta", "eta": r"\eta",
          "pi": r"\pi", "phi": r"\phi", "psi": r"\psi", "omega": r"\omega", "Omega": r"\Omega", "xi": r"\xi",
          "kappa": r"\kappa", "zeta": r"\zeta", "chi": r"\chi", "Phi": r"\Phi", "Gamma": r"\Gamma"}
_UNICODE = {"eps": "\u03b5", "epsilon": "\u03b5", "delta": "\u03b4", "sigma": "\u03c3", "sigma2": "\u03c3\u00b2",
            "alpha": "\u03b1", "beta": "\u03b2", "gamma": "\u03b3", "lambda": "\u03bb", "mu": "\u03bc",
            "nu": "\u03bd", "rho": "\u03c1", "tau": "\u03c4", "theta": "\u03b8", "eta": "\u03b7", "pi": "\u03c0",
            "phi": "\u03c6", "psi": "\u03c8", "omega": "\u03c9", "Omega": "\u03a9", "xi": "\u03be",
            "kappa": "\u03ba", "zeta": "\u03b6", "chi": "\u03c7", "Phi": "\u03a6", "Gamma": "\u0393"}
_FUNCS = {"exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "cosh", "sinh", "max", "min", "sup", "inf", "lim"}
_RELATIONS = {"<=": r"\le", ">=": r"\ge", "!=": r"\ne", "->": r"\to", "=>": r"\Rightarrow", "<": "<", ">": ">",
              "=": "=", "~": r"\sim", "+-": r"\pm"}
_REL_UNICODE = {"<=": "\u2264", ">=": "\u2265", "!=": "\u2260", "->": "\u2192", "=>": "\u21d2", "~": "\u223c",
                "+-": "\u00b1"}
_TOKEN = re.compile(r"(\s+)")
_MATH_MAX = 40  # longer tokens stay text, so that a table column can break them


def _balanced(s: str, i: int) -> int:
    """Index after the parenthesis group opening at s[i] == '(' (or -1 when it does not close)."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


_WORD = re.compile(r"[A-Za-z]+")


def _tex_math(tok: str) -> str:
    """An ASCII formula token (``exp(-t^2/2)``, ``x_i``, ``||f||_inf``) in LaTeX math mode."""
    out: list[str] = []
    i = 0
    while i < len(tok):
        ch = tok[i]
        if ch in "^_":
            if out and out[-1][:2] in ("^{", "_{"):
                out.append("{}")  # a_b_c: no double subscript
            j = i + 1
            if j < len(tok) and tok[j] == "(":
                k = _balanced(tok, j)
                inner = tok[j + 1: k - 1] if k > 0 else ""
                if k > 0:
                    out.append(ch + "{" + _tex_math(inner) + "}")
                    i = k
                    continue
            m = re.match(r"[A-Za-z0-9.]+|\{[^{}]*\}", tok[j:])
            if m:
                body = m.group(0).strip("{}")
                body = r"\infty" if body == "inf" else _tex_math(body)
                out.append(ch + "{" + body + "}")
                i = j + len(m.group(0))
                continue
            out.append(r"\_" if ch == "_" else r"\hat{}")
            i += 1
            continue
        if tok.startswith("sqrt(", i):
            k = _balanced(tok, i + 4)
            if k > 0:
                out.append(r"\sqrt{" + _tex_math(tok[i + 5: k - 1]) + "}")
                i = k
                continue
        m = _WORD.match(tok, i)
        if m:
            w = m.group(0)
            if w in _GREEK:
                out.append(_GREEK[w] + " ")
            elif w in _FUNCS:
                out.append(r"\operatorname{" + w + "}" if w not in ("exp", "log", "sup", "inf", "max", "min",
                                                                 "sin", "cos", "tan", "tanh", "cosh", "sinh",
                                                                 "lim") else "\\" + w + " ")
            elif len(w) > 1:
                out.append(r"\mathrm{" + w + "}")
            else:
                out.append(w)
            i = m.end()
            continue
        two = tok[i: i + 2]
        if two in _RELATIONS and two not in ("<", ">", "=", "~"):
            out.append(_RELATIONS[two] + " ")
            i += 2
            continue
        if two == "||":
            out.append(r"\|")
            i += 2
            continue
        out.append({"{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "$": r"\$", "~": r"\sim ",
                    "\\": r"\backslash ", "*": r"\cdot ", "'": "'", '"': "''"}.get(ch, ch))
        i += 1
    return "".join(out)


_MATHY = re.compile(r"[\^_]|<=|>=|!=|->|\|\|")


def _split_punct(tok: str) -> tuple[str, str]:
    """A token without its trailing punctuation, and that punctuation ("t^2," -> "t^2", ",")."""
    body = tok.rstrip(",;:.")
    return body, tok[len(body):]


_GREEK_WORD = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(_GREEK, key=len, reverse=True)) + r")(?![A-Za-z])")
_MATH_CHARS = re.compile(r"^[A-Za-z0-9()/*+\-.,|\[\]]+$")


def _is_formula(body: str) -> bool:
    """Whether a whitespace-free token reads as a formula (``t^2``, ``x_i``, ``<=``, ``eps/8``, ``sqrt(n)``)."""
    if not body or len(body) > _MATH_MAX or "://" in body or body.startswith("/"):
        return False
    if body in _GREEK or (body in _RELATIONS and body not in ("=", "~")):
        return True
    if _MATHY.search(body):
        return True
    return bool(_GREEK_WORD.search(body)) and bool(_MATH_CHARS.match(body)) and bool(re.search(r"[()/*+\-]", body))


_TEX_TEXT = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
             "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
             "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
_BREAK_AFTER = set("/,+=(-.:;_|")


def _tex_text(text: str) -> str:
    """Plain text for LaTeX: special characters escaped, long tokens given break points."""
    out = []
    for tok in _TOKEN.split(text):
        if not tok or tok.isspace():
            out.append(" " if tok else "")
            continue
        long = len(tok) > 16
        run = 0
        for ch in tok:
            out.append(_TEX_TEXT.get(ch, ch))
            run += 1
            if long and (ch in _BREAK_AFTER or run >= 10):
                out.append(r"\allowbreak{}")
                run = 0
    return "".join(out)


def _mixed(text: Any, formula: Callable[[str, str], str], plain: Callable[[str], str]) -> str:
    """ASCII text split into tokens: formula tokens rendered by ``formula(body, trailing punctuation)``, the rest by
    ``plain``; runs of whitespace become one space."""
    out = []
    for tok in _TOKEN.split(" ".join(str(text).split())):
        if not tok:
            continue
        if tok.isspace():
            out.append(" ")
            continue
        body, tail = _split_punct(tok)
        out.append(formula(body, tail) if _is_formula(body) else plain(tok))
    return "".join(out)


def _tex(text: Any) -> str:
    """ASCII mathematics as LaTeX: formula tokens in ``$...$``, the rest escaped text."""
    return _mixed(text, lambda body, tail: "$" + _tex_math(body).strip() + "$" + _tex_text(tail), _tex_text)


_MD_TEXT = {"|": r"\|", "*": r"\*", "_": r"\_", "<": "&lt;", ">": "&gt;", "`": r"\`", "$": r"\$",
            "[": r"\[", "]": r"\]", "\\": "\\\\", "#": r"\#"}


def _md(text: Any) -> str:
    """ASCII mathematics as GitHub markdown: formula tokens in ``$...$``, the rest escaped; safe in a table cell."""
    out = []
    for tok in _TOKEN.split(" ".join(str(text).split())):
        if not tok:
            continue
        if tok.isspace():
            out.append(" ")
            continue
        body, tail = _split_punct(tok)
        if _is_formula(body):
            math = re.sub(r"(?<!\\)\|", r"\\vert ", _tex_math(body).strip()).replace("\\|", "\\Vert ")
            out.append("$" + math + "$" + "".join(_MD_TEXT.get(c, c) for c in tail))
        else:
            out.append("".join(_MD_TEXT.get(c, c) for c in tok))
    return "".join(out)


def _html_math(tok: str) -> str:
    """A formula token as HTML: sub/superscripts as tags, Greek letters and relations as Unicode."""
    out: list[str] = []
    i = 0
    while i < len(tok):
        ch = tok[i]
        if ch in "^_":
            tag = "sup" if ch == "^" else "sub"
            j = i + 1
            if j < len(tok) and tok[j] == "(":
                k = _balanced(tok, j)
                if k > 0:
                    out.append(f"<{tag}>{_html_math(tok[j + 1: k - 1])}</{tag}>")
                    i = k
                    continue
            m = re.match(r"[A-Za-z0-9.]+", tok[j:])
            if m:
                body = "\u221e" if m.group(0) == "inf" else _html_math(m.group(0))
                out.append(f"<{tag}>{body}</{tag}>")
                i = j + len(m.group(0))
                continue
        m = _WORD.match(tok, i)
        if m:
            w = m.group(0)
            out.append(_UNICODE.get(w, _html.escape(w)))
            i = m.end()
            continue
        two = tok[i: i + 2]
        if two in _REL_UNICODE and two != "~":
            out.append(_REL_UNICODE[two])
            i += 2
            continue
        out.append(_html.escape(ch))
        i += 1
    return "".join(out)


def _html_text(text: Any) -> str:
    return _mixed(text, lambda body, tail: f'<span class="m">{_html_math(body)}</span>{_html.escape(tail)}',
                  _html.escape)


# ------------------------------------------------------------------------------------------------------------------
# markdown


def to_markdown(result: Any, *, details: bool = True) -> str:
    """The ledger as GitHub markdown: a summary table, then one table per statement with the evidence.

    Claims are typeset with ``$...$`` math. ``details=True`` (default) adds, under each statement, the evidence of
    every step that is not verified, its counterexample, correction and cited theorems.
    """
    data = _ledger_dict(result)
    details = check_bool("details", details)
    summary = data.get("summary", {})
    lines = ["# isoper ledger", "", summary_line(data), ""]
    lines += ["| statement | title | status | steps |", "|---|---|---|---|"]
    for st in data["statements"]:
        counts: dict[str, int] = {}
        for s in st.get("steps", []):
            counts[str(s.get("status"))] = counts.get(str(s.get("status")), 0) + 1
        lines.append(f"| [{st.get('id')}](#{st.get('id')}) | {_md(st.get('title', ''))} | **{st.get('status')}** | "
                     + ", ".join(f"{v} {k}" for k, v in counts.items()) + " |")
    for st in data["statements"]:
        lines += ["", f'<a id="{st.get("id")}"></a>', "",
                  f"## {st.get('id')}: {_md(st.get('title', ''))} ({st.get('status')})", ""]
        if st.get("source"):
            lines += [f"*{_md(st.get('source'))}*", ""]
        lines += ["| step | claim | method | status |", "|---|---|---|---|"]
        for s in st.get("steps", []):
            claim = _md(s.get("claim", ""))
            cor = s.get("correction")
            if isinstance(cor, Mapping):
                claim += f" <br> *corrected ({cor.get('status')}):* {_md(cor.get('claim', ''))}"
            lines.append(f"| {s.get('id')} | {claim} | {_method(s)} | **{s.get('status')}**"
                         + (f" ({_flags(s)})" if _flags(s) else "") + " |")
        if details:
            for s in st.get("steps", []):
                ev = _evidence(s)
                cex = _counterexample(s)
                cites = _cites(s)
                if s.get("status") == "verified" and not cites and not isinstance(s.get("correction"), Mapping):
                    continue
                lines += ["", f"**{s.get('id')}** ({s.get('status')}): {_md(ev.get('detail', ''))}"]
                if cex is not None:
                    lines += ["", "counterexample: " + _md(_cex_text(cex))]
                cor = s.get("correction")
                if isinstance(cor, Mapping):
                    cdet = cor.get("detail")
                    cdet = cdet.get("detail", "") if isinstance(cdet, Mapping) else cdet
                    lines += ["", f"correction ({cor.get('status')}): {_md(cdet or '')}"]
                if cites:
                    lines += ["", "cites: " + _md("; ".join(cites))]
                lines += ["", f"seed {ev.get('seed')}; reproduce: `" + reproduce_commands(
                    str(s.get("id")), seed=int(summary.get("seed", 0)), alpha=float(summary.get("alpha", 1e-3)))[0]
                          + "`"]
    mutants = data.get("mutants")
    if mutants:
        lines += ["", "## Mutants (known-false variants of the claims)", "",
                  "| step | mutant | why it is false | status |", "|---|---|---|---|"]
        for m in mutants:
            lines.append(f"| {m.get('step')} | {_md(m.get('mutant', ''))} | {_md(m.get('why_false', ''))} | "
                         f"**{m.get('status')}** |")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------------------------------------------
# LaTeX

_PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{longtable,array}
\usepackage[table]{xcolor}
\setlength{\emergencystretch}{3em}
\newcolumntype{L}[1]{>{\raggedright\arraybackslash\hspace{0pt}}p{#1}}
\definecolor{verified}{rgb}{0,0.45,0}
\definecolor{consistent}{rgb}{0.1,0.55,0.1}
\definecolor{refuted}{rgb}{0.75,0,0}
\definecolor{inconclusive}{rgb}{0.6,0.45,0}
\definecolor{unchecked}{rgb}{0.5,0,0.5}
\title{isoper ledger}
\date{}
\begin{document}
\maketitle
"""


def _tex_status(status: Any) -> str:
    s = str(status)
    return rf"\textcolor{{{s}}}{{\textbf{{{_tex_text(s)}}}}}" if s in STATUSES else _tex_text(s)


def to_latex(result: Any, *, standalone: bool = True, details: bool = True) -> str:
    """The ledger in LaTeX: a complete document (``standalone=True``) or only its longtables, for an appendix.

    The document compiles with ``pdflatex`` (packages from a basic TeX installation: longtable, array, xcolor,
    amsmath, lmodern); claims are typeset as mathematics, the evidence of steps that are not verified follows each
    statement's table.
    """
    data = _ledger_dict(result)
    standalone = check_bool("standalone", standalone)
    details = check_bool("details", details)
    out = [_PREAMBLE] if standalone else []
    out.append(_tex_text(summary_line(data)) + r"\par\medskip")
    for st in data["statements"]:
        out.append(rf"\section*{{{_tex_text(st.get('id'))}: {_tex(st.get('title', ''))}}}")
        out.append(r"Status: " + _tex_status(st.get("status"))
                   + (r". \emph{" + _tex(st.get("source")) + "}" if st.get("source") else "") + r"\par")
        out.append(r"{\small\begin{longtable}{@{}L{0.12\linewidth}L{0.54\linewidth}L{0.12\linewidth}"
                   r"L{0.14\linewidth}@{}}")
        out.append(r"\textbf{step} & \textbf{claim} & \textbf{method} & \textbf{status} \\ \hline \endhead")
        for s in st.get("steps", []):
            claim = _tex(s.get("claim", ""))
            cor = s.get("correction")
            if isinstance(cor, Mapping):
                claim += rf" \newline \emph{{corrected ({_tex_text(cor.get('status'))}):}} " + _tex(cor.get("claim", ""))
            method = r"+\allowbreak{}".join(_tex_text(p) for p in _method(s).split("+"))
            flags = _flags(s)
            status = _tex_status(s.get("status")) + (r" \newline {\footnotesize " + _tex_text(flags) + "}"
                                                     if flags else "")
            out.append(rf"{_tex_text(_short_id(str(s.get('id'))))} & {claim} & {method} & {status} \\")
        out.append(r"\end{longtable}}")
        if details:
            items = []
            for s in st.get("steps", []):
                cites = _cites(s)
                if s.get("status") == "verified" and not cites and not isinstance(s.get("correction"), Mapping):
                    continue
                ev = _evidence(s)
                item = rf"\item[{_tex_text(_short_id(str(s.get('id'))))}] " + _tex_text(ev.get("detail", ""))
                cex = _counterexample(s)
                if cex is not None:
                    item += r" \textbf{Counterexample:} " + _tex_text(_cex_text(cex)) + "."
                if cites:
                    item += r" \textbf{Cites:} " + _tex_text("; ".join(cites)) + "."
                if ev.get("seed") is not None:
                    item += r" Seed " + _tex_text(str(ev.get("seed"))) + "."
                items.append(item)
            if items:
                out.append(r"{\small\begin{description}")
                out += items
                out.append(r"\end{description}}")
    mutants = data.get("mutants")
    if mutants:
        out.append(r"\section*{Mutants}")
        out.append(r"{\small\begin{longtable}{@{}L{0.2\linewidth}L{0.40\linewidth}L{0.2\linewidth}"
                   r"L{0.12\linewidth}@{}}")
        out.append(r"\textbf{step} & \textbf{mutant} & \textbf{why false} & \textbf{status} \\ \hline \endhead")
        for m in mutants:
            out.append(rf"{_tex_text(str(m.get('step')))} & {_tex(m.get('mutant', ''))} & "
                       rf"{_tex_text(str(m.get('why_false', '')))} & {_tex_status(m.get('status'))} \\")
        out.append(r"\end{longtable}}")
    if standalone:
        out.append(r"\end{document}")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------------------------
# HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em auto;max-width:78em;padding:0 1em;
color:#222;line-height:1.4}
h1{font-size:1.5em}.summary{margin:.5em 0 1em}
.filters label{margin-right:1em;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
td,th{border-bottom:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f4f4f4}
.st{font-weight:bold;white-space:nowrap}
.verified{color:#0a6e0a}.consistent{color:#2c8a2c}.refuted{color:#b00000}.inconclusive{color:#9a6b00}
.unchecked{color:#800080}.unexpected{background:#b00000;color:#fff;padding:0 .3em}
.flags{color:#555;font-size:.9em}.method{color:#066;font-size:.9em;white-space:nowrap}
.m{white-space:nowrap}
details.statement{border:1px solid #ccc;border-radius:4px;margin:.6em 0;padding:.2em .8em}
details.statement>summary{cursor:pointer;font-size:1.1em}
details.ev>summary{cursor:pointer;color:#444;font-size:.9em}
.evidence{font-size:.9em;white-space:pre-wrap;margin:.3em 0}
.cex{border:1px solid #e3b0b0;background:#fff6f6;font-size:.9em;width:auto}
.cex td{border-bottom:1px solid #f0d0d0}
code{background:#f4f4f4;padding:0 .2em;font-size:.9em;word-break:break-all}
.hidden{display:none}
svg text{font-size:12px;font-family:system-ui,sans-serif}
"""

_JS = """
(function(){
  var boxes = document.querySelectorAll('.filters input[type=checkbox]');
  function apply(){
    var on = {};
    boxes.forEach(function(b){ on[b.value] = b.checked; });
    document.querySelectorAll('tr.step').forEach(function(r){
      r.classList.toggle('hidden', !on[r.getAttribute('data-status')]);
    });
    document.querySelectorAll('details.statement').forEach(function(d){
      var shown = d.querySelectorAll('tr.step:not(.hidden)').length;
      d.classList.toggle('hidden', shown === 0);
    });
    var n = document.querySelectorAll('tr.step:not(.hidden)').length;
    document.getElementById('shown').textContent = n;
  }
  boxes.forEach(function(b){ b.addEventListener('change', apply); });
  var m = /status=([a-z,]+)/.exec(location.hash);
  if (m) {
    var want = m[1].split(',');
    boxes.forEach(function(b){ b.checked = want.indexOf(b.value) >= 0; });
    document.querySelectorAll('details.statement').forEach(function(d){ d.open = true; });
  }
  apply();
})();
"""


def _h(text: Any) -> str:
    return _html.escape(str(text))


def _html_cex(cex: Any) -> str:
    rows = "".join(f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" if k else f"<tr><td colspan=2>{_h(v)}</td></tr>"
                   for k, v in _cex_items(cex))
    return f'<table class="cex"><caption>counterexample</caption>{rows}</table>'


def _html_chart(data: Mapping[str, Any]) -> str:
    """The ledger's figures: steps per status, as an inline SVG bar chart (no external resources)."""
    counts = {k: 0 for k in STATUSES}
    for s in _steps(data):
        counts[str(s.get("status"))] = counts.get(str(s.get("status")), 0) + 1
    colours = {"verified": "#0a6e0a", "consistent": "#5cb85c", "refuted": "#b00000", "inconclusive": "#d9a400",
               "unchecked": "#800080"}
    top = max(counts.values()) or 1
    bars = []
    for i, (k, v) in enumerate(counts.items()):
        w = 300 * v / top
        y = 8 + 24 * i
        bars.append(f'<text x="0" y="{y + 13}">{_h(k)}</text><rect x="95" y="{y}" width="{w:.1f}" height="18" '
                    f'fill="{colours.get(k, "#888")}"/><text x="{100 + w:.1f}" y="{y + 13}">{v}</text>')
    return (f'<svg class="chart" width="440" height="{16 + 24 * len(counts)}" role="img" '
            f'aria-label="steps per status">{"".join(bars)}</svg>')


def _html_step_row(s: Mapping[str, Any], seed: int, alpha: float) -> str:
    status = str(s.get("status"))
    ev = _evidence(s)
    unexpected = s.get("expected") is False
    parts = [f'<p class="evidence">{_html_text(ev.get("detail", ""))}</p>']
    cex = _counterexample(s)
    if cex is not None:
        parts.append(_html_cex(cex))
    if s.get("erratum"):
        parts.append(f"<p><b>erratum:</b> {_html_text(s.get('erratum'))}</p>")
    cor = s.get("correction")
    if isinstance(cor, Mapping):
        cdet = cor.get("detail")
        cdet = cdet.get("detail", "") if isinstance(cdet, Mapping) else cdet
        parts.append(f"<p><b>correction</b> (<span class=\"{_h(cor.get('status'))}\">{_h(cor.get('status'))}"
                     f"</span>): {_html_text(cdet or '')}</p>")
    cites = _cites(s)
    if cites:
        parts.append(f"<p><b>cites:</b> {_h('; '.join(cites))}</p>")
    cli, py = reproduce_commands(str(s.get("id")), seed=seed, alpha=alpha)
    parts.append(f"<p>seed {_h(ev.get('seed'))}; reproduce: <code>{_h(cli)}</code> or <code>{_h(py)}</code></p>")
    claim = _html_text(s.get("claim", ""))
    if isinstance(cor, Mapping):
        claim += (f"<br><i>corrected (<span class=\"{_h(cor.get('status'))}\">{_h(cor.get('status'))}</span>):</i> "
                  f"{_html_text(cor.get('claim', ''))}")
    flags = _flags(s)
    open_ = " open" if status in ("refuted", "inconclusive") or unexpected else ""
    return (f'<tr class="step" id="{_h(s.get("id"))}" data-status="{_h(status)}">'
            f'<td class="sid">{_h(_short_id(str(s.get("id"))))}</td>'
            f'<td>{claim}<details class="ev"{open_}><summary>evidence</summary>{"".join(parts)}</details></td>'
            f'<td class="method">{_h(_method(s))}</td>'
            f'<td><span class="st {_h(status)}{" unexpected" if unexpected else ""}">{_h(status)}</span>'
            + (f'<div class="flags">{_h(flags)}</div>' if flags else "") + "</td></tr>")


def to_html(result: Any, *, title: str = "isoper ledger") -> str:
    """The ledger as one self-contained HTML page (inline CSS, JavaScript and SVG; nothing loaded from a network).

    Every statement is a collapsible section with a table of its steps; check boxes filter the steps by status
    (also ``report.html#status=refuted,inconclusive``); each step carries its evidence, counterexample, correction,
    cited theorems, seed and reproduce command; the head has the summary and a chart of steps per status.
    """
    data = _ledger_dict(result)
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    summary = data.get("summary", {})
    seed = int(summary.get("seed", 0))
    alpha = float(summary.get("alpha", 1e-3))
    counts = {k: 0 for k in STATUSES}
    for s in _steps(data):
        counts[str(s.get("status"))] = counts.get(str(s.get("status")), 0) + 1
    boxes = "".join(f'<label><input type="checkbox" value="{k}" checked> <span class="{k}">{k}</span> ({v})</label>'
                    for k, v in counts.items())
    body = [f"<h1>{_h(title)}</h1>", f'<p class="summary">{_h(summary_line(data))}</p>', _html_chart(data),
            f'<p class="filters">Show: {boxes} &mdash; <span id="shown">{sum(counts.values())}</span> steps shown</p>']
    rows = []
    for st in data["statements"]:
        status = str(st.get("status"))
        steps = "".join(_html_step_row(s, seed, alpha) for s in st.get("steps", []))
        hyp = "".join(f"<li>{_html_text(h)}</li>" for h in st.get("hypotheses", []))
        info = (f"<p><i>{_h(st.get('source', ''))}</i></p>" + (f"<p>Hypotheses:</p><ul>{hyp}</ul>" if hyp else "")
                + (f"<p>Conclusion: {_html_text(st.get('conclusion'))}</p>" if st.get("conclusion") else ""))
        rows.append(
            f'<details class="statement" id="{_h(st.get("id"))}" data-status="{_h(status)}">'
            f'<summary><b>{_h(st.get("id"))}</b> <span class="st {_h(status)}">{_h(status)}</span> '
            f"{_html_text(st.get('title', ''))}</summary>{info}"
            f"<table><thead><tr><th>step</th><th>claim and evidence</th><th>method</th><th>status</th></tr></thead>"
            f"<tbody>{steps}</tbody></table></details>")
    body += rows
    mutants = data.get("mutants")
    if mutants:
        mrows = "".join(f"<tr><td>{_h(m.get('step'))}</td><td>{_html_text(m.get('mutant', ''))}</td>"
                        f"<td>{_html_text(m.get('why_false', ''))}</td>"
                        f"<td class=\"st {_h(m.get('status'))}\">{_h(m.get('status'))}</td></tr>" for m in mutants)
        body.append(f'<h2>Mutants</h2><table id="mutants"><thead><tr><th>step</th><th>mutant</th><th>why false</th>'
                    f"<th>status</th></tr></thead><tbody>{mrows}</tbody></table>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{_h(title)}</title>"
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(body)
            + f"\n<script>{_JS}</script></body></html>\n")


# ------------------------------------------------------------------------------------------------------------------
# Jupyter: rich tables for results (called by the _repr_html_ methods of the result classes)


def evidence_html(evidence: Any) -> str:
    """An :class:`~isoper.statements.Evidence` as a small HTML table."""
    d = evidence.to_dict()
    rows = [("status", f'<span class="{_h(d.get("status"))}"><b>{_h(d.get("status"))}</b></span>'),
            ("method", _h(d.get("method"))), ("detail", _html_text(d.get("detail", "")))]
    if d.get("interval"):
        rows.append(("interval", _h(_fmt_value(d["interval"]))))
    if d.get("counterexample") is not None:
        rows.append(("counterexample", _html_cex(d["counterexample"])))
    for key in ("cites", "seed"):
        if d.get(key) not in (None, [], ""):
            rows.append((key, _h(d[key])))
    return "<table>" + "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>"
                               for k, v in rows) + "</table>"


def step_html(step_result: Any) -> str:
    """A :class:`~isoper.statements.StepResult` as HTML: its row of the ledger, evidence open."""
    return f"<style>{_CSS}</style><table>" + _html_step_row(step_result.to_dict(), 0, 1e-3) + "</table>"


def ledger_html(result: Any) -> str:
    """A ledger result for a notebook: the report's body without the page around it."""
    page = to_html(result)
    start, end = page.index("<body>") + len("<body>"), page.index("</body>")
    return f"<div class=\"isoper-ledger\"><style>{_CSS}</style>{page[start:end]}</div>"


def check_html(check: Any) -> str:
    """A Monte Carlo :class:`~isoper.montecarlo.CheckResult` as an HTML table."""
    verdict = str(getattr(check.verdict, "value", check.verdict))
    colour = {"holds": "#0a6e0a", "violated": "#b00000"}.get(verdict, "#9a6b00")
    rows = [("claim", _html_text(check.claim)), ("verdict", f"<b style='color:{colour}'>{_h(verdict)}</b>"),
            ("estimate", f"{check.estimate:.6g} ({check.count} of {check.samples} samples)"),
            ("interval", f"[{check.lower:.6g}, {check.upper:.6g}] at confidence {1 - check.alpha:.6g}"),
            ("bound", f"P {_h(getattr(check, 'direction', '<='))} {check.bound:.6g}")]
    if getattr(check, "center_interval", None) is not None:
        lo, hi = check.center_interval
        rows.append(("centre", f"{check.center:.6g} in [{lo:.6g}, {hi:.6g}] ({check.center_samples} samples)"))
    elif getattr(check, "center", None) is not None:
        rows.append(("centre", f"{check.center:.6g} (given)"))
    rows += [("seed", _h(check.seed)), ("reproduce", f"<code>{_h(check.reproduce)}</code>")]
    return "<table>" + "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>"
                               for k, v in rows) + "</table>"
