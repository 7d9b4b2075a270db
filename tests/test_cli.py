"""The `isoper` command: version, fast start, unknown ids, the 80-column ledger, `isoper show`, report files."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from isoper.cli import main, paper_path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from test_report import missing_status_words  # noqa: E402

#: statements of the paper with refuted and inconclusive steps that run in a few seconds
SUBSET = ["thm-finite", "thm-law", "lem-network-param", "cor-depth", "whz-beyond-isoperimetry",
          "two-layer-upper-bound", "ex-cube"]


def isoper(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed console script (as a user would), falling back to ``python -m isoper.cli``."""
    script = Path(sys.executable).with_name("isoper")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "isoper.cli"]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture()
def toy_folder(tmp_path: Path) -> Path:
    (tmp_path / "toy.py").write_text(
        "from isoper import Statement, Evidence\n"
        "st = Statement(id='toy', title='t', source='s')\n"
        "st.step(1, 'x <= 1', method='symbolic')(lambda ctx: Evidence.verified('ok'))\n"
        "st.step(2, 'x <= 0', method='search', erratum='x = 1')(\n"
        "    lambda ctx: Evidence.refuted('x = 1 > 0', method='search', counterexample={'x': 1}))\n"
    )
    return tmp_path


def test_version() -> None:
    from isoper import __version__

    proc = isoper("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"isoper {__version__}"


def modules_loaded(code: str) -> list[str]:
    heavy = ("sympy", "scipy", "numpy", "rich", "mpmath")
    out = subprocess.run([sys.executable, "-c", code + f"; import sys; print([m for m in {heavy!r} "
                          "if m in sys.modules])"], capture_output=True, text=True, check=True).stdout
    return eval(out)  # a list literal printed by the child


def test_import_is_lazy() -> None:
    """`import isoper` and the CLI module load none of the heavy libraries; a name loads what it needs."""
    assert modules_loaded("import isoper, isoper.cli") == []
    assert "numpy" in modules_loaded("import isoper; isoper.testing")
    assert "sympy" in modules_loaded("import isoper; isoper.Gaussian")  # the check can see an eager import


def test_public_names_resolve() -> None:
    import isoper

    for name in isoper.__all__:
        assert getattr(isoper, name) is not None, name
    assert isoper.check_concentration is isoper.testing.check_concentration
    assert "t" in __import__("inspect").signature(isoper.check_concentration).parameters
    with pytest.raises(AttributeError, match="no_such_name"):
        isoper.no_such_name  # noqa: B018


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return time.perf_counter() - t0


def test_help_starts_within_twice_numpy_import() -> None:
    """`isoper --help` against `python -c "import numpy"`: medians of 5 interleaved runs (issue 13 asks <= 2x).

    The assertion keeps a margin for a loaded machine (2x plus 0.3 s); the figures are printed with -s.
    """
    script = Path(sys.executable).with_name("isoper")
    help_cmd = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "isoper.cli", "--help"]
    numpy_cmd = [sys.executable, "-c", "import numpy"]
    wall(help_cmd), wall(numpy_cmd)  # warm the file cache
    helps, numpys = [], []
    for _ in range(5):
        helps.append(wall(help_cmd))
        numpys.append(wall(numpy_cmd))
    h, n = statistics.median(helps), statistics.median(numpys)
    print(f"isoper --help median {h:.3f}s, import numpy median {n:.3f}s, ratio {h / n:.2f}")
    assert h <= 2 * n + 0.3, (helps, numpys)


def test_only_unknown_id_is_an_error_naming_the_known_ids(toy_folder: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["verify", str(toy_folder), "--only", "no-such-id", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "unknown id no-such-id" in err and "toy" in err
    assert main(["verify", str(toy_folder), "--only", "toy/step-2", "--quiet"]) == 0
    assert main(["show", "toy/step-9", str(toy_folder)]) == 2


def test_only_unknown_id_on_the_paper() -> None:
    proc = isoper("verify", "--only", "no-such-id", cwd=ROOT)
    assert proc.returncode == 2
    assert "no-such-id" in proc.stderr and "thm-law" in proc.stderr and "def-isoperimetry" in proc.stderr


def test_default_path_is_the_shipped_paper(tmp_path: Path) -> None:
    assert (paper_path() / "thm_law.py").exists()
    proc = isoper("verify", "--only", "def-isoperimetry", "--json", "x.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "x.json").read_text())["statements"][0]["id"] == "def-isoperimetry"


@pytest.fixture(scope="module")
def paper_subset(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    where = tmp_path_factory.mktemp("subset")
    proc = isoper("verify", "--only", *SUBSET, "--json", "ledger.json", cwd=where, env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout, json.loads((where / "ledger.json").read_text())


def test_ledger_at_80_columns_shows_every_refuted_and_inconclusive_status(paper_subset: tuple[str, dict]) -> None:
    text, data = paper_subset
    assert max(len(line) for line in text.splitlines()) <= 80
    statuses = {s["status"] for st in data["statements"] for s in st["steps"]}
    assert {"refuted", "inconclusive"} <= statuses
    assert missing_status_words(text, data) == []
    assert "all as recorded" in " ".join(text.split())


def test_details_and_report_files(toy_folder: Path) -> None:
    proc = isoper("verify", str(toy_folder), "--details", env={"COLUMNS": "80"})
    assert proc.returncode == 0
    assert "counterexample: x = 1" in proc.stdout and "evidence: x = 1 > 0" in proc.stdout
    for fmt, name, want in (("html", "l.html", "<!DOCTYPE html>"), ("latex", "l.tex", r"\documentclass"),
                            ("markdown", "l.md", "# isoper ledger"), ("json", "l.json", '"statements"')):
        proc = isoper("verify", str(toy_folder), "--format", fmt, "--output", str(toy_folder / name), "--quiet")
        assert proc.returncode == 0, proc.stderr
        assert (toy_folder / name).read_text().lstrip().startswith(want) or want in (toy_folder / name).read_text()
        assert "toy" in proc.stdout  # the tree is printed too
    proc = isoper("verify", str(toy_folder), "--format", "latex", "--quiet")
    assert proc.stdout.startswith(r"\documentclass")


def test_show_thm_law_step_3_prints_counterexample_and_correction() -> None:
    proc = isoper("show", "thm-law/step-3", "--width", "100")
    assert proc.returncode == 0, proc.stderr
    flat = " ".join(proc.stdout.split())
    for want in ("claim: If ||f - g||_inf <=", "status: refuted (known erratum; corrected: verified)",
                 "counterexample: n = 1, y = 1, f = -1", "correction: If ||f - g||_inf <=",
                 "correction status: verified", "seed:", "reproduce: isoper verify --only thm-law/step-3 --seed 0",
                 "collect_statements(paper_path())"):
        assert want in flat, want


def test_show_reads_a_saved_ledger(toy_folder: Path) -> None:
    out = toy_folder / "ledger.json"
    assert main(["verify", str(toy_folder), "--json", str(out), "--quiet", "--format", "json"]) == 0
    proc = isoper("show", "toy/step-2", "--json", str(out))
    assert proc.returncode == 0 and "counterexample: x = 1" in proc.stdout
    proc = isoper("show", "toy", "--json", str(out))
    assert proc.returncode == 0 and "step-2 refuted" in proc.stdout
    proc = isoper("show", "nope", "--json", str(out))
    assert proc.returncode == 2 and "statements: toy" in proc.stderr


def test_bad_options_are_usage_errors(toy_folder: Path) -> None:
    for args in (["verify", "--alpha", "2"], ["verify", "--seed", "-1"], ["verify", "--width", "10"],
                 ["verify", "--format", "pdf"]):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 2
    assert main(["verify", str(toy_folder / "missing"), "--quiet"]) == 2
