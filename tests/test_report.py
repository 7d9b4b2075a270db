"""The ledger's reports: terminal tree at 80 columns, markdown with $...$ math, LaTeX that compiles without overfull
boxes, one self-contained HTML page (checked in a headless browser where one is installed), notebook tables.

Every check here is shown to fail on a deliberately broken rendering (a status word dropped, a remote resource, a
raw '|' in a table cell, a table too wide for the page).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from isoper import Evidence, Ledger, Statement, check_trials, report
from isoper.statements import Status

ROOT = Path(__file__).resolve().parents[1]


def make_statement() -> Statement:
    st = Statement(id="toy", title="Toy lemma: ||f - g||_inf <= eps/6 implies |y_i - f(x_i)|^2 <= 2 exp(-t^2/2)",
                   source="a test", hypotheses=("eps in (0, 1)", "x_i ~ N(0, I_d/d)"),
                   conclusion="fit(f) <= sigma^2 - eps => Lip(f) >= eps sqrt(n d/p)")
    st.step(1, "P(|X| >= t) <= 2 exp(-d t^2/(2 c L^2)) for all t >= 0; a_b_c and x^(n+1) and {B <= Bbar} 100% #1",
            method="symbolic+monte-carlo+symbolic")(lambda ctx: Evidence.verified("sympy: difference simplifies to 0",
                                                                  method="symbolic+monte-carlo+symbolic"))
    st.step(2, "If ||f - g||_inf <= eps/6 then (1/n) sum (y_i - f(x_i))^2 <= eps/2 + fit(g)", method="symbolic",
            erratum="needs eps/8")(
        lambda ctx: Evidence.refuted("n = 1, y = 1: fit(f) = 4 > 3.92", method="symbolic",
                                     counterexample={"n": 1, "y": 1, "eps": 0.5, "lhs": 4.0, "rhs": 3.923611}))
    st.correction(2, "If ||f - g||_inf <= eps/8 then fit(f) <= eps/2 + fit(g)")(
        lambda ctx: Evidence.verified("sup of the change is 4h - h^2 <= eps/2 (sympy)"))
    st.step(3, "Lemma 2.1 at eps/3 (the printed proof gives eps/4)", method="search",
            expect={Status.INCONCLUSIVE})(
        lambda ctx: Evidence.inconclusive("the chain reaches eps/4 only", method="search"))

    def step_4(ctx):
        r = check_trials(lambda rng, m: rng.random(m) < 0.1, bound=0.2, samples=20_000, seed=ctx.seed,
                         alpha=ctx.alpha)
        return Evidence.from_check(r, what="coin")

    st.step(4, "P(U < 0.1) <= 0.2", method="monte-carlo")(step_4)
    st.conclusion_step(method="symbolic")(lambda ctx: Evidence.verified("by steps 1-4"))
    return st


@pytest.fixture(scope="module")
def result():
    return Ledger([make_statement()], seed=3).run()


@pytest.fixture(scope="module")
def data(result):
    """The ledger dict with the keys the lead's schema adds (counterexample, cites, summary counts, mutants)."""
    d = copy.deepcopy(result.to_dict())
    for s in d["statements"][0]["steps"]:
        s.setdefault("counterexample", s["detail"]["counterexample"])
        s["cites"] = ["Markov's inequality"] if s["id"] == "toy/step-1" else []
    d["summary"]["counts"].update({"verified from cited theorems": 1, "verified from scratch": 1})
    d["mutants"] = [{"step": "toy/step-2", "mutant": "If ||f - g||_inf <= eps/5 then fit(f) <= eps/2 + fit(g)",
                     "why_false": "n = 1, y = 1 violates it", "status": "refuted", "counterexample": {"eps": 0.5}}]
    return d


# ------------------------------------------------------------------------------------------------------------------
# terminal


def render(renderable, width: int) -> str:
    import io

    from rich.console import Console

    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def missing_status_words(text: str, data: dict) -> list[str]:
    """Steps that are not verified/consistent and whose status word is not on their own line of the tree."""
    missing = []
    for st in data["statements"]:
        block = text.split(st["id"], 1)[1] if st["id"] in text else ""
        for s in st["steps"]:
            if s["status"] in ("verified", "consistent"):
                continue
            short = s["id"].split("/", 1)[1]
            if not re.search(rf"{re.escape(short)} {s['status']}\b", block):
                missing.append(s["id"])
    return missing


def test_tree_at_80_columns_shows_every_status_word(data):
    text = render(report.rich_tree(data), 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert missing_status_words(text, data) == []
    flat = " ".join(text.split())
    assert "known erratum; corrected: verified" in flat and "[symbolic+monte-carlo]" in flat  # short method
    # every claim appears whole (wrapped, not cut)
    flat = " ".join(text.split())
    for s in data["statements"][0]["steps"]:
        assert all(w in flat for w in s["claim"].split())
    # the check catches a rendering that drops a status word
    assert missing_status_words(text.replace("step-3 inconclusive", "step-3"), data) == ["toy/step-3"]


def test_tree_details_show_evidence_counterexample_and_cites(data):
    text = render(report.rich_tree(data, details=True), 80)
    assert "counterexample: n = 1, y = 1, eps = 0.5, lhs = 4, rhs = 3.92361" in " ".join(text.split())
    assert "cites: Markov's inequality" in text
    assert "evidence: the chain reaches eps/4 only" in text
    assert "mutants" in text and "1 refuted" in text


def test_show_step_has_counterexample_correction_and_reproduce_lines(data):
    text = " ".join(render(report.rich_step(data, "toy/step-2", path="my_paper.py"), 100).split())
    for want in ("claim: If ||f - g||_inf <= eps/6", "status: refuted (known erratum; corrected: verified)",
                 "counterexample: n = 1, y = 1", "correction: If ||f - g||_inf <= eps/8",
                 "correction status: verified", "reproduce: isoper verify my_paper.py --only toy/step-2 --seed 3",
                 "from isoper import Ledger, collect_statements;"):
        assert want in text, want
    with pytest.raises(KeyError, match="statements: toy"):
        report.find_entry(data, "nope")


def test_reproduce_command_reruns_the_same_check(tmp_path, result):
    """The printed Python call, run in a fresh process, gives the same evidence (same seed, same alpha share)."""
    module = tmp_path / "toy_paper.py"
    module.write_text("import sys\nsys.path.insert(0, %r)\nfrom test_report import make_statement\n"
                      "toy = make_statement()\n" % str(Path(__file__).parent))
    cli, py = report.reproduce_commands("toy/step-4", seed=3, alpha=1e-3, path=str(module))
    assert cli == f"isoper verify {module} --only toy/step-4 --seed 3 --alpha 0.001"
    code = py.removeprefix('python -c "').removesuffix('"')
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    step = result.statements[0].steps[3]
    assert repr(step.evidence.interval) in out and f"seed={step.evidence.seed}" in out
    # a different seed gives a different check (the comparison can fail)
    _, py7 = report.reproduce_commands("toy/step-4", seed=7, alpha=1e-3, path=str(module))
    out7 = subprocess.run([sys.executable, "-c", py7.removeprefix('python -c "').removesuffix('"')],
                          capture_output=True, text=True, check=True).stdout
    assert f"seed={step.evidence.seed}" not in out7


def test_summary_line_reads_new_counts(data, result):
    line = report.summary_line(data)
    assert "1 verified from cited theorems" in line and "1 verified from scratch" in line
    assert report.summary_line(result).startswith("1 statements, 5 steps: 2 verified, 1 consistent, 1 refuted, 1 inconclusive")
    assert "all as recorded" in report.summary_line(result)


# ------------------------------------------------------------------------------------------------------------------
# markdown


def cells(row: str) -> list[str]:
    """Cells of a markdown table row, splitting on unescaped pipes (as GitHub does, even inside $...$)."""
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def bad_rows(md: str) -> list[str]:
    bad, ncols = [], None
    for line in md.splitlines():
        if not line.startswith("|"):
            ncols = None
            continue
        n = len(cells(line))
        ncols = ncols or n
        if n != ncols:
            bad.append(line)
    return bad


def test_markdown_has_math_evidence_and_well_formed_tables(data):
    md = report.to_markdown(data)
    assert bad_rows(md) == []
    assert r"$\Vert f$" in md and r"$\le$" in md and r"$t^{2}" in md and r"$\varepsilon /6$" in md
    assert r"counterexample: n = 1, y = 1, $\varepsilon$ = 0.5" in md
    assert "correction (verified)" in md and "cites: Markov's inequality" in md
    assert "isoper verify --only toy/step-2 --seed 3" in md
    assert "| toy/step-2 |" in md and "## Mutants" in md
    # a raw '|' in a claim would split the cell: the check catches it
    broken = md.replace(r"P(\|X\|", "P(|X|", 1)
    assert broken != md and bad_rows(broken) != []


# ------------------------------------------------------------------------------------------------------------------
# LaTeX


def compile_latex(tex: str, where: Path) -> tuple[int, str]:
    (where / "ledger.tex").write_text(tex)
    proc = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "ledger.tex"], cwd=where,
                          capture_output=True, text=True, timeout=120)
    log = (where / "ledger.log").read_text(errors="replace") if (where / "ledger.log").exists() else proc.stdout
    return proc.returncode, log


def test_latex_is_a_complete_document_with_math(data):
    tex = report.to_latex(data)
    assert tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    assert r"$\le$" in tex and r"$t^{2}" in tex and "<=" not in tex  # no '<' in text: pdflatex's OT1 prints it wrong
    assert r"a_{b}{}_{c}" in tex  # no double subscript
    assert r"\textbf{Counterexample:}" in tex and r"\section*{Mutants}" in tex
    body = report.to_latex(data, standalone=False)
    assert r"\documentclass" not in body and r"\begin{longtable}" in body


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_latex_compiles_without_errors_or_overfull_boxes(data, tmp_path):
    rc, log = compile_latex(report.to_latex(data), tmp_path)
    assert rc == 0, log[-3000:]
    assert "Overfull" not in log, [line for line in log.splitlines() if "Overfull" in line]
    # the check catches a table wider than the page
    wide = report.to_latex(data).replace(r"L{0.54\linewidth}", r"L{0.7\linewidth}")
    (tmp_path / "w").mkdir()
    rc, log = compile_latex(wide, tmp_path / "w")
    assert rc == 0 and "Overfull" in log


# ------------------------------------------------------------------------------------------------------------------
# HTML

REMOTE = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//"""
                    r"""|@import""", re.I)


def test_html_is_self_contained_with_every_step(data):
    page = report.to_html(data)
    assert REMOTE.search(page) is None
    assert REMOTE.search(page.replace("<body>", '<body><img src="https://example.org/x.png">')) is not None
    for st in data["statements"]:
        assert f'id="{st["id"]}"' in page
        for s in st["steps"]:
            assert f'id="{s["id"]}"' in page and f'data-status="{s["status"]}"' in page
    for status in ("verified", "consistent", "refuted", "inconclusive", "unchecked"):
        assert f'type="checkbox" value="{status}"' in page
    assert "<svg" in page and "counterexample" in page and "Markov" in page and "Mutants" in page
    assert "&lt;script" not in page.split("<script>", 1)[0]


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.skipif(chromium() is None, reason="no headless browser (chromium) installed")
def test_html_in_a_headless_browser(data, tmp_path):
    page = tmp_path / "ledger.html"
    page.write_text(report.to_html(data))
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900"]
    # the status filter, driven by the URL hash: only the refuted step stays visible
    dom = subprocess.run(flags + ["--dump-dom", page.as_uri() + "#status=refuted"], capture_output=True, text=True,
                         timeout=120).stdout
    assert 'id="shown">1<' in dom
    visible = re.findall(r'<tr class="step" id="([^"]+)"', dom)
    assert visible == ["toy/step-2"]
    hidden = re.findall(r'<tr class="step hidden" id="([^"]+)"', dom)
    assert len(hidden) == 4
    dom_all = subprocess.run(flags + ["--dump-dom", page.as_uri()], capture_output=True, text=True,
                             timeout=120).stdout
    assert 'id="shown">5<' in dom_all
    shot = tmp_path / "shot.png"
    subprocess.run(flags + [f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


# ------------------------------------------------------------------------------------------------------------------
# notebooks


def test_rich_html_reprs(result):
    step = result.statements[0].steps[1]
    ev_html = step.evidence._repr_html_()
    assert "refuted" in ev_html and "counterexample" in ev_html and "<table" in ev_html
    assert "toy/step-2" in step._repr_html_()
    page = result._repr_html_()
    assert 'id="toy/step-4"' in page and "<svg" in page and "<html" not in page
    check = check_trials(lambda rng, m: rng.random(m) < 0.1, bound=0.2, samples=1000, seed=1)
    html = check._repr_html_()
    assert "holds" in html and "reproduce" in html and "seed=1" in html


def test_reports_reject_what_is_not_a_ledger():
    for fn in (report.to_markdown, report.to_latex, report.to_html, report.rich_tree, report.summary_line):
        with pytest.raises(TypeError, match="result"):
            fn({"nope": 1})
    with pytest.raises(TypeError, match="details"):
        report.rich_tree({"statements": []}, details="yes")


def test_json_round_trip_renders_the_same(result, tmp_path):
    text = report.to_json(result)
    again = json.loads(text)
    assert report.to_markdown(again) == report.to_markdown(result)
