"""Tests of the paper's statements import the modules of proofs/ directly (as `import thm_law`)."""

from __future__ import annotations

import sys
from pathlib import Path

PROOFS = Path(__file__).resolve().parents[2] / "proofs"
if str(PROOFS) not in sys.path:
    sys.path.insert(0, str(PROOFS))
