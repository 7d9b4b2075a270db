"""The pytest plugin and isoper.testing: fixtures, options, seeds, readable failures, the summary, the recorder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from isoper import Gaussian, check_concentration, check_trials, testing
from isoper._validate import InvalidParameter

pytest_plugins = ["pytester"]

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# a false claim: P(|Z| >= 2) = 0.0455 for Z = sqrt(d) X_1 ~ N(0, 1), claimed <= 0.01
FALSE_CLAIM = """
import numpy as np
from isoper import Gaussian, check_concentration, testing

D = 8
def f(x):
    return x[:, 0] * np.sqrt(D)

def test_false_claim(isoper_seed):
    r = check_concentration(Gaussian(D), f, t=2.0, bound=0.01, center=0.0, samples=20_000, seed=isoper_seed)
    testing.assert_holds(r)
"""


def _seed_in_header(result: pytest.RunResult) -> int:
    m = re.search(r"isoper: session seed (\d+)", result.stdout.str())
    assert m, result.stdout.str()
    return int(m.group(1))


# ------------------------------------------------------------------------------------------------------------------
# the plugin, in fresh pytest sessions


def test_fixtures_work_without_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import numpy as np
        from isoper import Gaussian, check_concentration

        def test_gaussian_coordinate(isoper_rng, isoper_seed, isoper_alpha):
            assert isinstance(isoper_rng, np.random.Generator)
            assert isinstance(isoper_seed, int) and 0 <= isoper_seed < 2**63
            assert isoper_alpha == 1e-6
            d = int(isoper_rng.integers(2, 20))
            f = lambda x: x[:, 0] * np.sqrt(d)
            r = check_concentration(Gaussian(d), f, t=3.0, bound=0.01, center=0.0, samples=20_000, seed=isoper_seed)
            assert r.holds
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    _seed_in_header(result)


def test_false_claim_fails_naming_interval_and_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(FALSE_CLAIM)
    result = pytester.runpytest("--isoper-seed", "7")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    seed = testing.derive_seed(7, "test_false_claim_fails_naming_interval_and_seed.py::test_false_claim")
    assert "expected 'holds', got 'violated'" in out
    assert re.search(r"interval:\s+\[0\.0\d+, 0\.0\d+\] at confidence 0\.999999", out), out
    assert f"seed:       {seed}" in out
    assert f"with seed={seed}, samples=20000" in out  # result.reproduce
    assert "pytest --isoper-seed 7" in out
    # the test's report section and the summary name the seed that reproduces the failure
    assert f"isoper_seed = {seed}" in out
    assert "failed tests with isoper randomness" in out


def test_session_seed_reproduces(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_one(isoper_rng, isoper_seed):
            print("NUMS-one", isoper_seed, *isoper_rng.random(3))

        def test_two(isoper_rng):
            print("NUMS-two", *isoper_rng.random(3))
        """
    )

    def numbers(*args: str) -> tuple[dict[str, str], int]:
        res = pytester.runpytest("-s", *args)
        res.assert_outcomes(passed=2)
        found = dict(re.findall(r"(NUMS-\w+) ([^\n]*)", res.stdout.str()))
        return found, _seed_in_header(res)

    a, seed_a = numbers("--isoper-seed", "123")
    b, _ = numbers("--isoper-seed", "123")
    c, _ = numbers("--isoper-seed", "124")
    fresh, seed_fresh = numbers()
    replay, _ = numbers("--isoper-seed", str(seed_fresh))
    assert seed_a == 123
    assert a == b and set(a) == {"NUMS-one", "NUMS-two"}
    assert a["NUMS-one"] != c["NUMS-one"] and a["NUMS-two"] != c["NUMS-two"]
    assert a["NUMS-one"].split()[1:] != a["NUMS-two"].split()  # different tests, different streams
    assert fresh == replay  # a fresh session seed is printed, and replaying it reproduces the run


def test_summary_lists_checks(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from isoper import testing

        def coin(rng, m):
            return rng.random(m) < 0.25

        def test_true(isoper_seed):
            testing.assert_holds(testing.check_trials(coin, bound=0.5, samples=1000, seed=isoper_seed))
            testing.assert_holds(testing.check_trials(coin, bound=0.6, samples=2000, seed=isoper_seed))

        def test_caught(isoper_seed):
            testing.assert_violated(testing.check_trials(coin, bound=0.1, samples=3000, seed=isoper_seed))
        """
    )
    result = pytester.runpytest("--isoper-seed", "5")
    result.assert_outcomes(passed=2)
    out = result.stdout.str()
    assert "=== isoper ===" in out.replace("=" * 10, "===")
    assert "session seed 5 (fixed by --isoper-seed)" in out
    assert "3 Monte Carlo check(s) recorded, 6,000 samples in all: 2 holds, 1 violated, 0 inconclusive" in out
    assert "test_summary_lists_checks.py::test_caught: 1 violated; last: P(event) <= bound: violated" in out


def test_no_summary_when_isoper_unused(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_plain():\n    assert 1 + 1 == 2\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    assert "Monte Carlo check(s) recorded" not in result.stdout.str()


def test_plain_asserts_show_the_result(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from isoper import testing

        def coin(rng, m):
            return rng.random(m) < 0.25

        def test_holds_attribute():
            r = testing.check_trials(coin, bound=0.1, samples=3000, seed=11)
            assert r.holds

        def test_verdict_equality():
            r = testing.check_trials(coin, bound=0.1, samples=3000, seed=12)
            assert r.verdict == "holds"
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    out = result.stdout.str()
    # pytest's own rewriting shows the CheckResult repr for `assert r.holds`
    assert "where False = CheckResult('P(event) <= bound': violated" in out
    # the plugin explains `assert r.verdict == "holds"` with the check behind the verdict
    assert "verdict 'violated' == 'holds'" in out
    assert "seed=12" in out and "reproduce: check_trials(" in out


def test_alpha_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from isoper import testing

        def test_alpha(isoper_alpha):
            assert isoper_alpha == 0.01
            assert testing.default_alpha() == 0.01
            r = testing.check_trials(lambda rng, m: rng.random(m) < 0.5, bound=0.9, samples=100, seed=1)
            assert r.alpha == 0.01
        """
    )
    pytester.runpytest("--isoper-alpha", "0.01").assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--isoper-seed", "-1"), "--isoper-seed must be a non-negative integer"),
        (("--isoper-seed", "abc"), "--isoper-seed must be a non-negative integer"),
        (("--isoper-alpha", "1.5"), "--isoper-alpha must be in (0, 1)"),
        (("--isoper-alpha", "x"), "--isoper-alpha must be a number in (0, 1)"),
    ],
)
def test_invalid_options(pytester: pytest.Pytester, args: tuple[str, str], message: str) -> None:
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert message in result.stderr.str()


def test_worked_example_runs(pytester: pytest.Pytester) -> None:
    shutil.copy(EXAMPLES / "test_my_lemma.py", pytester.path / "test_my_lemma.py")
    result = pytester.runpytest("--isoper-seed", "2024", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)
    assert "violated" in result.stdout.str()  # the wrong constant was caught, and listed in the summary


# ------------------------------------------------------------------------------------------------------------------
# isoper.testing, directly


def _coin_result(bound: float, seed: int = 3, samples: int = 2000) -> testing.CheckResult:  # type: ignore[name-defined]
    return check_trials(lambda rng, m: rng.random(m) < 0.25, bound=bound, samples=samples, seed=seed)


def test_assert_helpers() -> None:
    holds, violated = _coin_result(0.5), _coin_result(0.1)
    inconclusive = _coin_result(0.25, samples=200)
    assert (str(holds.verdict), str(violated.verdict), str(inconclusive.verdict)) == (
        "holds", "violated", "inconclusive"
    )
    assert testing.assert_holds(holds) is holds
    assert testing.assert_violated(violated) is violated
    testing.assert_not_violated(holds)
    testing.assert_not_violated(inconclusive)
    with pytest.raises(AssertionError, match=r"expected 'holds', got 'inconclusive'") as info:
        testing.assert_holds(inconclusive)
    message = str(info.value)
    for field in ("claim:", "verdict:", "estimate:", "interval:", "samples:    200", "seed:       3", "reproduce:"):
        assert field in message
    with pytest.raises(AssertionError, match=r"expected 'violated' \(the claim was meant to be caught"):
        testing.assert_violated(holds)
    with pytest.raises(AssertionError, match=r"expected 'holds' or 'inconclusive', got 'violated'"):
        testing.assert_not_violated(violated)
    with pytest.raises(TypeError, match="assert_holds takes a CheckResult"):
        testing.assert_holds(True)  # type: ignore[arg-type]


def test_describe_shows_an_estimated_centre() -> None:
    d = 16
    r = check_concentration(Gaussian(d), lambda x: np.linalg.norm(x, axis=1), t=0.5, bound=0.5, lipschitz=1.0,
                            samples=20_000, seed=4)
    text = testing.describe(r)
    assert "estimated on 5000 independent samples" in text and "seed:       4" in text


def test_record_notifies_each_observer_once() -> None:
    calls: list[object] = []
    with testing.observing(calls.append) as seen:
        r = _coin_result(0.5)  # the engine records it once
        assert testing.record(r) is r
        testing.record(r)  # the engine and a helper may both record the same result
        testing.assert_holds(r)
        assert testing.record("not a result") == "not a result"
    assert seen == [r] and calls == [r]
    testing.record(_coin_result(0.5))  # after the block, nobody listens
    assert seen == [r]
    with pytest.raises(TypeError, match="observer must be callable"):
        testing.add_observer(3)  # type: ignore[arg-type]
    testing.remove_observer(calls.append)  # not registered: no error


def test_derive_seed() -> None:
    s = testing.derive_seed(1, "a::b")
    assert s == testing.derive_seed(1, "a::b") and 0 <= s < 2**63
    assert len({testing.derive_seed(k, label) for k in range(5) for label in ("a", "b", "c")}) == 15
    with pytest.raises(InvalidParameter, match="session_seed"):
        testing.derive_seed(-1, "a")
    with pytest.raises(TypeError, match="label"):
        testing.derive_seed(1, 3)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------------------------
# alpha budgets


def test_alpha_budget_context_manager() -> None:
    base = testing.default_alpha()
    with testing.alpha_budget(0.01, max_examples=10, checks_per_example=2) as budget:
        assert budget.alpha == pytest.approx(5e-4)
        assert testing.default_alpha() == pytest.approx(5e-4)
        with testing.alpha_budget(5e-4, max_examples=5):
            assert testing.default_alpha() == pytest.approx(1e-4)
        assert testing.check_trials(lambda rng, m: rng.random(m) < 0.5, bound=0.9, samples=10, seed=0).alpha == (
            pytest.approx(5e-4)
        )
    assert testing.default_alpha() == base
    with pytest.raises(InvalidParameter, match="max_examples is None"), testing.alpha_budget(0.01):
        pass


def test_alpha_budget_decorator_splits_by_max_examples() -> None:
    seen: list[float] = []

    @testing.alpha_budget(0.02, max_examples=7)
    @example(x=-1)
    @settings(database=None)
    @given(x=st.integers(0, 1000))
    def inner(x: int) -> None:
        seen.append(testing.default_alpha())

    inner()
    assert len(set(seen)) == 1 and seen[0] == pytest.approx(0.02 / 8)  # 7 generated + 1 explicit example
    assert 1 <= len(seen) <= 8

    @testing.alpha_budget(0.02)
    @settings(max_examples=4, database=None)
    @given(x=st.integers())
    def from_settings(x: int) -> None:
        seen.append(testing.default_alpha())

    seen.clear()
    from_settings()
    assert seen and all(a == pytest.approx(0.005) for a in seen)
    # Monte Carlo examples are slow: the budget turns the deadline off unless asked to keep it
    assert _settings_of(from_settings).deadline is None

    @testing.alpha_budget(0.02, keep_deadline=True)
    @settings(max_examples=2, database=None, deadline=1000)
    @given(x=st.integers())
    def kept(x: int) -> None:
        pass

    assert _settings_of(kept).deadline.total_seconds() == 1.0


def _settings_of(decorated) -> settings:
    """The hypothesis settings the wrapped @given test runs with."""
    return decorated.__wrapped__._hypothesis_internal_use_settings


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"total_alpha": 0.0}, "total_alpha"), ({"total_alpha": 1.5}, "total_alpha"),
     ({"max_examples": 0}, "max_examples"), ({"checks_per_example": 0}, "checks_per_example")],
)
def test_alpha_budget_invalid(kwargs: dict[str, float], name: str) -> None:
    with pytest.raises(InvalidParameter, match=name):
        testing.alpha_budget(**kwargs)  # type: ignore[arg-type]


def test_alpha_budget_misplaced() -> None:
    with pytest.raises(InvalidParameter, match="above @given"):
        testing.alpha_budget(0.1, 10)(lambda: None)

    @settings(max_examples=3, database=None)
    @testing.alpha_budget(0.1)
    @given(x=st.integers())
    def wrong_order(x: int) -> None:
        pass

    with pytest.raises(InvalidParameter, match="put @alpha_budget above @settings"):
        wrong_order()


# ------------------------------------------------------------------------------------------------------------------
# once the engine calls isoper.testing.record, plain engine calls are seen too (simulated here by wrapping)


def test_engine_hook_records_plain_checks(pytester: pytest.Pytester) -> None:
    """The engine records every result itself (montecarlo returns ``_record(CheckResult(...))``)."""
    assert testing._engine_records()
    pytester.makepyfile(
        """
        import isoper.montecarlo as mc

        def coin(rng, m):
            return rng.random(m) < 0.25

        def test_plain_engine_call(isoper_seed):
            r = mc.check_trials(coin, bound=0.1, samples=3000, seed=isoper_seed)
            assert r.holds
        """
    )
    result = pytester.runpytest("--isoper-seed", "9")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    seed = testing.derive_seed(9, "test_engine_hook_records_plain_checks.py::test_plain_engine_call")
    assert "1 Monte Carlo check(s) recorded in this test" in out  # the failing test's isoper section
    assert f"reproduce: check_trials(trial, bound=0.1, alpha=1e-06, batch=1024) with seed={seed}" in out
    assert "1 Monte Carlo check(s) recorded, 3,000 samples in all: 0 holds, 1 violated" in out
