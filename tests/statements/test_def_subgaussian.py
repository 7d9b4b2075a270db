"""def-subgaussian: the examples hold with the stated constants, and smaller constants are refuted by the same checks."""

from __future__ import annotations

from fractions import Fraction

import def_subgaussian as mod

from isoper import Ledger, Status


def test_ledger():
    res = Ledger([mod.def_subgaussian]).run()
    assert res.ok, [s.evidence.detail for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.VERIFIED,
                  "step-4": Status.VERIFIED, "conclusion": Status.CONSISTENT}


def test_gaussian_threshold():
    assert mod.gaussian_is_subgaussian(2).status is Status.VERIFIED
    bad = mod.gaussian_is_subgaussian(Fraction(19, 10))
    assert bad.status is Status.REFUTED
    assert bad.counterexample["P_lower_certified"] > bad.counterexample["bound"]


def test_bounded_and_product_wrong_constants_refuted():
    assert mod.bounded_is_subgaussian(Fraction(9, 10)).status is Status.REFUTED
    assert mod.product_is_subgaussian(Fraction(1, 2)).status is Status.REFUTED


def test_sampled_check_catches_wrong_constant():
    from isoper import Context
    import numpy as np

    ctx = Context("t", 1e-4, 1)
    laws = [("N(0, 1) claimed 1-subgaussian", lambda rng, m: rng.standard_normal(m), 1.0)]
    assert mod.sampled_tail_check(ctx, laws=laws, samples=200_000).status is Status.REFUTED
    laws = [("N(0,1)", lambda rng, m: rng.standard_normal(m), 2.0)]
    assert mod.sampled_tail_check(ctx, laws=laws).status is Status.CONSISTENT
    assert np is not None
