"""bkm-random-features: the scaled-down experiment shows the qualitative claims; stricter criteria are not met, and
sensitivities showing the opposite are refuted."""

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
    # RF sensitivity does decrease somewhat from 5N to 20N: "no decrease at all" (S grows by 20%) fails on the
    # measured cells, which are the counterexample
    r = m.check_rf(rows, plateau=1.2)
    assert r.status is Status.REFUTED and r.counterexample["measured"]
    # NTK with x^2/2 does not reach S <= 1 (the law's order at p = dN with constant 1)
    assert m.check_ntk(rows, factor=1.0).status is Status.REFUTED


def test_sensitivities_at_the_law_order_are_refuted(monkeypatch):
    # if every sensitivity were the law's order sqrt(Nd/p), "random features are not robust" would be false
    at_law = [dict(r, S=r["law"]) for r in m.run(CTX)]
    assert m.check_rf(at_law).status is Status.REFUTED
    monkeypatch.setattr(m, "run", lambda ctx: at_law)
    ledger = Ledger([m.bkm_random_features])
    assert m.step_1(ledger.context("bkm-random-features/step-1")).status is Status.REFUTED
    assert m.conclusion(ledger.context("bkm-random-features/conclusion")).status is Status.REFUTED


def test_even_ntk_no_better_than_odd_is_refuted():
    # swap the x^2/2 and tanh NTK sensitivities: the even activation then looks worse than the odd one
    rows = m.run(CTX)
    swap = {"NTK-quadratic": "NTK-tanh", "NTK-tanh": "NTK-quadratic"}
    swapped = [dict(r, model=swap.get(r["model"], r["model"])) for r in rows]
    assert m.check_ntk(swapped).status is Status.REFUTED
    # RF sensitivities divided by 10 fall below the x^2/2 NTK: refuted as well
    assert m.check_ntk([dict(r, S=r["S"] / 10) if r["model"] == "RF-tanh" else r for r in rows]).status is \
        Status.REFUTED
