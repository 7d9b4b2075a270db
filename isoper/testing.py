r"""Turning Monte Carlo check results into test assertions, and sharing an error budget between checks.

isoper's checks return :class:`~isoper.montecarlo.CheckResult` objects and never assert (STYLE R7); this module is
the layer that does:

* :func:`assert_holds`, :func:`assert_violated`, :func:`assert_not_violated` raise ``AssertionError`` with a message
  that names the claim, the verdict, the estimate, the confidence interval, the sample size, the seed and how to
  reproduce the result.
* :func:`alpha_budget` splits a total false-alarm rate between the examples of a hypothesis test (or the rounds of a
  loop) by Bonferroni, so that a test running many checks of *true* claims still fails with probability at most
  ``total_alpha``.
* :func:`record` and :func:`add_observer` let the pytest plugin (or anything else) see every check that ran: the
  engine, or the helpers here, call ``record(result)``; each registered observer is called once per result.
* :func:`check_concentration`, :func:`check_event`, :func:`check_trials` and :func:`check_isoperimetry` are the
  engine's checks with ``alpha`` defaulting to :func:`default_alpha` (the pytest option ``--isoper-alpha``, or the
  active budget's share) and with their results recorded.
* :func:`derive_seed` is how the pytest plugin derives each test's seed from the session seed and the test id.

Nothing here imports pytest or hypothesis at module level, and the engine may import this module without a cycle.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ._validate import InvalidParameter, check_int, check_open_unit

if TYPE_CHECKING:
    from .montecarlo import CheckResult

__all__ = [
    "DEFAULT_ALPHA",
    "Observer",
    "AlphaBudget",
    "record",
    "add_observer",
    "remove_observer",
    "observing",
    "default_alpha",
    "set_default_alpha",
    "alpha_budget",
    "derive_seed",
    "describe",
    "assert_holds",
    "assert_violated",
    "assert_not_violated",
    "check_concentration",
    "check_event",
    "check_trials",
    "check_isoperimetry",
]

#: The per-check false-alarm rate used when neither ``alpha=``, ``--isoper-alpha`` nor a budget says otherwise
#: (the engine's own default).
DEFAULT_ALPHA = 1e-6

Observer = Callable[["CheckResult"], None]
R = TypeVar("R")

_observers: list[Observer] = []
_lock = threading.RLock()
_RECORDED_FLAG = "_isoper_recorded"  # set on a result once observers have seen it (dedupes engine + helper calls)


# ------------------------------------------------------------------------------------------------------------------
# recording


def record(result: R) -> R:
    """Tell every registered observer that a check produced ``result``; return ``result`` unchanged.

    Meant to be called by the engine once for every result it builds (``return record(CheckResult(...))``), and
    by the helpers of this module. A result is reported to observers at most once, however many times it is
    recorded, so the engine and the assertion helpers may both call it.

    Args:
        result: a :class:`~isoper.montecarlo.CheckResult` (anything else is returned untouched and not reported).

    Returns:
        ``result``, so that the call can wrap an expression.
    """
    if not hasattr(result, "verdict") or not hasattr(result, "samples"):
        return result
    if getattr(result, _RECORDED_FLAG, False):
        return result
    try:
        object.__setattr__(result, _RECORDED_FLAG, True)  # frozen dataclass: bypass the frozen __setattr__
    except (AttributeError, TypeError):  # __slots__ without room for the flag: report, without dedupe
        pass
    with _lock:
        observers = list(_observers)
    for observer in observers:
        observer(result)  # type: ignore[arg-type]
    return result


def add_observer(observer: Observer) -> None:
    """Register ``observer(result)`` to be called for every recorded check result."""
    if not callable(observer):
        raise TypeError(f"observer must be callable as observer(result), got {type(observer).__name__}")
    with _lock:
        _observers.append(observer)


def remove_observer(observer: Observer) -> None:
    """Unregister an observer (no error if it was not registered)."""
    with _lock:
        for i in range(len(_observers) - 1, -1, -1):
            if _observers[i] is observer:
                del _observers[i]
                break


@contextlib.contextmanager
def observing(observer: Observer | None = None) -> Iterator[list[CheckResult]]:
    """Collect the results recorded inside the ``with`` block (and pass each to ``observer`` if given).

    Examples:
        >>> from isoper import testing
        >>> with testing.observing() as seen:
        ...     r = testing.check_trials(lambda rng, m: rng.random(m) < 0.5, bound=0.6, samples=1000, seed=3)
        >>> len(seen), seen[0] is r
        (1, True)
    """
    if observer is not None and not callable(observer):
        raise TypeError(f"observer must be callable as observer(result), got {type(observer).__name__}")
    seen: list[CheckResult] = []

    def collect(result: CheckResult) -> None:
        seen.append(result)
        if observer is not None:
            observer(result)

    add_observer(collect)
    try:
        yield seen
    finally:
        remove_observer(collect)


def _engine_records() -> bool:
    """Whether the engine itself calls :func:`record` (then every check is seen, not only those passed here)."""
    from . import montecarlo

    return any(value is record for value in vars(montecarlo).values())


# ------------------------------------------------------------------------------------------------------------------
# alpha: the configured default and Bonferroni budgets


_default_alphas: list[float] = []  # a stack: the pytest plugin pushes --isoper-alpha for the session


def set_default_alpha(alpha: float | None) -> None:
    """Set (a float) or clear (``None``) the process-wide default alpha; the pytest plugin sets ``--isoper-alpha``.

    Nested settings (a pytest session started inside another, as ``pytester`` does) push and pop: ``None`` restores
    the previous value.
    """
    with _lock:
        if alpha is None:
            if _default_alphas:
                _default_alphas.pop()
        else:
            _default_alphas.append(check_open_unit("alpha", alpha))


_budgets = threading.local()


def _active_budgets() -> list[AlphaBudget]:
    stack = getattr(_budgets, "stack", None)
    if stack is None:
        stack = _budgets.stack = []
    return stack


def _configured_alpha() -> float:
    with _lock:
        return _default_alphas[-1] if _default_alphas else DEFAULT_ALPHA


def default_alpha() -> float:
    """The alpha a check should use when none is given.

    Inside an active :func:`alpha_budget` it is the budget's per-check share; otherwise the pytest option
    ``--isoper-alpha`` when the plugin runs; otherwise :data:`DEFAULT_ALPHA`.
    """
    stack = _active_budgets()
    if stack:
        return stack[-1].alpha
    return _configured_alpha()


@dataclass(frozen=True)
class AlphaBudget:
    r"""A total false-alarm rate shared equally (Bonferroni) between ``max_examples * checks_per_example`` checks.

    If each of the m checks reports a true claim as violated with probability at most ``alpha = total_alpha / m``,
    the union bound gives :math:`P(\text{any false alarm}) \le m \cdot \text{alpha} = \text{total\_alpha}`, whatever
    the dependence between the checks. The share of an example does not depend on its position in the run, so a
    failing example replays (and shrinks) with the same alpha.

    Attributes:
        total_alpha: the error rate of the whole test.
        max_examples: how many examples (or loop rounds) share it.
        checks_per_example: how many checks each example runs.
    """

    total_alpha: float
    max_examples: int
    checks_per_example: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_alpha", check_open_unit("total_alpha", self.total_alpha))
        object.__setattr__(self, "max_examples", check_int("max_examples", self.max_examples, minimum=1))
        object.__setattr__(self, "checks_per_example",
                           check_int("checks_per_example", self.checks_per_example, minimum=1))

    @property
    def alpha(self) -> float:
        """The per-check share ``total_alpha / (max_examples * checks_per_example)``."""
        return self.total_alpha / (self.max_examples * self.checks_per_example)

    def __enter__(self) -> AlphaBudget:
        _active_budgets().append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        stack = _active_budgets()
        if stack and stack[-1] is self:
            stack.pop()
        elif self in stack:  # exited out of order: drop it anyway
            stack.remove(self)

    def __call__(self, test: Callable[..., Any]) -> Callable[..., Any]:
        return _budget_decorator(self, test)


class _BudgetSpec:
    """What :func:`alpha_budget` returns: a context manager with explicit sizes, or a decorator of a given-test."""

    def __init__(
        self, total_alpha: float | None, max_examples: int | None, checks_per_example: int, keep_deadline: bool = False
    ) -> None:
        self.total_alpha = total_alpha
        self.max_examples = max_examples
        self.checks_per_example = checks_per_example
        self.keep_deadline = keep_deadline
        self._entered: list[AlphaBudget] = []

    def resolve(self, max_examples: int | None = None) -> AlphaBudget:
        total = _configured_alpha() if self.total_alpha is None else self.total_alpha
        m = self.max_examples if self.max_examples is not None else max_examples
        if m is None:
            raise InvalidParameter(
                "max_examples is None: alpha_budget needs the number of examples sharing the budget, either "
                "max_examples=... or, as a decorator placed above @given, the test's hypothesis settings"
            )
        return AlphaBudget(total, m, self.checks_per_example)

    @property
    def alpha(self) -> float:
        """The per-check share (needs explicit ``max_examples``)."""
        return self.resolve().alpha

    def __enter__(self) -> AlphaBudget:
        budget = self.resolve()
        self._entered.append(budget)
        return budget.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._entered.pop().__exit__(*exc)

    def __call__(self, test: Callable[..., Any]) -> Callable[..., Any]:
        return _budget_decorator(self, test)

    def __repr__(self) -> str:
        return (
            f"alpha_budget(total_alpha={self.total_alpha!r}, max_examples={self.max_examples!r}, "
            f"checks_per_example={self.checks_per_example!r})"
        )


def alpha_budget(
    total_alpha: float | None = None, max_examples: int | None = None, *, checks_per_example: int = 1,
    keep_deadline: bool = False,
) -> _BudgetSpec:
    r"""Share a total false-alarm rate between the examples of a hypothesis test (Bonferroni).

    A test that runs a Monte Carlo check at level alpha in each of m examples fails on a *true* claim with probability
    up to m alpha. Inside the budget, :func:`default_alpha` (and so the checks of this module, and any code that asks
    it) is ``total_alpha / (max_examples * checks_per_example)``, and the whole test fails on true claims with
    probability at most ``total_alpha``.

    Use it as a decorator **above** ``@given`` (and above ``@settings``)::

        @alpha_budget(0.01, max_examples=200)       # sets hypothesis' max_examples=200, each check gets 5e-5
        @given(mu=ist.measures(), seed=ist.seeds())
        def test_lemma(mu, seed):
            assert_holds(testing.check_concentration(mu, f, t=..., bound=..., seed=seed))

    Without ``max_examples`` the decorator reads the test's hypothesis settings when the test runs. Explicit
    ``@example`` cases are counted too. The decorator also turns hypothesis' ``deadline`` off (Monte Carlo examples
    are slow, and a timing failure would be a false alarm outside the budget) unless ``keep_deadline=True``. Or as a context manager with explicit sizes, for a loop::

        with alpha_budget(0.01, max_examples=len(ts)) as budget:
            for t in ts:
                assert_holds(check_concentration(mu, f, t=t, bound=..., alpha=budget.alpha, seed=seed))

    What is counted: the examples hypothesis runs in its ``explicit`` and ``generate`` phases. Examples replayed from
    the example database (the ``reuse`` phase) are extra; use ``database=None`` where the bound must be strict.
    Shrinking only starts after a first failure, so it does not change the probability of failing.

    Args:
        total_alpha: the error rate of the whole test, in (0, 1); default: the configured default alpha
            (``--isoper-alpha`` under pytest).
        max_examples: the number of examples (or rounds) sharing it; as a decorator, also sets hypothesis'
            ``max_examples``.
        checks_per_example: how many checks each example runs (each gets an equal share).
        keep_deadline: as a decorator, leave hypothesis' ``deadline`` setting alone.

    Returns:
        A decorator that is also a context manager (entering it yields an :class:`AlphaBudget`).

    Raises:
        InvalidParameter: ``total_alpha`` outside (0, 1), ``max_examples`` or ``checks_per_example`` < 1.
    """
    if total_alpha is not None:
        total_alpha = check_open_unit("total_alpha", total_alpha)
    if max_examples is not None:
        max_examples = check_int("max_examples", max_examples, minimum=1)
    checks_per_example = check_int("checks_per_example", checks_per_example, minimum=1)
    if not isinstance(keep_deadline, bool):
        raise TypeError(f"keep_deadline must be a bool, got {type(keep_deadline).__name__}")
    return _BudgetSpec(total_alpha, max_examples, checks_per_example, keep_deadline)


_SETTINGS_ATTR = "_hypothesis_internal_use_settings"


def _budget_decorator(spec: _BudgetSpec | AlphaBudget, test: Callable[..., Any]) -> Callable[..., Any]:
    if not callable(test):
        raise TypeError(f"alpha_budget decorates a test function, got {type(test).__name__}")
    if not getattr(test, "is_hypothesis_test", False):
        raise InvalidParameter(
            f"alpha_budget as a decorator must be placed above @given (it wraps the whole hypothesis test, "
            f"{getattr(test, '__name__', test)!r} is not one); use it as a context manager elsewhere"
        )
    from hypothesis import settings as Settings

    explicit = len(getattr(test, "hypothesis_explicit_examples", ()))
    changes: dict[str, Any] = {}
    if isinstance(spec, _BudgetSpec) and spec.max_examples is not None:
        changes["max_examples"] = spec.max_examples  # one source of truth: the budget's size is hypothesis' count
    if not getattr(spec, "keep_deadline", False):
        changes["deadline"] = None
    if changes:
        parent = getattr(test, _SETTINGS_ATTR, None) or Settings.default
        setattr(test, _SETTINGS_ATTR, Settings(parent, **changes))

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        inner = getattr(test, _SETTINGS_ATTR, None)
        outer = wrapper.__dict__.get(_SETTINGS_ATTR)
        if outer is not None and outer is not inner:
            raise InvalidParameter(
                "@settings was applied above @alpha_budget, where hypothesis does not see it: "
                "put @alpha_budget above @settings and @given"
            )
        if isinstance(spec, AlphaBudget):
            budget = spec
        else:
            generated = (inner or Settings.default).max_examples
            budget = spec.resolve(generated)
            budget = AlphaBudget(budget.total_alpha, budget.max_examples + explicit, budget.checks_per_example)
        with budget:
            return test(*args, **kwargs)

    wrapper.__dict__.pop(_SETTINGS_ATTR, None)  # functools.wraps copied it; only the inner test's counts
    wrapper.isoper_alpha_budget = spec  # type: ignore[attr-defined]
    return wrapper


# ------------------------------------------------------------------------------------------------------------------
# seeds


def derive_seed(session_seed: int, label: str) -> int:
    """A seed in [0, 2^63) for one test: a hash of the session seed and the test's id (``label``).

    Different labels give independent-looking seeds; the same (session seed, label) always gives the same one, so
    ``pytest --isoper-seed S`` replays every test's randomness.

    Examples:
        >>> derive_seed(0, "test_a.py::test_x") == derive_seed(0, "test_a.py::test_x")
        True
        >>> derive_seed(0, "test_a.py::test_x") != derive_seed(1, "test_a.py::test_x")
        True
    """
    session_seed = check_int("session_seed", session_seed, minimum=0)
    if not isinstance(label, str):
        raise TypeError(f"label must be a str, got {type(label).__name__}")
    h = int.from_bytes(hashlib.sha256(label.encode("utf-8")).digest()[:8], "little")
    state = np.random.SeedSequence([session_seed, h]).generate_state(2, np.uint32)
    return (int(state[0]) | (int(state[1]) << 32)) & ((1 << 63) - 1)


# ------------------------------------------------------------------------------------------------------------------
# readable assertions


_session_hint: list[str] = []  # set by the pytest plugin: how to replay the session's seeds


def _session_line() -> str:
    return _session_hint[-1] if _session_hint else ""


def describe(result: CheckResult) -> str:
    """A multi-line, human-readable account of a check result: claim, verdict, figures, seed, reproduction."""
    _require_result(result, "describe")
    verdict = getattr(result.verdict, "value", result.verdict)
    confidence = 1 - result.alpha
    direction = getattr(result, "direction", "<=")
    lines = [
        f"claim:      {result.claim}",
        f"verdict:    {verdict}",
        f"estimate:   {result.estimate:.6g}  ({result.count} of {result.samples} samples)",
        (
            f"interval:   [{result.lower:.6g}, {result.upper:.6g}] at confidence {confidence:.6g} "
            f"(alpha={result.alpha:.3g}, exact Clopper-Pearson), vs the claimed bound P {direction} {result.bound:.6g}"
        ),
    ]
    if getattr(result, "center_interval", None) is not None:
        lo, hi = result.center_interval
        lines.append(
            f"centre:     E f ~ {result.center:.6g} in [{lo:.6g}, {hi:.6g}] "
            f"(estimated on {result.center_samples} independent samples)"
        )
    elif getattr(result, "center", None) is not None:
        lines.append(f"centre:     E f = {result.center:.6g} (given)")
    lines.append(f"samples:    {result.samples}")
    lines.append(f"seed:       {result.seed}")
    lines.append(f"reproduce:  {result.reproduce}")
    python = (getattr(result, "extra", None) or {}).get("python")
    if python:
        lines.append(f"python:     {python}")
    session = _session_line()
    if session:
        lines.append(f"session:    {session}")
    return "\n".join(lines)


_MEANING = {
    "violated": "the lower confidence bound exceeds the claimed bound: the claim is false, unless this is one of "
    "the false alarms that happen with probability at most alpha/2 for a true claim",
    "holds": "the upper confidence bound is under the claimed bound: no violation at this sample size",
    "inconclusive": "the interval contains the claimed bound: the check could not decide at this sample size "
    "(more samples, or a claim with more room, may decide it)",
}


def _fail(result: CheckResult, expected: str) -> None:
    __tracebackhide__ = True
    verdict = str(getattr(result.verdict, "value", result.verdict))
    raise AssertionError(
        f"isoper check: expected {expected}, got {verdict!r}\n"
        f"meaning:    {_MEANING.get(verdict, verdict)}\n" + describe(result)
    )


def _require_result(result: Any, where: str) -> None:
    if not all(hasattr(result, a) for a in ("verdict", "estimate", "lower", "upper", "samples", "seed")):
        raise TypeError(
            f"{where} takes a CheckResult (from check_concentration and friends) as result, "
            f"got {type(result).__name__}"
        )


def assert_holds(result: CheckResult) -> CheckResult:
    """Assert that a check confirmed its claim (verdict ``"holds"``); return the result.

    Raises:
        AssertionError: on ``"violated"`` or ``"inconclusive"``, with the claim, the estimate, the interval, the
            samples, the seed and how to reproduce it.
    """
    __tracebackhide__ = True
    _require_result(result, "assert_holds")
    record(result)
    if str(result.verdict) != "holds":
        _fail(result, "'holds'")
    return result


def assert_violated(result: CheckResult) -> CheckResult:
    """Assert that a check refuted its claim (verdict ``"violated"``): for tests that a wrong claim is caught."""
    __tracebackhide__ = True
    _require_result(result, "assert_violated")
    record(result)
    if str(result.verdict) != "violated":
        _fail(result, "'violated' (the claim was meant to be caught as false)")
    return result


def assert_not_violated(result: CheckResult) -> CheckResult:
    """Assert that a check did not refute its claim (``"holds"`` or ``"inconclusive"`` both pass)."""
    __tracebackhide__ = True
    _require_result(result, "assert_not_violated")
    record(result)
    if str(result.verdict) == "violated":
        _fail(result, "'holds' or 'inconclusive'")
    return result


# ------------------------------------------------------------------------------------------------------------------
# the engine's checks, with the default alpha and recording


def _arg_text(value: Any) -> str:
    """A value as it would be typed in a call: measures and numbers by repr, functions by their name."""
    if callable(value) and not hasattr(value, "sample"):
        name = getattr(value, "__name__", None) or type(value).__name__
        return "f" if name == "<lambda>" else name
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 400 else text[:397] + "..."


#: arguments that do not change a result (where it runs) or that the reproduce line sets itself
_NOT_IN_CALL = frozenset({"samples", "seed", "alpha", "workers", "backend"})


def _call_text(name: str, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any) -> tuple[str, str]:
    """The call that reproduces ``result``: without and with ``samples=`` and ``seed=``.

    Every argument given is kept (the measure with all its parameters, ``center``, ``lipschitz``, ``method``, ...);
    ``alpha`` is the one used; ``samples`` is the budget asked for (or used, when none was given) and ``seed`` the
    result's seed. Functions appear by name (``f`` for a lambda): define them as in the original call.
    """
    parts = [_arg_text(a) for a in args]
    parts += [f"{k}={_arg_text(v)}" for k, v in kwargs.items() if k not in _NOT_IN_CALL]
    parts.append(f"alpha={result.alpha!r}")
    base = f"{name}(" + ", ".join(parts) + ")"  # as imported: from isoper import check_concentration
    samples = kwargs.get("samples")
    if samples is None:
        samples = (getattr(result, "extra", None) or {}).get("budget", result.samples)
    full = base[:-1] + f", samples={samples!r}, seed={result.seed!r})"
    return base, full


def _with_default_alpha(name: str) -> Callable[..., CheckResult]:
    def check(*args: Any, alpha: float | None = None, **kwargs: Any) -> CheckResult:
        from . import montecarlo

        fn = getattr(montecarlo, name)
        result = fn(*args, alpha=default_alpha() if alpha is None else alpha, **kwargs)
        if hasattr(result, "call") and hasattr(result, "seed"):
            base, full = _call_text(name, args, kwargs, result)
            try:  # a frozen CheckResult: the engine's call text names the measure only by its dimension
                object.__setattr__(result, "call", base)
                if isinstance(getattr(result, "extra", None), dict):
                    result.extra["python"] = full
            except (AttributeError, TypeError):  # pragma: no cover - a result type without these fields
                pass
        return record(result)

    check.__name__ = check.__qualname__ = name
    check.__doc__ = (
        f"``isoper.montecarlo.{name}`` with ``alpha`` defaulting to :func:`default_alpha` (``--isoper-alpha``, or "
        "the active :func:`alpha_budget`'s share), its result recorded for the pytest summary, and its "
        "``reproduce`` line naming every argument given (the measure with all its parameters, center, lipschitz, "
        "samples, seed, method). ``isoper.check_concentration`` and friends are these functions.\n\n"
    )
    return check


_documented: list[bool] = []


def _document() -> None:
    """Give the wrappers the engine's signature and docstring (``help(isoper.check_concentration)``).

    Called on first access through ``isoper``; not at import, because the engine imports this module.
    """
    if _documented:
        return
    from . import montecarlo

    for fn in (check_concentration, check_event, check_trials, check_isoperimetry):
        engine = getattr(montecarlo, fn.__name__)
        fn.__wrapped__ = engine  # type: ignore[attr-defined]  # inspect.signature follows it
        fn.__doc__ = (fn.__doc__ or "") + "\n\n" + (engine.__doc__ or "")
    _documented.append(True)


check_concentration = _with_default_alpha("check_concentration")
check_event = _with_default_alpha("check_event")
check_trials = _with_default_alpha("check_trials")
check_isoperimetry = _with_default_alpha("check_isoperimetry")
