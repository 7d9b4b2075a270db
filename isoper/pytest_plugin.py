"""pytest plugin for isoper, active as soon as isoper is installed (``pytest11`` entry point).

Fixtures:

* ``isoper_seed``: an int seed for the test, derived from the session seed and the test's node id;
* ``isoper_rng``: ``numpy.random.default_rng(isoper_seed)``;
* ``isoper_alpha``: the default per-check false-alarm rate (``--isoper-alpha``; session-scoped, so it also works in
  hypothesis tests).

Options:

* ``--isoper-seed N`` fixes the session seed; without it a fresh one is drawn and printed in the header and the
  summary, so that any run can be replayed;
* ``--isoper-alpha A`` sets the default alpha (used by :mod:`isoper.testing` when no alpha is given).

At the end of the session a summary lists the Monte Carlo checks that were recorded (see :func:`isoper.testing.record`):
how many, their verdicts, the total sample count, and for failed tests the seeds that reproduce them. A failing test's
report gets an ``isoper`` section with its checks.
"""

from __future__ import annotations

import argparse
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

from . import testing

__all__ = ["derive_seed"]

derive_seed = testing.derive_seed

_MAX_LISTED = 10  # per summary block
_STASH: pytest.StashKey[_State] = pytest.StashKey()


@dataclass
class _Check:
    nodeid: str | None
    result: Any


@dataclass
class _State:
    seed: int
    fixed: bool
    alpha: float
    checks: list[_Check] = field(default_factory=list)
    current: str | None = None
    seeds: dict[str, int] = field(default_factory=dict)  # nodeid -> isoper_seed handed out
    failed: dict[str, str] = field(default_factory=dict)  # nodeid -> phase
    used: bool = False

    def observe(self, result: Any) -> None:
        # a pytest session started inside another (pytester) must not feed the outer one's summary
        if _SESSIONS and _SESSIONS[-1] is self:
            self.checks.append(_Check(self.current, result))

    def replay(self) -> str:
        return f"pytest --isoper-seed {self.seed}"


_SESSIONS: list[_State] = []


def _seed_arg(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--isoper-seed must be a non-negative integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--isoper-seed must be a non-negative integer, got {text!r}")
    return value


def _alpha_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--isoper-alpha must be a number in (0, 1), got {text!r}") from None
    if not 0.0 < value < 1.0:
        raise argparse.ArgumentTypeError(f"--isoper-alpha must be in (0, 1), got {text!r}")
    return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("isoper", "isoper: Monte Carlo checks of probabilistic lemmas")
    group.addoption(
        "--isoper-seed",
        action="store",
        type=_seed_arg,
        default=None,
        dest="isoper_seed",
        metavar="N",
        help="session seed from which every test's isoper_seed / isoper_rng is derived (default: fresh, printed)",
    )
    group.addoption(
        "--isoper-alpha",
        action="store",
        type=_alpha_arg,
        default=None,
        dest="isoper_alpha",
        metavar="A",
        help=f"default false-alarm rate of one Monte Carlo check (default {testing.DEFAULT_ALPHA:g})",
    )


def _state(config: pytest.Config) -> _State | None:
    return config.stash.get(_STASH, None)


def pytest_configure(config: pytest.Config) -> None:
    seed = config.getoption("isoper_seed", None)
    worker = getattr(config, "workerinput", None)  # pytest-xdist worker: the controller's seed
    if seed is None and worker is not None and "isoper_seed" in worker:
        seed = int(worker["isoper_seed"])
    fixed = seed is not None
    if seed is None:
        seed = secrets.randbits(32)
    alpha = config.getoption("isoper_alpha", None)
    state = _State(seed=seed, fixed=fixed, alpha=testing.DEFAULT_ALPHA if alpha is None else alpha)
    config.stash[_STASH] = state
    _SESSIONS.append(state)
    testing.set_default_alpha(state.alpha)
    testing._session_hint.append(f"test seeds derive from the session seed; replay with: {state.replay()}")
    testing.add_observer(state.observe)


def pytest_unconfigure(config: pytest.Config) -> None:
    state = _state(config)
    if state is None:
        return
    testing.remove_observer(state.observe)
    testing.set_default_alpha(None)
    if testing._session_hint:
        testing._session_hint.pop()
    if state in _SESSIONS:
        _SESSIONS.remove(state)
    del config.stash[_STASH]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: hand the controller's session seed to every worker."""
    state = _state(node.config)
    if state is not None:
        node.workerinput["isoper_seed"] = state.seed


def pytest_report_header(config: pytest.Config) -> str:
    state = _state(config)
    assert state is not None
    how = "fixed by --isoper-seed" if state.fixed else "fresh"
    return (
        f"isoper: session seed {state.seed} ({how}; replay with --isoper-seed {state.seed}), "
        f"default alpha {state.alpha:g}"
    )


# ------------------------------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="session")
def isoper_alpha(pytestconfig: pytest.Config) -> float:
    """The default false-alarm rate of one Monte Carlo check (``--isoper-alpha``, default 1e-6)."""
    state = _state(pytestconfig)
    return testing.DEFAULT_ALPHA if state is None else state.alpha


@pytest.fixture
def isoper_seed(request: pytest.FixtureRequest) -> int:
    """This test's seed: a hash of the session seed (``--isoper-seed``) and the test's node id."""
    state = _state(request.config)
    assert state is not None
    seed = testing.derive_seed(state.seed, request.node.nodeid)
    state.seeds[request.node.nodeid] = seed
    state.used = True
    return seed


@pytest.fixture
def isoper_rng(isoper_seed: int) -> np.random.Generator:
    """A numpy Generator seeded with ``isoper_seed``: different per test, the same on replay."""
    return np.random.default_rng(isoper_seed)


# ------------------------------------------------------------------------------------------------------------------
# per-test bookkeeping and failure reports


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    state = _state(item.config)
    if state is not None:
        state.current = item.nodeid
    try:
        return (yield)
    finally:
        if state is not None:
            state.current = None


def _checks_of(state: _State, nodeid: str) -> list[Any]:
    return [c.result for c in state.checks if c.nodeid == nodeid]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    state = _state(item.config)
    if state is None or not report.failed:
        return report
    state.failed.setdefault(item.nodeid, report.when)
    checks = _checks_of(state, item.nodeid)
    seed = state.seeds.get(item.nodeid)
    if not checks and seed is None:
        return report
    lines = []
    if seed is not None:
        lines.append(f"isoper_seed = {seed}: replay with {state.replay()} {item.nodeid}")
    else:
        lines.append(f"session seed {state.seed}: replay with {state.replay()} {item.nodeid}")
    if checks:
        shown = checks[-3:]
        lines.append(f"{len(checks)} Monte Carlo check(s) recorded in this test; the last {len(shown)}:")
        for r in shown:
            lines.append("  " + repr(r))
            lines.append(f"    reproduce: {r.reproduce}")
    report.sections.append(("isoper", "\n".join(lines)))
    return report


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: Any, right: Any) -> list[str] | None:
    """Explain ``assert result.verdict == "holds"``: pytest shows the two verdicts; add the check behind them."""
    from .montecarlo import Verdict

    if op not in ("==", "!=") or not (isinstance(left, Verdict) or isinstance(right, Verdict)):
        return None
    got, want = (left, right) if isinstance(left, Verdict) else (right, left)
    lines = [f"verdict {str(got)!r} {op} {str(want)!r}"]
    state = _state(config)
    candidates = [] if state is None or state.current is None else _checks_of(state, state.current)
    matching = [r for r in candidates if r.verdict == got]
    if matching:  # compact: pytest truncates long explanations
        r = matching[-1]
        lines.append(f"from {r!r}")
        lines.append(f"reproduce: {r.reproduce}")
    else:
        lines.append("(print the CheckResult, or use isoper.testing.assert_holds(result), to see its interval and seed)")
    return lines


# ------------------------------------------------------------------------------------------------------------------
# the session summary


def _fmt_count(verdicts: Counter[str]) -> str:
    order = ["holds", "violated", "inconclusive"]
    keys = order + sorted(k for k in verdicts if k not in order)
    return ", ".join(f"{verdicts[k]} {k}" for k in keys if verdicts[k] or k in order)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    state = _state(config)
    if state is None or getattr(config, "workerinput", None) is not None:
        return
    if not state.checks and not state.used:
        return
    tr = terminalreporter
    tr.write_sep("=", "isoper")
    how = "fixed by --isoper-seed" if state.fixed else "fresh"
    tr.write_line(f"session seed {state.seed} ({how}); replay every test's randomness with: {state.replay()}")
    verdicts = Counter(str(c.result.verdict) for c in state.checks)
    total = sum(int(c.result.samples) + int(getattr(c.result, "center_samples", 0) or 0) for c in state.checks)
    tr.write_line(
        f"{len(state.checks)} Monte Carlo check(s) recorded, {total:,} samples in all: {_fmt_count(verdicts)}"
    )
    if not testing._engine_records():
        tr.write_line(
            "(recorded: results passed to isoper.testing helpers; checks whose results never reach them are not counted)"
        )
    failed = [nodeid for nodeid in state.failed if nodeid in state.seeds or _checks_of(state, nodeid)]
    if failed:
        tr.write_line("failed tests with isoper randomness (replay with the command, or the check's own seed):")
        for nodeid in failed[:_MAX_LISTED]:
            seed = state.seeds.get(nodeid)
            extra = f" (isoper_seed={seed})" if seed is not None else ""
            tr.write_line(f"  {state.replay()} '{nodeid}'{extra}")
            for r in _checks_of(state, nodeid)[-1:]:
                tr.write_line(f"    last check: {r.claim}: {r.verdict}, seed={r.seed}; {r.reproduce}")
        if len(failed) > _MAX_LISTED:
            tr.write_line(f"  ... and {len(failed) - _MAX_LISTED} more")
    odd: dict[str, list[Any]] = {}
    for c in state.checks:
        if str(c.result.verdict) != "holds" and c.nodeid not in state.failed:
            odd.setdefault(str(c.nodeid), []).append(c.result)
    if odd:
        tr.write_line("passed tests with checks not reporting 'holds' (expected there, e.g. by assert_violated):")
        for nodeid, results in list(odd.items())[:_MAX_LISTED]:
            counts = Counter(str(r.verdict) for r in results)
            r = results[-1]
            tr.write_line(
                f"  {nodeid}: {', '.join(f'{v} {k}' for k, v in sorted(counts.items()))}; last: {r.claim}: "
                f"{r.verdict}, interval [{r.lower:.4g}, {r.upper:.4g}], seed={r.seed}"
            )
        if len(odd) > _MAX_LISTED:
            tr.write_line(f"  ... and {len(odd) - _MAX_LISTED} more tests")
