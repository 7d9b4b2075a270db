"""ex-mixture: the least c forced by clip(x_1, -a, a) is bracketed symbolically and computed exactly; the claims
'c = 1' and 'c = 10' for the mixture are refuted by Monte Carlo, a too small constant for a component is caught."""

from __future__ import annotations

import math

import ex_mixture as mx
import pytest
import sympy as sp

from isoper import Context, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([mx.ex_mixture]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=7)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.CONSISTENT, "step-3": Status.CONSISTENT,
                  "step-4": Status.CONSISTENT, "conclusion": Status.CONSISTENT}


@pytest.mark.parametrize("c", [1.0, 10.0])
def test_small_constants_refuted(c):
    ev = mx.mixture_claim(ctx(), c)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["lower"] > 0.7 > ev.counterexample["bound"]


def test_large_constant_not_refuted():
    # c = 100 exceeds what this f forces (at most 64/(2 log 2) = 46.2): the check is no rubber stamp
    assert mx.mixture_claim(ctx(), 100.0).status is Status.CONSISTENT


def test_least_c_bracket():
    for d, a in ((64, 1.0), (512, 0.3)):
        c, _ = mx.least_c_clip(d, a)
        assert d * a * a / (2 * math.log(4)) <= c <= d * a * a / (2 * math.log(2))


def test_component_wrong_constant_refuted():
    assert mx.components_check(ctx(), c=0.25).status is Status.REFUTED


def test_mutants_all_refuted_with_counterexamples():
    muts = Ledger([mx.ex_mixture]).run_mutants()
    assert len(muts) >= 15
    for m in muts:
        assert m.status is Status.REFUTED and m.evidence.counterexample, (m.step_id, str(m.claim), m.evidence.detail)
    for s in mx.ex_mixture.steps:
        if s.claim.values:
            assert len(s.claim.mutants) >= 2, s.id


def test_mixture_isoperimetric_proof():
    assert mx.mixture_isoperimetric(64, 1.0, 100.0) is not None
    assert mx.mixture_isoperimetric(64, 1.0, 10.0) is None   # the claimed failure stands
    assert mx.mixture_isoperimetric(64, 1.0, 1.0) is None


def test_rigorous_least_c_bounds():
    for d, a in ((64, 0.5), (1024, 1.0)):
        lo, hi = mx.least_c_clip_bounds(d, a)
        c, _ = mx.least_c_clip(d, a)
        assert lo <= c <= hi and hi - lo < 1e-3 * hi


# --------------------------------------------------------------------------------------------------------------
# audit follow-up (rows 101, 124): the least c tends to d a^2/(2 log 2), so every upper end d a^2/(2 log hi_log) with
# hi_log > 2 fails at some d; the fixed instances (d <= 1024) reach only 0.851 of the limit


def _run(step_id: str, **values):
    """The registered checker of ``step_id`` on its claim with ``values`` replaced (as the audit harness does)."""
    L = Ledger([mx.ex_mixture])
    step = {s.id: s for s in mx.ex_mixture.steps}[step_id]
    return step.checker(L.context(step_id, **values))


@pytest.mark.parametrize("hi_log", [sp.Rational(9, 4), sp.Rational(201, 100), sp.Rational(2001, 1000)])
def test_upper_end_above_log_2_refuted_at_large_d(hi_log):
    ev = _run("ex-mixture/step-2", hi_log=hi_log)  # 9/4 was consistent with d <= 1024
    assert ev.status is Status.REFUTED, ev.detail
    cex = ev.counterexample
    assert cex["d"] > 1024 and cex["c_min_lower"] > cex["claimed_upper"]
    assert _run("ex-mixture/conclusion", hi_log=hi_log).status is Status.REFUTED


def test_near_a_lower_bound_agrees_with_the_full_grid():
    for d in (1024, 4096):
        lb, _ = mx.least_c_lower_near_a(d)
        lo, hi = mx.least_c_clip_bounds(d, 1.0)
        assert lb <= hi and lb == pytest.approx(lo, rel=1e-6)
    assert _run("ex-mixture/step-2").status is Status.CONSISTENT
