"""Packaging: the wheel ships the paper's statement modules, the license and the command, and (slow) a wheel
installed in a fresh virtual environment verifies the whole paper from an empty folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROOFS = sorted(p.name for p in (ROOT / "proofs").glob("*.py"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # build from a clean copy: an in-tree build/ folder could carry modules that no longer exist in the source
    src = tmp_path_factory.mktemp("src") / "isoper"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".ci-venv", ".venv", ".hypothesis", ".pytest_cache",
        "*.whl"))
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 and "Could not find a version that satisfies" in proc.stderr:
        pytest.skip("no package index to fetch the build backend from")
    assert proc.returncode == 0, proc.stderr[-3000:]
    (found,) = out.glob("isoper-*.whl")
    return found


def test_wheel_ships_the_paper_license_and_command(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in PROOFS if f"isoper/paper/{f}" not in names]
    assert PROOFS and not missing, missing
    assert any(n.endswith("/licenses/LICENSE") or n.endswith(".dist-info/LICENSE") for n in names)
    assert "isoper/py.typed" in names and "isoper/report.py" in names
    meta = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    entry = zipfile.ZipFile(wheel).read(meta).decode()
    assert "isoper = isoper.cli:main" in entry and "isoper.pytest_plugin" in entry
    assert not any(n.startswith(("tests/", "proofs/", "examples/")) for n in names)


def test_project_metadata() -> None:
    tomllib = pytest.importorskip("tomllib")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "MIT" in str(meta["project"]["license"]) and (ROOT / "LICENSE").read_text().startswith("MIT License")
    extras = meta["project"]["optional-dependencies"]
    assert any(r.startswith("jupyterlab") for r in extras["notebooks"])
    assert any(r.startswith("nbconvert") for r in extras["notebooks"])


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_verifies_the_paper_in_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    """`pip install isoper-*.whl && isoper verify --json x.json` in an empty folder covers all 25 statements."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    extra = []
    try:  # the test's own environment may have python-flint; the fresh one gets it too when the index has it
        import flint  # noqa: F401

        extra = ["python-flint"]
    except ImportError:
        pass
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel), *extra], check=True, timeout=1200)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    t0 = time.perf_counter()
    proc = subprocess.run([str(env_dir / "bin" / "isoper"), "verify", "--json", "x.json", "--quiet"], cwd=empty,
                          capture_output=True, text=True, env=env, timeout=1800)
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads((empty / "x.json").read_text())
    ids = [st["id"] for st in data["statements"]]
    print(f"wheel in a fresh venv: {len(ids)} statements, "
          f"{sum(len(st['steps']) for st in data['statements'])} steps, {elapsed:.1f} s")
    assert len(ids) == 25 and len(set(ids)) == 25
    assert "all as recorded" in " ".join(proc.stdout.split())
    assert sorted(os.listdir(empty)) == ["x.json"]
    # the run used the installed copy, not this checkout
    where = subprocess.run([str(py), "-c", "import isoper; print(isoper.paper_path())"], capture_output=True,
                           text=True, cwd=empty, check=True).stdout.strip()
    assert str(env_dir) in where and where.endswith(os.path.join("isoper", "paper"))
