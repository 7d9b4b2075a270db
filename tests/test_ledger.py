"""The paper's ledger as tests: every statement under proofs/ runs and every outcome is the one recorded.

Also checks that every id of PAPER.md has a statement (when ../shared/PAPER.md is present, as in CI).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from isoper import Ledger
from isoper.statements import collect_statements

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = collect_statements(ROOT / "proofs")
PAPER = ROOT.parent / "shared" / "PAPER.md"


@pytest.mark.parametrize("statement", STATEMENTS, ids=[s.id for s in STATEMENTS])
def test_statement_is_as_recorded(statement):
    result = Ledger([statement], alpha=1e-3, seed=0).run()
    bad = [f"{s.step.id}: {s.evidence.status.value} (recorded {sorted(x.value for x in s.step.expected)}): "
           f"{s.evidence.detail[:600]}" for s in result.unexpected]
    assert not bad, "\n".join(bad) + "\nreproduce: isoper verify proofs --seed 0 --only " + statement.id


# Steps recorded as unchecked (reported in the ledger, never hidden). Shrink this list; a new unchecked step fails.
KNOWN_UNCHECKED: set[str] = set()


def test_every_step_is_checked():
    unchecked = {s.id for st in STATEMENTS for s in st.steps if s.checker is None}
    assert unchecked <= KNOWN_UNCHECKED, sorted(unchecked - KNOWN_UNCHECKED)


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
