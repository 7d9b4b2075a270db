"""cor-depth: (3.1) verified (log algebra + convex-box Lemma 3.1); (3.2) inconclusive while Lemma 3.1's endpoint
version is; variants without the depth factor or without log Bbar are caught; a sympy non-answer is not a refutation."""

from __future__ import annotations

import cor_depth as m

from isoper import Context, Ledger, Status
from isoper.certify import prove_symbolic

CTX = Context(step_id="t", alpha=1e-3, seed=0)


def test_ledger_as_recorded():
    res = Ledger([m.cor_depth]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.INCONCLUSIVE, "conclusion": Status.INCONCLUSIVE}


def test_step_1_rests_on_the_box_lemma(monkeypatch):
    lem = m.lem
    monkeypatch.setattr(lem, "check_box_bound", lambda ctx: lem.Evidence.inconclusive("x", method="search"))
    assert m.step_1(CTX).status is Status.INCONCLUSIVE


def test_variant_without_depth_is_caught():
    assert m.check_step_1(CTX, depth_power=0).status is Status.REFUTED


def test_variant_without_log_bbar_is_caught():
    assert m.check_step_2(CTX, with_log=False).status is Status.REFUTED


def test_sympy_inconclusive_is_not_refuted(monkeypatch):
    class P:
        status, detail = "inconclusive", "timeout"

    monkeypatch.setattr(m, "prove_symbolic", lambda *a, **k: P())
    assert m.check_step_1(CTX).status is Status.INCONCLUSIVE
    assert m.check_step_2(CTX).status is Status.INCONCLUSIVE
    assert m.check_step_1(CTX, depth_power=0).status is Status.REFUTED  # the numeric ratio < 1 still refutes
    assert prove_symbolic is not m.prove_symbolic
