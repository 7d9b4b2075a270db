"""isoper: executable, checkable mathematics for isoperimetry and the universal law of robustness.

The vocabulary (measures, concentration inequalities, covering numbers, Lipschitz constants), the checking engine
(Monte Carlo with exact binomial bounds; symbolic and interval certificates) and the ledger of what a paper claims
and what the checks found. The flagship content, Bubeck and Sellke's law of robustness, ships with the package
(:func:`paper_path`) and runs with ``isoper verify``.

Names are imported on first use (PEP 562), so that ``import isoper`` and the ``isoper`` command start fast: sympy
and scipy load only when a measure, a check or a ledger needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> (module, attribute); attribute None means the module itself
_LAZY: dict[str, tuple[str, str | None]] = {
    "InvalidParameter": ("._validate", "InvalidParameter"),
    "Measure": (".measures", "Measure"),
    "IsoperimetryConstant": (".measures", "IsoperimetryConstant"),
    "Gaussian": (".measures", "Gaussian"),
    "standard_gaussian": (".measures", "standard_gaussian"),
    "Sphere": (".measures", "Sphere"),
    "SolidCube": (".measures", "SolidCube"),
    "DiscreteCube": (".measures", "DiscreteCube"),
    "Mixture": (".measures", "Mixture"),
    "PushForward": (".measures", "PushForward"),
    # the checks honour the pytest plugin's --isoper-alpha and alpha_budget, and record their results
    "check_concentration": (".testing", "check_concentration"),
    "check_event": (".testing", "check_event"),
    "check_isoperimetry": (".testing", "check_isoperimetry"),
    "check_trials": (".testing", "check_trials"),
    "isoperimetric_bound": (".montecarlo", "isoperimetric_bound"),
    "binomial_interval": (".montecarlo", "binomial_interval"),
    "CheckResult": (".montecarlo", "CheckResult"),
    "Verdict": (".montecarlo", "Verdict"),
    "Statement": (".statements", "Statement"),
    "Claim": (".statements", "Claim"),
    "Inequality": (".statements", "Inequality"),
    "Chain": (".statements", "Chain"),
    "Mutant": (".statements", "Mutant"),
    "Evidence": (".statements", "Evidence"),
    "Status": (".statements", "Status"),
    "Context": (".statements", "Context"),
    "Ledger": (".statements", "Ledger"),
    "collect_statements": (".statements", "collect_statements"),
    "paper_path": (".cli", "paper_path"),
    "LipschitzEstimate": (".lipschitz", "LipschitzEstimate"),
    "covering": (".covering", None),
    "law": (".law", None),
    "lipschitz": (".lipschitz", None),
    "models": (".models", None),
    "strategies": (".strategies", None),
    "testing": (".testing", None),
    "report": (".report", None),
    "alpha_budget": (".testing", "alpha_budget"),
    "assert_holds": (".testing", "assert_holds"),
    "assert_violated": (".testing", "assert_violated"),
    "assert_not_violated": (".testing", "assert_not_violated"),
}

__all__ = [
    "InvalidParameter",
    "Measure",
    "IsoperimetryConstant",
    "Gaussian",
    "standard_gaussian",
    "Sphere",
    "SolidCube",
    "DiscreteCube",
    "Mixture",
    "PushForward",
    "check_concentration",
    "check_event",
    "check_isoperimetry",
    "isoperimetric_bound",
    "check_trials",
    "binomial_interval",
    "CheckResult",
    "Verdict",
    "Statement",
    "Claim",
    "Inequality",
    "Chain",
    "Mutant",
    "Evidence",
    "Status",
    "Context",
    "Ledger",
    "collect_statements",
    "paper_path",
    "LipschitzEstimate",
    "covering",
    "law",
    "lipschitz",
    "models",
    "strategies",
    "testing",
    "alpha_budget",
    "assert_holds",
    "assert_violated",
    "assert_not_violated",
    "__version__",
]


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'isoper' has no attribute {name!r}") from None
    mod = importlib.import_module(module, __name__)
    value = mod if attr is None else getattr(mod, attr)
    if module == ".testing":
        mod._document()
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # static checkers and IDEs see the eager imports
    from . import covering as covering
    from . import law as law
    from . import lipschitz as lipschitz
    from . import models as models
    from . import report as report
    from . import strategies as strategies
    from . import testing as testing
    from ._validate import InvalidParameter as InvalidParameter
    from .cli import paper_path as paper_path
    from .lipschitz import LipschitzEstimate as LipschitzEstimate
    from .measures import DiscreteCube as DiscreteCube
    from .measures import Gaussian as Gaussian
    from .measures import IsoperimetryConstant as IsoperimetryConstant
    from .measures import Measure as Measure
    from .measures import Mixture as Mixture
    from .measures import PushForward as PushForward
    from .measures import SolidCube as SolidCube
    from .measures import Sphere as Sphere
    from .measures import standard_gaussian as standard_gaussian
    from .montecarlo import CheckResult as CheckResult
    from .montecarlo import Verdict as Verdict
    from .montecarlo import binomial_interval as binomial_interval
    from .montecarlo import isoperimetric_bound as isoperimetric_bound
    from .statements import Chain as Chain
    from .statements import Claim as Claim
    from .statements import Context as Context
    from .statements import Inequality as Inequality
    from .statements import Mutant as Mutant
    from .statements import Evidence as Evidence
    from .statements import Ledger as Ledger
    from .statements import Statement as Statement
    from .statements import Status as Status
    from .statements import collect_statements as collect_statements
    from .testing import alpha_budget as alpha_budget
    from .testing import assert_holds as assert_holds
    from .testing import assert_not_violated as assert_not_violated
    from .testing import assert_violated as assert_violated
    from .testing import check_concentration as check_concentration
    from .testing import check_event as check_event
    from .testing import check_isoperimetry as check_isoperimetry
    from .testing import check_trials as check_trials
