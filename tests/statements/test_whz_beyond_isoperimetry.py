"""whz-beyond-isoperimetry: packing bound and the sqrt d gap verified; wrong constants caught."""

from __future__ import annotations

import sympy as sp
import whz_beyond_isoperimetry as m

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=0)


def test_ledger_as_recorded():
    res = Ledger([m.whz_beyond_isoperimetry]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.UNCHECKED,
                  "conclusion": Status.VERIFIED}


def test_too_small_packing_constant_is_caught():
    assert m.check_step_1(CTX, const=0.25).status is Status.REFUTED


def test_wrong_gap_factor_is_caught():
    assert m.check_step_2(CTX, factor=sp.Symbol("d", positive=True)).status is Status.REFUTED
