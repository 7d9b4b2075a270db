"""isoper: executable, checkable mathematics for isoperimetry and the universal law of robustness."""

from __future__ import annotations

from ._validate import InvalidParameter as InvalidParameter

__version__ = "0.1.0"

__all__ = ["InvalidParameter", "__version__"]
