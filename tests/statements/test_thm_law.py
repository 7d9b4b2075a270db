"""thm-law: the ledger records steps 1 and 3 as errata with verified corrections, the rest verified; wrong constants
are caught by the same checkers."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
import thm_law

from isoper import Context, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([thm_law.thm_law]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=1)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s for s in ledger.statements[0].steps}
    assert st["step-1"].evidence.status is Status.REFUTED and st["step-1"].correction.status is Status.VERIFIED
    assert st["step-3"].evidence.status is Status.REFUTED and st["step-3"].correction.status is Status.VERIFIED
    for key in ("step-2", "step-4", "conclusion"):
        assert st[key].evidence.status is Status.VERIFIED, key
    assert ledger.statements[0].status is Status.VERIFIED


def test_step_3_counterexample_is_exact():
    e = thm_law.check_step_3(ctx())
    assert e.status is Status.REFUTED
    assert e.counterexample["lhs"] == 4 and e.counterexample["rhs"] == pytest.approx(565 / 144)
    assert thm_law.check_step_3(ctx(), scale=sp.Rational(1, 7)).status is Status.REFUTED  # 4/7 > 1/2
    assert thm_law.check_step_3(ctx(), scale=sp.Rational(1, 8)).status is Status.VERIFIED


def test_step_1_wrong_net_count_caught():
    # a count (6 W J/eps)^p at scale eps/(8J): F = 3/4 < 1, an interval already needs more points
    assert thm_law.check_step_1(ctx(), net_factor=6, scale=Fraction(1, 8), restrict=True).status is Status.REFUTED
    assert thm_law.check_step_1_correction(ctx()).status is Status.VERIFIED


def test_step_2_wrong_exponent_caught():
    assert thm_law.check_step_2(ctx(), second=8**5).status is Status.REFUTED       # 2^16 > 8^5
    assert thm_law.check_step_2(ctx(), first=8**3).status is Status.REFUTED        # 2^11 > 8^3
    assert thm_law.check_step_2(ctx(), thm2=(8**3, 20000)).status is Status.REFUTED  # 16 * 20000 > 8^6


def test_step_4_wrong_constants_caught():
    assert thm_law.check_step_4(ctx(), prefactor=2**8).status is Status.REFUTED
    assert thm_law.check_step_4(ctx(), hyp=8**3).status is Status.REFUTED
    assert thm_law.check_step_4(ctx(), first=2048, second=147456, prefactor=384).status is Status.VERIFIED


def test_conclusion_wrong_prefactor_caught():
    assert thm_law.check_chain_closes(prefactor=2**8).status is Status.REFUTED   # 256 < 384
    assert thm_law.check_chain_closes(net_factor=20).status is Status.REFUTED    # 20 < 24
    assert thm_law.check_chain_closes().status is Status.VERIFIED


def test_conclusion_log_factors_caught():
    import sympy as sp

    from isoper import constants as K

    # beta = 1/4: hypothesis (2) needs log(16 k/delta); beta = 3/4: the denominator needs log(8/delta)
    assert thm_law.check_chain_closes(choices={K.beta: sp.Rational(1, 4)}).status is Status.REFUTED
    assert thm_law.check_chain_closes(choices={K.beta: sp.Rational(3, 4)}).status is Status.REFUTED
    assert thm_law.check_chain_closes(choices={K.beta: sp.Rational(1, 2)}).status is Status.VERIFIED
    assert thm_law.check_chain_closes(hyp_log_factor=4).status is Status.REFUTED
    assert thm_law.check_chain_closes(delta_factor=2).status is Status.REFUTED


def test_step_1_covering_check_catches_a_smaller_net_factor():
    """The constructed net (about 70 centres) exceeds (f/6 * 10)^2 for net_factor f = 3 (25 points)."""
    from isoper import Context

    ctx = Context(step_id="t", alpha=1e-3, seed=0)
    assert thm_law.check_step_1_with_covering(ctx).status.value in ("verified", "consistent")
    assert thm_law.check_step_1_with_covering(ctx, net_factor=3).status.value == "refuted"
