"""thm-law-informal: Theorem 3's bound is eps sqrt(nd/p) up to logs; wrong exponents are caught."""

from __future__ import annotations

import pytest
import sympy as sp
import thm_law_informal as m

from isoper import Context, Ledger, Status


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=1)


def test_ledger_verified():
    res = Ledger([m.thm_law_informal]).run()
    assert res.ok
    assert [s.evidence.status for s in res.statements[0].steps] == [Status.VERIFIED, Status.VERIFIED]


@pytest.mark.parametrize("order", [
    sp.sqrt(m.n * m.d) / m.p,              # the wrong exponent of p
    m.eps * sp.sqrt(m.n * m.d),            # p dropped
    m.eps**2 * sp.sqrt(m.n * m.d / m.p),   # wrong power of eps
    m.eps * sp.sqrt(m.n / m.p),            # d dropped
])
def test_wrong_order_caught(order):
    e = m.check_order(ctx(), order=order)
    assert e.status is Status.REFUTED
    assert e.counterexample["ratio_low"] != pytest.approx(e.counterexample["ratio_high"], rel=0.5)


def test_log_factors_allowed_and_identity_is_specific():
    assert m.check_order(ctx(), order=m.ORDER * sp.log(m.n)).status is Status.VERIFIED
    assert m.check_ratio_identity(ctx(), order=sp.sqrt(m.n * m.d) / m.p).status is Status.REFUTED


@pytest.mark.parametrize("factor", [sp.exp(sp.sqrt(sp.log(m.n))), sp.exp(sp.log(m.p) / sp.log(sp.log(m.p)))])
def test_superpolylog_factor_caught(factor):
    # v^{o(1)} but not polylog: the elasticity test alone would pass these
    assert m.check_order(ctx(), order=m.ORDER * factor).status is Status.REFUTED


def test_polylog_factor_still_allowed():
    assert m.check_order(ctx(), order=m.ORDER * sp.log(m.n) ** 3 * sp.sqrt(sp.log(m.p))).status is Status.VERIFIED


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([m.thm_law_informal]).run_mutants()
    assert len(res) >= 6
    for x in res:
        assert x.status is Status.REFUTED, (x.step_id, x.mutant.changes, x.evidence.detail)
        assert x.evidence.counterexample


def test_reads_theorem_3_from_thm_law_claim():
    import thm_law

    claims = Ledger([thm_law.thm_law, m.thm_law_informal]).claims()
    claims["thm-law/conclusion"] = claims["thm-law/conclusion"].replace(prefactor=384)
    ctx_ = Context("thm-law-informal/step-1", 1e-3, 1, claim=m.STEP_1, claims=claims)
    assert m.step_1(ctx_).status is Status.REFUTED  # the identity's 2^9 no longer matches Theorem 3's claim
    assert m.step_1(Context("thm-law-informal/step-1", 1e-3, 1, claim=m.STEP_1.replace(prefactor=384),
                            claims=claims)).status is Status.VERIFIED
