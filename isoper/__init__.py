"""isoper: executable, checkable mathematics for isoperimetry and the universal law of robustness.

The vocabulary (measures, concentration inequalities, covering numbers, Lipschitz constants), the checking engine
(Monte Carlo with exact binomial bounds; symbolic and interval certificates) and the ledger of what a paper claims
and what the checks found. The flagship content, Bubeck and Sellke's law of robustness, lives in the project's
``proofs/`` folder and runs with ``isoper verify``.
"""

from __future__ import annotations

from ._validate import InvalidParameter as InvalidParameter
from .measures import DiscreteCube as DiscreteCube
from .measures import Gaussian as Gaussian
from .measures import IsoperimetryConstant as IsoperimetryConstant
from .measures import Measure as Measure
from .measures import Mixture as Mixture
from .measures import PushForward as PushForward
from .measures import SolidCube as SolidCube
from .measures import Sphere as Sphere
from .montecarlo import CheckResult as CheckResult
from .montecarlo import Verdict as Verdict
from .montecarlo import binomial_interval as binomial_interval
from .montecarlo import check_concentration as check_concentration
from .montecarlo import check_event as check_event
from .montecarlo import check_isoperimetry as check_isoperimetry
from .montecarlo import isoperimetric_bound as isoperimetric_bound
from .montecarlo import check_trials as check_trials
from .statements import Chain as Chain
from .statements import Claim as Claim
from .statements import Context as Context
from .statements import Inequality as Inequality
from .statements import Mutant as Mutant
from .statements import Evidence as Evidence
from .statements import Ledger as Ledger
from .statements import Statement as Statement
from .statements import Status as Status

from . import covering as covering
from . import law as law
from . import lipschitz as lipschitz
from . import models as models
from . import strategies as strategies
from . import testing as testing
from .lipschitz import LipschitzEstimate as LipschitzEstimate
from .testing import alpha_budget as alpha_budget
from .testing import assert_holds as assert_holds
from .testing import assert_not_violated as assert_not_violated
from .testing import assert_violated as assert_violated

__version__ = "0.1.0"

__all__ = [
    "InvalidParameter",
    "Measure",
    "IsoperimetryConstant",
    "Gaussian",
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
