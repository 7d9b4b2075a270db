"""cor-depth: (3.1) and (3.2) verified; variants without the depth factor or without log Bbar are caught."""

from __future__ import annotations

import cor_depth as m

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=0)


def test_ledger_as_recorded():
    res = Ledger([m.cor_depth]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    assert all(s.evidence.status is Status.VERIFIED for s in res.statements[0].steps)


def test_variant_without_depth_is_caught():
    assert m.check_step_1(CTX, depth_power=0).status is Status.REFUTED


def test_variant_without_log_bbar_is_caught():
    assert m.check_step_2(CTX, with_log=False).status is Status.REFUTED
