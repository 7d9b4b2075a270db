"""app-imagenet: the printed orders of magnitude, and wrong variants caught."""

from __future__ import annotations

import app_imagenet as m

from isoper import Context, Ledger, Status


def test_ledger_as_recorded():
    res = Ledger([m.app_imagenet]).run()
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


def test_parameter_counter_matches_torchvision():
    for name, (args, kw, published) in m.TORCHVISION.items():
        assert m.resnet_parameters(*args, **kw) == published, name


def test_model_sizes_step_and_wrong_ranges():
    ctx = Context(step_id="t", alpha=1e-3, seed=0)
    assert m.check_step_2(ctx).status is Status.CONSISTENT
    assert m.check_step_2(ctx, claimed=(9, 10)).status is Status.REFUTED   # one order too large
    assert m.check_step_2(ctx, claimed=(6, 7)).status is Status.REFUTED    # one order too small
    assert m.check_step_2(ctx, law_order=8).status is Status.REFUTED       # models would not be below n d_eff
