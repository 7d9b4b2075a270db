"""ex-mixture: the least c forced by clip(x_1, -a, a) is bracketed symbolically and computed exactly; the claims
'c = 1' and 'c = 10' for the mixture are refuted by Monte Carlo, a too small constant for a component is caught."""

from __future__ import annotations

import math

import ex_mixture as mx
import pytest

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
