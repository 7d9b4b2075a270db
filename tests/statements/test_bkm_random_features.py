"""bkm-random-features: the scaled-down experiment shows the qualitative claims; stricter criteria are not met."""

from __future__ import annotations

import bkm_random_features as m

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=0)


def test_ledger_as_recorded():
    res = Ledger([m.bkm_random_features]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    assert all(s.evidence.status is Status.CONSISTENT for s in res.statements[0].steps)


def test_claims_that_the_numbers_do_not_show_are_not_consistent():
    rows = m.run(CTX)
    # RF sensitivity does decrease somewhat from 5N to 20N: "no decrease at all" (S grows by 20%) is not shown
    assert m.check_rf(rows, plateau=1.2).status is Status.INCONCLUSIVE
    # NTK with x^2/2 does not reach S <= 1 (the law's order at p = dN with constant 1)
    assert m.check_ntk(rows, factor=1.0).status is Status.INCONCLUSIVE
