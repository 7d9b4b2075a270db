"""def-subgaussian: the examples hold with the stated constants, and smaller constants are refuted by the same checks,
including constants a rounding step would have turned into true ones (0.9999999 is not 1)."""

from __future__ import annotations

import math
from fractions import Fraction

import def_subgaussian as mod
import pytest
from _alpha import alphas_spent

from isoper import Context, Ledger, Status


def test_ledger():
    res = Ledger([mod.def_subgaussian]).run()
    assert res.ok, [s.evidence.detail for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.VERIFIED,
                  "step-4": Status.VERIFIED, "conclusion": Status.CONSISTENT}


def test_conclusion_includes_sharpness_and_spends_its_alpha(monkeypatch):
    c = Context("t", 1e-3, 1)
    ev = mod.conclusion(c)
    assert "199/100" in ev.detail and "Mills" in ev.detail  # step 2 (no smaller C for N(0, s^2)) ran
    spent = alphas_spent(monkeypatch, mod.conclusion, c, [mod])
    assert len(spent) == 8 and sum(spent) <= c.alpha * (1 + 1e-12)


def test_gaussian_threshold():
    assert mod.gaussian_is_subgaussian(2).status is Status.VERIFIED
    bad = mod.gaussian_is_subgaussian(Fraction(19, 10))
    assert bad.status is Status.REFUTED
    assert bad.counterexample["P_lower_certified"] > bad.counterexample["bound"]
    near = mod.gaussian_is_subgaussian(1.9999999)  # the violation is at t ~ 2e4: certified in log space
    assert near.status is Status.REFUTED
    assert near.counterexample["certified_log_margin"] > 0


def test_bounded_and_product_wrong_constants_refuted():
    assert mod.bounded_is_subgaussian(Fraction(9, 10)).status is Status.REFUTED
    assert mod.product_is_subgaussian(Fraction(1, 2)).status is Status.REFUTED


@pytest.mark.parametrize("factor", [Fraction(9999999, 10000000), 0.9999999])
def test_product_factor_just_below_one_refuted(factor):
    # N(0, C/2) b is exactly b^2 C-subgaussian and no less: limit_denominator used to round this to 1 (verified)
    ev = mod.product_is_subgaussian(factor)
    assert ev.status is Status.REFUTED, ev.detail
    assert ev.counterexample["log_P_lower_certified"] > ev.counterexample["log_bound_certified_upper"]


def test_bounded_factor_just_below_one_refuted():
    ev = mod.bounded_is_subgaussian(1 - 1e-12)  # nsimplify used to round this to 1 (verified)
    assert ev.status is Status.REFUTED, ev.detail
    assert ev.counterexample["bound"] < 1
    assert mod.bounded_is_subgaussian(1).status is Status.VERIFIED
    assert mod.bounded_is_subgaussian(1 + 1e-12).status is Status.VERIFIED


def test_bad_inputs_rejected():
    for bad in (math.nan, math.inf, -1.0, 0):
        with pytest.raises(ValueError):
            mod.product_is_subgaussian(bad)
        with pytest.raises(ValueError):
            mod.bounded_is_subgaussian(bad)


def test_sampled_check_catches_wrong_constant():
    ctx = Context("t", 1e-4, 1)
    laws = [("N(0, 1) claimed 1-subgaussian", lambda rng, m: rng.standard_normal(m), 1.0)]
    assert mod.sampled_tail_check(ctx, laws=laws, samples=200_000).status is Status.REFUTED
    laws = [("N(0,1)", lambda rng, m: rng.standard_normal(m), 2.0)]
    assert mod.sampled_tail_check(ctx, laws=laws).status is Status.CONSISTENT


def test_sampled_bounded_law_catches_wrong_constant():
    # X = +-a at t just below a: P = 1; the true C = a^2/log 2 gives a bound just above 1, C' = 0.999 C one below
    ctx = Context("t", 1e-4, 1)
    a = mod.BOUNDED_A
    ts = [a * (1 - 1e-9), a * 1.001]
    good = [("+-a", mod._plus_minus(a), a * a / math.log(2), ts)]
    assert mod.sampled_tail_check(ctx, laws=good).status is Status.CONSISTENT
    bad = [("+-a", mod._plus_minus(a), 0.999 * a * a / math.log(2), ts)]
    ev = mod.sampled_tail_check(ctx, laws=bad)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["lower"] > ev.counterexample["bound"]
    # and a sampler that is not bounded by a is caught at t = 1.001 a
    wide = [("+-1.01a", mod._plus_minus(1.01 * a), a * a / math.log(2), ts)]
    assert mod.sampled_tail_check(ctx, laws=wide).status is Status.REFUTED


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([mod.def_subgaussian]).run_mutants()
    assert len(res) >= 2 * 5
    for m in res:
        assert m.status is Status.REFUTED, (m.step_id, str(m.claim), m.evidence.detail[:300])
        assert m.evidence.counterexample
    per_step = {}
    for m in res:
        per_step[m.step_id] = per_step.get(m.step_id, 0) + 1
    assert len(per_step) == 5 and min(per_step.values()) >= 2


def test_checkers_read_the_claim():
    # the steps' checks follow the claim's values: a changed constant changes the verdict
    assert mod.step_1(Context("t", 1e-4, 0, claim=mod.STEP_1.replace(ratio=Fraction(3, 2)))).status is Status.REFUTED
    assert mod.step_3(Context("t", 1e-4, 0, claim=mod.STEP_3)).status is Status.VERIFIED
    assert mod.check_gaussian_sharp(2).status is Status.VERIFIED
    assert mod.check_gaussian_sharp(Fraction(201, 100)).status is Status.REFUTED
