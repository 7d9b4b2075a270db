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
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.INCONCLUSIVE,
                  "conclusion": Status.VERIFIED}


def test_too_small_packing_constant_is_caught():
    assert m.check_step_1(CTX, const=0.25).status is Status.REFUTED


def test_wrong_gap_factor_is_caught():
    assert m.check_step_2(CTX, factor=sp.Symbol("d", positive=True)).status is Status.REFUTED


def test_too_small_bounded_support_constant_is_caught():
    # c = 0.9 d/(2 log 2): the two-point law +-e_1 violates Definition 1.1 exactly
    assert m.check_step_3(CTX, c_factor=sp.Rational(9, 20) / sp.log(2)).status is Status.REFUTED


def test_dimension_free_constant_for_bounded_laws_is_caught():
    # "bounded support is O(1)-isoperimetric" (c = 1): refuted by the two-point law from d = 2 on
    assert m.check_step_3(CTX, c_factor=sp.Integer(1), exponent=sp.Integer(0)).status is Status.REFUTED


def test_unproved_constant_stays_inconclusive():
    # c = d/log 2 is not proved by (a) and not refuted by (b): the step must not claim the rate from it
    e = m.check_step_3(CTX, c_factor=1 / sp.log(2))
    assert e.status is Status.INCONCLUSIVE and "Theorem 3 (" not in e.detail
