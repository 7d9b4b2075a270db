"""The ledger: statuses, errata as strict xfails, corrections, seeds, JSON schema, and the `isoper verify` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from isoper import Context, Evidence, Gaussian, Ledger, Statement, Status, check_concentration
from isoper.cli import main
from isoper.report import to_latex, to_markdown
from isoper.statements import collect_statements

ROOT = Path(__file__).resolve().parents[1]


def make(refute_step_2: bool = True, fix_works: bool = True, erratum: bool = True) -> Statement:
    st = Statement(id="toy", title="a toy statement", source="tests", hypotheses=("x > 0",), conclusion="x + 1 > 1")

    @st.step(1, "x + 1 > x", method="symbolic")
    def s1(ctx: Context) -> Evidence:
        return Evidence.verified("trivially")

    @st.step(2, "x >= 2", method="search", erratum="fails at x = 1" if erratum else None)
    def s2(ctx: Context) -> Evidence:
        if refute_step_2:
            return Evidence.refuted("x = 1 < 2", method="search", counterexample={"x": 1})
        return Evidence.verified("?")

    @st.correction(2, "x > 0")
    def s2_fix(ctx: Context) -> Evidence:
        return Evidence.verified("hypothesis") if fix_works else Evidence.refuted("no", method="search")

    @st.conclusion_step(method="monte-carlo")
    def concl(ctx: Context) -> Evidence:
        r = check_concentration(Gaussian(2), lambda x: x[:, 0], t=3.0, bound=0.5, center=0.0, samples=2000,
                                seed=ctx.seed, alpha=ctx.alpha)
        return Evidence.from_check(r)

    return st


def test_expected_outcomes_and_json_schema():
    res = Ledger([make()], alpha=1e-3, seed=7).run()
    assert res.ok
    d = res.to_dict()
    (st,) = d["statements"]
    assert set(st) >= {"id", "title", "status", "steps"}
    ids = [s["id"] for s in st["steps"]]
    assert ids == ["toy/step-1", "toy/step-2", "toy/conclusion"]
    s2 = st["steps"][1]
    assert set(s2) >= {"id", "claim", "method", "status", "detail", "correction"}
    assert s2["status"] == "refuted" and s2["correction"]["status"] == "verified"
    assert s2["correction"]["claim"] == "x > 0"
    assert st["steps"][0]["correction"] is None
    assert st["status"] == "consistent"  # weakest effective status: the Monte Carlo conclusion
    json.dumps(d)


def test_strict_erratum_fails_when_the_finding_changes():
    assert not Ledger([make(refute_step_2=False)]).run().ok  # an erratum that no longer refutes is unexpected
    assert not Ledger([make(fix_works=False)]).run().ok  # a correction that does not hold is unexpected
    assert not Ledger([make(erratum=False)]).run().ok  # a refutation not recorded as an erratum is unexpected


def test_crashing_checker_is_reported_not_hidden():
    st = Statement(id="boom", title="t", source="s")

    @st.step(1, "c", method="symbolic")
    def s1(ctx):
        raise ZeroDivisionError("oops")

    st.unchecked(2, "not yet")
    res = Ledger([st]).run()
    assert not res.ok
    step1, step2 = res.statements[0].steps
    assert step1.evidence.status is Status.INCONCLUSIVE and "ZeroDivisionError" in step1.evidence.detail
    assert step2.evidence.status is Status.UNCHECKED


def test_seeds_are_deterministic_and_distinct():
    seeds = {}

    st = Statement(id="s", title="t", source="s")
    for k in (1, 2):
        @st.step(k, "c", method="m")
        def chk(ctx, k=k):
            seeds.setdefault(k, []).append(ctx.seed)
            return Evidence.verified("ok")

    Ledger([st], seed=3).run()
    Ledger([st], seed=3).run()
    Ledger([st], seed=4).run()
    assert seeds[1][0] == seeds[1][1] != seeds[1][2]
    assert seeds[1][0] != seeds[2][0]


def test_alpha_is_split_over_checks():
    got = []
    st = Statement(id="a", title="t", source="s")
    for k in range(1, 5):
        st.step(k, "c", method="m")(lambda ctx: got.append(ctx.alpha) or Evidence.verified("ok"))
    Ledger([st], alpha=0.01).run()
    assert got == [0.0025] * 4


def test_bad_input():
    with pytest.raises(ValueError, match="id"):
        Statement(id="", title="t", source="s")
    with pytest.raises(ValueError, match="alpha"):
        Ledger([], alpha=2.0)
    with pytest.raises(TypeError, match="statements"):
        Ledger(["nope"])
    st = Statement(id="x", title="t", source="s")
    st.step(1, "c", method="m")(lambda ctx: Evidence.verified("ok"))
    with pytest.raises(ValueError, match="twice"):
        st.step(1, "c", method="m")(lambda ctx: Evidence.verified("ok"))
    with pytest.raises(ValueError, match="duplicate"):
        Ledger([st, st])
    with pytest.raises(ValueError, match="path"):
        collect_statements("/nonexistent/isoper")


def test_markdown_and_latex_render():
    res = Ledger([make()]).run()
    md = to_markdown(res)
    assert "| toy/step-2 |" in md and "known erratum" in md
    tex = to_latex(res)
    assert r"\begin{longtable}" in tex and "toy" in tex


def test_verify_command_on_a_folder(tmp_path, capsys):
    (tmp_path / "toy.py").write_text(
        "from isoper import Statement, Evidence\n"
        "st = Statement(id='toy', title='t', source='s')\n"
        "st.step(1, 'c', method='symbolic')(lambda ctx: Evidence.verified('ok'))\n"
    )
    out = tmp_path / "ledger.json"
    assert main(["verify", str(tmp_path), "--json", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text())["statements"][0]["steps"][0]["status"] == "verified"
    (tmp_path / "bad.py").write_text(
        "from isoper import Statement, Evidence\n"
        "st2 = Statement(id='bad', title='t', source='s')\n"
        "st2.step(1, 'c', method='search')(lambda ctx: Evidence.refuted('x', method='search'))\n"
    )
    assert main(["verify", str(tmp_path), "--quiet", "--format", "markdown"]) == 1
    assert "bad/step-1" in capsys.readouterr().out


def test_verify_console_script_runs_the_project_ledger(tmp_path):
    """The real `isoper verify` over the project's proofs/ exits 0 and writes the JSON (a subset, for speed)."""
    out = tmp_path / "l.json"
    proc = subprocess.run([sys.executable, "-m", "isoper.cli", "verify", str(ROOT / "proofs"), "--json", str(out),
                           "--only", "def-isoperimetry"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert [s["id"] for s in data["statements"]] == ["def-isoperimetry"]
