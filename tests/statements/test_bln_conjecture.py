"""bln-conjecture: p = k(d+2) and sqrt(nd/p) ~ sqrt(n/k) verified; the experiment reports its constant."""

from __future__ import annotations

import bln_conjecture as m
import sympy as sp

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=0)


def test_ledger_as_recorded():
    res = Ledger([m.bln_conjecture]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence for s in res.statements[0].steps}
    assert st["step-1"].status is Status.VERIFIED and st["step-2"].status is Status.VERIFIED
    assert st["step-3"].status in (Status.CONSISTENT, Status.INCONCLUSIVE)


def test_wrong_parameter_count_is_caught():
    d = sp.Symbol("d", positive=True, integer=True)
    assert m.check_step_1(CTX, per_neuron=d + 1).status is Status.REFUTED
