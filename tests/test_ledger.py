"""The paper's ledger as tests: every statement under proofs/ runs and every outcome is the one recorded.

Also checks that every id of PAPER.md has a statement (when ../shared/PAPER.md is present, as in CI).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from isoper import Ledger, Status
from isoper.statements import collect_statements

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = collect_statements(ROOT / "proofs")
PAPER = ROOT / "PAPER.md" if (ROOT / "PAPER.md").exists() else ROOT.parent / "shared" / "PAPER.md"


@pytest.mark.parametrize("statement", STATEMENTS, ids=[s.id for s in STATEMENTS])
def test_statement_is_as_recorded(statement):
    result = Ledger([statement], alpha=1e-3, seed=0).run(mutants=True)
    survivors = [f"{m.step_id}: {m.status.value}: {m.claim} (false because {m.mutant.why_false})"
                 for m in result.survivors]
    assert not survivors, "known-false mutants that survived (defects of the checks):\n" + "\n".join(survivors)
    for m in result.mutants:
        assert m.status is not Status.REFUTED or m.evidence.counterexample, m.step_id
    bad = [f"{s.step.id}: {s.evidence.status.value} (recorded {sorted(x.value for x in s.step.expected)}): "
           f"{s.evidence.detail[:600]}" for s in result.unexpected]
    assert not bad, "\n".join(bad) + "\nreproduce: isoper verify proofs --seed 0 --only " + statement.id
    # DESIGN: refuted only with a counterexample, in the JSON as well; no checker's refutation was downgraded
    for step in result.to_dict()["statements"][0]["steps"]:
        for part in (step, step["correction"] or {}):
            if part.get("status") == "refuted":
                assert part["counterexample"], f"{step['id']} is refuted without a counterexample"
            assert "without a counterexample" not in str(part.get("detail", "")), step["id"]


# Steps recorded as unchecked (reported in the ledger, never hidden). Shrink this list; a new unchecked step fails.
KNOWN_UNCHECKED: set[str] = set()


def test_every_step_is_checked():
    unchecked = {s.id for st in STATEMENTS for s in st.steps if s.checker is None}
    assert unchecked <= KNOWN_UNCHECKED, sorted(unchecked - KNOWN_UNCHECKED)


#: Claims without values of their own (so without mutants), each with the reason.
NO_VALUES = {
    "ex-cube/step-9": "the paper's wording, recorded as an erratum; its check reads the (c, d) pairs of step 5's claim",
}


def test_every_claim_is_data_with_known_false_mutants():
    missing = []
    for st in STATEMENTS:
        for step in st.steps:
            parts = [(step.id, step.claim)]
            if step.correction is not None:
                parts.append((step.id + "/correction", step.correction.claim))
            for sid, claim in parts:
                if sid in NO_VALUES:
                    continue
                if not claim.values or len(claim.mutants) < 2:
                    missing.append(f"{sid}: {len(claim.values)} values, {len(claim.mutants)} mutants")
    assert not missing, missing
    mutants = sum(len(c.mutants) for c in Ledger(STATEMENTS).claims().values())
    assert mutants >= 250, mutants


def test_statements_have_docstring_metadata():
    for st in STATEMENTS:
        assert st.title and st.source and st.steps, st.id
        assert any(s.id.endswith("/conclusion") for s in st.steps), f"{st.id} has no conclusion check"


#: The ids of ../shared/PAPER.md, frozen here so that a clone without the shared folder (as in CI) still checks them.
PAPER_IDS = frozenset({
    "def-isoperimetry",
    "def-subgaussian",
    "prop-subgaussian-sum",
    "ex-gaussian",
    "ex-sphere",
    "ex-cube",
    "ex-log-concave",
    "ex-ricci",
    "ex-pushforward",
    "ex-mixture",
    "rem-tightness",
    "thm-law-informal",
    "lem-noise-correlation",
    "thm-finite",
    "thm-law",
    "lem-network-param",
    "cor-depth",
    "thm-weights-necessary",
    "lem-rademacher",
    "app-mnist",
    "app-imagenet",
    "bln-conjecture",
    "whz-beyond-isoperimetry",
    "bkm-random-features",
    "two-layer-upper-bound",
})


def test_every_paper_id_has_a_statement():
    missing = sorted(PAPER_IDS - {s.id for s in STATEMENTS})
    assert not missing, f"not encoded: {missing}"


@pytest.mark.skipif(not PAPER.exists(), reason="PAPER.md is not beside the project")
def test_frozen_ids_match_paper_md():
    ids = set(re.findall(r"^- `([a-z0-9-]+)`", PAPER.read_text(), flags=re.M))
    assert ids == PAPER_IDS, {"only in PAPER.md": sorted(ids - PAPER_IDS), "only here": sorted(PAPER_IDS - ids)}


# ------------------------------------------------------------------------------------------------------------
# a literal Evidence.verified(...) that nothing computed can prevent is a defect

_CONTROL = (ast.If, ast.IfExp, ast.BoolOp, ast.Try, ast.For, ast.While, ast.comprehension, ast.ListComp,
            ast.GeneratorExp, ast.DictComp, ast.SetComp, ast.Match)


def _is_verified_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "verified"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "Evidence")


def literal_verified(fn: ast.FunctionDef) -> list[int]:
    """Lines of ``Evidence.verified(...)`` calls in ``fn`` that no condition guards and no earlier return of another
    result can bypass: the function cannot return anything else once it gets there."""
    found: list[ast.AST] = []

    def visit(node: ast.AST, guarded: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            if _is_verified_call(child) and not guarded:
                found.append(child)
            visit(child, guarded or isinstance(child, _CONTROL))

    visit(fn, False)
    early = [r.lineno for r in ast.walk(fn) if isinstance(r, ast.Return) and r.value is not None
             and not _is_verified_call(r.value)]
    return [v.lineno for v in found if not any(line < v.lineno for line in early)]


def test_literal_verified_scan_catches_the_old_app_imagenet_conclusion():
    src = (
        "def conclusion(ctx):\n"
        "    pmin = min_parameters(lipschitz=1.0, n=14000000, d=2000)\n"
        "    return Evidence.all_of(step_1(ctx), Evidence.verified(f'least p is {pmin}', method='symbolic'))\n"
    )
    assert literal_verified(ast.parse(src).body[0]) == [3]
    guarded = "def f(ctx):\n    if bad():\n        return Evidence.refuted('x')\n    return Evidence.verified('ok')\n"
    assert literal_verified(ast.parse(guarded).body[0]) == []


def test_no_checker_returns_a_literal_verified():
    bad = []
    for f in sorted((ROOT / "proofs").glob("*.py")):
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.FunctionDef):
                bad += [f"{f.name}:{line} ({node.name})" for line in literal_verified(node)]
    assert not bad, f"Evidence.verified with nothing computed in front of it: {bad}"
