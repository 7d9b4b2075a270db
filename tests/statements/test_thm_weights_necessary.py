"""thm-weights-necessary: no contradiction with Theorem 3 (log W ~ 2^d); enumeration class at tiny size."""

from __future__ import annotations

import thm_weights_necessary as m

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=4)


def test_ledger_as_recorded():
    res = Ledger([m.thm_weights_necessary]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.UNCHECKED,
                  "conclusion": Status.VERIFIED}


def test_polynomial_weights_would_contradict_the_law():
    assert m.check_step_1(CTX, log_WJ_exponential=False).status is Status.REFUTED


def test_too_small_J_is_caught():
    assert m.check_step_2(CTX, J_claim=1.0).status is Status.REFUTED
