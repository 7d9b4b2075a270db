"""README.md as a test: every command and code block in it runs, or (for the long ones) is checked as said below.

* ```bash blocks: each command (``&&`` chains split) is listed in COMMANDS with how it is checked:
  ``run`` (executed, must exit 0), ``only`` (executed with ``--only def-isoperimetry`` appended instead of the whole paper,
  which ``tests/test_ledger.py`` and the slow packaging test cover), ``help`` (the program and every option it
  uses exist: ``--help`` names them), ``extra`` (``pip install -e ".[X]"``: extra X exists in pyproject.toml),
  ``tool`` (runs when the tool is installed, skipped otherwise). A command in README missing from COMMANDS fails.
* ```python blocks: the tour is executed; the pytest example is written to a file and run by pytest; excerpts of
  examples/my_paper.py (the blocks that contain ``...``) must match that file line by line.
* Inline `isoper ...` commands: the subcommand and every ``--option`` exist.
* Links to files point inside the repository.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()

COMMANDS: dict[str, str] = {
    "python -m pip install -e .": "help",
    'python -m pip install -e ".[dev]"': "extra",
    "python -m pytest": "help",
    "isoper --version": "run",
    "isoper verify --only thm-law": "run",
    "isoper verify --only thm-law --details": "run",
    "isoper show thm-law/step-3": "run",
    "isoper verify --only thm-law --json ledger.json": "run",
    "isoper show thm-law/step-3 --json ledger.json": "run",
    "isoper verify --format html --output ledger.html": "only",
    "isoper verify --format markdown --output LEDGER.md": "only",
    "isoper verify --format latex --output ledger.tex": "only",
    "pdflatex -halt-on-error ledger.tex": "tool",
    "isoper verify --mutants": "only",
    "isoper verify examples/my_paper.py --details": "run",
    "isoper show my-chernoff/step-2 examples/my_paper.py": "run",
    'python -m pip install -e ".[notebooks]"': "extra",
    "python -m jupyter lab notebooks/": "tool",
    "python -m jupyter nbconvert --to notebook --execute --inplace notebooks/01_isoperimetry.ipynb": "tool",
}


def blocks(lang: str) -> list[str]:
    """Fenced code blocks of a language (also indented ones inside lists), dedented."""
    out = []
    for m in re.finditer(rf"^( *)```{lang}\n(.*?)^\1```", README, re.M | re.S):
        indent = len(m.group(1))
        out.append("\n".join(line[indent:] for line in m.group(2).splitlines()))
    return out


def bash_commands() -> list[str]:
    cmds = []
    for block in blocks("bash"):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                cmds += [c.strip() for c in line.split("&&")]
    return cmds


def test_every_readme_command_is_accounted_for() -> None:
    cmds = bash_commands()
    assert cmds, "README has no bash blocks"
    assert [c for c in cmds if c not in COMMANDS] == []
    assert [c for c in COMMANDS if c not in cmds] == []  # no stale entries


def run(cmd: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run a README command: `isoper ...` in this process (fast: the imports are shared), the rest as programs."""
    argv = shlex.split(cmd)
    if argv[0] == "isoper" and argv[1:2] != ["--version"] and argv[1] not in ("bound", "constants"):
        import contextlib
        import io

        from isoper.cli import main

        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(cwd)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv[1:])
        finally:
            os.chdir(old)
        return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())
    if argv[0] == "isoper":
        script = Path(sys.executable).with_name("isoper")
        argv = ([str(script)] if script.exists() else [sys.executable, "-m", "isoper.cli"]) + argv[1:]
    elif argv[0] == "python":
        argv[0] = sys.executable
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "100"})


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty folder (so `isoper verify` uses the shipped paper) with examples/ beside it, as in a clone."""
    where = tmp_path_factory.mktemp("readme")
    (where / "examples").symlink_to(ROOT / "examples")
    return where


def option_names(cmd: str) -> list[str]:
    return [a.split("=", 1)[0] for a in shlex.split(cmd) if a.startswith("--")]


@pytest.mark.parametrize("cmd", [c for c, how in COMMANDS.items() if how in ("run", "only")])
def test_readme_command_runs(cmd: str, workdir: Path) -> None:
    # commands that read a file another command writes run after it: the order of COMMANDS is README's order
    if "--json ledger.json" in cmd and cmd.startswith("isoper show") and not (workdir / "ledger.json").exists():
        run("isoper verify --only thm-law --json ledger.json", workdir)
    full = cmd + (" --only def-isoperimetry" if COMMANDS[cmd] == "only" else "")
    proc = run(full, workdir)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    if "--output" in cmd:
        out = workdir / shlex.split(cmd)[shlex.split(cmd).index("--output") + 1]
        assert out.exists() and "def-isoperimetry" in out.read_text()
    if cmd.startswith("isoper show thm-law/step-3"):
        assert "counterexample" in proc.stdout and "correction" in proc.stdout
    if cmd.startswith("isoper show my-chernoff/step-2"):
        assert "counterexample: t = 2" in " ".join(proc.stdout.split())
    if cmd == "isoper verify examples/my_paper.py --details":
        flat = " ".join(proc.stdout.split())
        assert "step-2 refuted (known erratum; corrected: verified)" in flat and "all as recorded" in flat


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_readme_latex_command(workdir: Path) -> None:
    assert run("isoper verify --format latex --output ledger.tex --only thm-law cor-depth", workdir).returncode == 0
    proc = run("pdflatex -halt-on-error -interaction=nonstopmode ledger.tex", workdir, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]


@pytest.mark.parametrize("cmd", [c for c, how in COMMANDS.items() if how == "help"])
def test_readme_command_options_exist(cmd: str) -> None:
    argv = shlex.split(cmd)
    head = [a for a in argv if not a.startswith("-") or a == "-m"]
    if argv[:4] == ["python", "-m", "pip", "install"]:
        probe = [sys.executable, "-m", "pip", "install", "--help"]
    else:
        probe = [sys.executable if head[0] == "python" else head[0], *head[1:], "--help"]
    proc = subprocess.run(probe, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for opt in option_names(cmd):
        assert opt in proc.stdout, (cmd, opt)


@pytest.mark.parametrize("cmd", [c for c, how in COMMANDS.items() if how == "extra"])
def test_readme_extras_exist(cmd: str) -> None:
    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (name,) = re.findall(r"\[(\w+)\]", cmd)
    assert name in extras


def test_readme_tools_exist_or_skip() -> None:
    """The notebook commands: the notebook exists, and jupyter's commands run where jupyter is installed."""
    for cmd, how in COMMANDS.items():
        if how != "tool":
            continue
        for arg in shlex.split(cmd):
            if arg.startswith("notebooks/"):
                assert (ROOT / arg).exists(), arg
    import importlib.util

    if importlib.util.find_spec("nbconvert") is None:
        pytest.skip("nbconvert is not installed (the notebooks extra)")
    proc = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "--execute" in proc.stdout


def test_readme_tour_runs(capsys: pytest.CaptureFixture) -> None:
    (tour,) = [b for b in blocks("python") if "check_concentration(mu" in b]
    exec(compile(tour, "README tour", "exec"), {})
    out = capsys.readouterr().out
    assert "holds" in out and "Gaussian(d=64, mean=None, scale=8.0)" in out
    assert "check_concentration(Gaussian(d=64, mean=None, scale=1.0), f, t=0.3" in out


def test_readme_pytest_example_passes(tmp_path: Path) -> None:
    (example,) = [b for b in blocks("python") if "def test_norm_concentrates" in b]
    (tmp_path / "test_readme_example.py").write_text(example + "\n")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "2 passed" in proc.stdout


def test_readme_excerpts_match_examples_my_paper() -> None:
    source = {line.strip() for line in (ROOT / "examples" / "my_paper.py").read_text().splitlines()}
    excerpts = [b for b in blocks("python") if "my_chernoff" in b]
    assert len(excerpts) >= 2
    stale = [line for b in excerpts for line in b.splitlines()
             if line.strip() and "..." not in line and line.strip() not in source]
    assert stale == []


def test_inline_isoper_commands_exist() -> None:
    from isoper.cli import _parser

    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for cmd in re.findall(r"`(isoper [^`]+)`", README):
        words = cmd.split()
        if len(words) < 2 or words[1].startswith("-"):
            continue
        assert words[1] in sub.choices, cmd
        if words[1] in ("bound", "constants"):
            helptext = run(f"isoper {words[1]} --help", ROOT).stdout
        else:
            helptext = sub.choices[words[1]].format_help()
        for opt in option_names(cmd.replace("...", "x").replace("[", " ").replace("]", " ")):
            assert opt in helptext, (cmd, opt)


def test_links_stay_inside_the_repository() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if target.startswith(("http://", "https://")):
            continue
        path = (ROOT / target).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), target
