"""app-mnist: the printed orders of magnitude, and wrong variants caught."""

from __future__ import annotations

import app_mnist as m

from isoper import Context, Ledger, Status


def test_ledger_as_recorded():
    res = Ledger([m.app_mnist]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    assert res.statements[0].steps[0].evidence.status is Status.VERIFIED


def test_wrong_printed_range_is_caught():
    ctx = Context(step_id="t", alpha=1e-3, seed=0)
    lo, hi = m.check_step_1.__kwdefaults__["printed"]
    assert m.check_step_1(ctx, printed=(lo + 1, hi + 1)).status is Status.REFUTED


def test_wrong_effective_dimension_is_caught():
    ctx = Context(step_id="t", alpha=1e-3, seed=0)
    lo, hi = m.check_step_1.__kwdefaults__["d_eff"]
    assert m.check_step_1(ctx, d_eff=(lo / 10, hi / 10)).status is Status.REFUTED


def test_rigorous_part_depends_on_the_computed_values(monkeypatch):
    ctx = Ledger([m.app_mnist]).context("app-mnist/conclusion")
    assert m.check_rigorous().status is Status.VERIFIED
    # a law that asked for n d_eff parameters, or excluded 1-Lipschitz fits at p = 1e6, is not "vacuous"
    monkeypatch.setattr(m, "min_parameters", lambda **kw: 60000 * kw["d"])
    assert m.check_rigorous().status is Status.REFUTED
    assert m.conclusion(ctx).status is Status.REFUTED
    monkeypatch.undo()
    monkeypatch.setattr(m, "lipschitz_lower_bound", lambda **kw: 5.0)
    assert m.check_rigorous().status is Status.REFUTED
    monkeypatch.undo()
    # a (physically absurd) isoperimetry constant 1e-7 makes the rigorous law demand ~n d_eff parameters
    assert m.check_rigorous(c=1e-7).status is Status.REFUTED
