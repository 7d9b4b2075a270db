"""lem-network-param: norm bounds and B >= Lip verified; the parameter bound searched; biases refuted; variants caught."""

from __future__ import annotations

import lem_network_param as m

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=2)


def test_ledger_as_recorded():
    res = Ledger([m.lem_network_param]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s for s in res.statements[0].steps}
    assert st["step-1"].evidence.status is Status.VERIFIED
    assert st["step-2"].evidence.status is Status.VERIFIED
    assert st["step-3"].evidence.status is Status.INCONCLUSIVE
    assert st["step-3"].evidence.data["worst"] <= 1 + 1e-6
    assert st["step-4"].evidence.status is Status.VERIFIED
    assert st["step-5"].evidence.status is Status.REFUTED
    assert st["step-5"].correction.status is Status.VERIFIED
    assert st["step-6"].evidence.status is Status.REFUTED
    assert st["step-6"].correction.status is Status.VERIFIED
    assert st["step-7"].evidence.status is Status.VERIFIED
    assert st["conclusion"].evidence.status is Status.INCONCLUSIVE


def test_skip_counterexample_exact_numbers():
    c = m.skip_counterexample()
    assert abs(c["B"] - 0.1414) < 1e-4 and c["Lip_lower_pair"] == 1.0
    assert abs(c["|df|"] - 1e-3) < 1e-12 and abs(c["Bbar Q R sqrt(p) |dw|"] - 3.467e-4) < 1e-6


def test_skip_wrong_variant_caught():
    assert m.check_skip_bound(CTX).status is Status.VERIFIED
    assert m.check_skip_bound(CTX, one_plus=False).status is Status.REFUTED  # B(w) as the skip-net bound


def test_box_bound_wrong_variant_caught():
    assert m.check_box_bound(CTX).status is Status.VERIFIED
    assert m.check_box_bound(CTX, wrong=True).status is Status.REFUTED


def test_bound_without_sqrt_p_is_caught():
    assert m.check_step_3(CTX, sqrt_p=False).status is Status.REFUTED
    assert abs(m.scalar_chain_ratio(sqrt_p=False) - 2**0.5) < 1e-3


def test_exponent_d_minus_1_is_caught():
    assert m.check_step_2(CTX, exponent_shift=1).status is Status.REFUTED


def test_b_without_full_product_is_caught():
    assert m.check_step_4(CTX, drop_full_product=True).status is Status.REFUTED
