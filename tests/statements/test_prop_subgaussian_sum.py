"""prop-subgaussian-sum: 18C is verified via the derived factor 8 log 3; factors below 2(1 + log 2) are refuted by
proof, factors 1 and 2 also exactly / by Monte Carlo; exact inputs are not rounded."""

from __future__ import annotations

from fractions import Fraction

import prop_subgaussian_sum as mod
import pytest
import sympy as sp
from _alpha import alphas_spent

from isoper import Context, Ledger, Status


def test_ledger():
    res = Ledger([mod.prop_subgaussian_sum]).run()
    assert res.ok, [s.evidence.detail for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st["conclusion"] is Status.VERIFIED
    assert st["step-6"] is Status.CONSISTENT
    assert all(st[f"step-{i}"] is Status.VERIFIED for i in range(1, 6))
    assert "[verified" not in mod.prop_subgaussian_sum.conclusion  # status lives in the evidence, not the claim


def test_step_6_spends_at_most_its_alpha(monkeypatch):
    c = Context("t", 1e-3, 0)
    spent = alphas_spent(monkeypatch, mod.step_6, c, [mod])
    assert spent and sum(spent) <= c.alpha * (1 + 1e-12)


def test_derived_constants():
    assert sp.simplify(mod.DERIVED["sum_factor"] - 8 * sp.log(3)) == 0
    assert float(mod.DERIVED["sum_factor_lower"]) < float(mod.DERIVED["sum_factor"]) < 18


def test_wrong_factors_caught():
    assert mod.check_factor_symbolic(8).status is not Status.VERIFIED  # 8 < 8 log 3: the derivation does not give it
    assert mod.rademacher_exact(1.0).status is Status.REFUTED       # exact: n = 16, t = 3
    assert mod.check_small_n(3).status is not Status.VERIFIED
    ev = mod.attack(Context("t", 1e-4, 3), 2.0)
    assert ev.status is Status.REFUTED


@pytest.mark.parametrize("factor", [3.9999999, Fraction(39999999, 10000000)])
def test_small_n_argument_does_not_give_factors_below_4(factor):
    # nsimplify used to round 3.9999999 to 4 and report the union-bound argument as verifying it
    assert mod.check_small_n(factor).status is not Status.VERIFIED
    assert mod.check_small_n(4).status is Status.VERIFIED


@pytest.mark.parametrize("factor", [3.0, 3.3, 3.386])
def test_factors_below_the_clt_bound_refuted_by_proof(factor):
    # the Monte Carlo attack alone leaves these 'consistent'; the variance/CLT argument refutes them
    ev = mod.attack(Context("t", 1e-4, 3), factor)
    assert ev.status is Status.REFUTED, ev.detail[:300]
    assert ev.counterexample["certified_log_margin"] > 0 and ev.counterexample["n"] == "oo (CLT)"


def test_clt_bound_does_not_refute_true_factors():
    for f in (3.39, 8 * 1.0986123, 18):
        assert mod.refute_sum_factor_by_clt(f).status is Status.INCONCLUSIVE


def test_sampled_attack_refutes_factor_2():
    # what the Monte Carlo part can decide on its own (MC_DECIDES): factor 2 fails at n = 64, t = 4 sqrt C
    law = mod.sampled_laws()[0]
    ev = mod.sum_tail_mc(Context("t", 1e-4, 5), 2.0, cases=[(*law, 64, 4.0)], samples=60_000)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["lower"] > ev.counterexample["bound"]


def test_sampled_attack_alone_cannot_refute_3():
    # the limitation MC_DECIDES states (kept true by this test): exact Rademacher and the sampled cases pass 3.0
    import math

    f = 3.0
    c = Context("t", 1e-4, 3)
    cases = [(*law, n, math.sqrt(f * math.log(2 / b))) for law in mod.sampled_laws() for n in (2, 8, 64)
             for b in (0.5, 0.02)]
    law = mod.sampled_laws()[0]
    assert mod.rademacher_exact(f).status is Status.CONSISTENT
    assert mod.sum_tail_mc(c, f, cases=cases, samples=10_000).status is Status.CONSISTENT
    assert mod.sum_tail_mc(c, f, cases=[(*law, 64, 4.0), (*law, 64, 4.5)], samples=60_000).status is Status.CONSISTENT
    assert "refutes factor 2" in mod.MC_DECIDES


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([mod.prop_subgaussian_sum]).run_mutants()
    per_step = {}
    for m in res:
        assert m.status is Status.REFUTED, (m.step_id, str(m.claim), m.evidence.detail[:300])
        assert m.evidence.counterexample
        per_step[m.step_id] = per_step.get(m.step_id, 0) + 1
    assert len(per_step) == 7 and min(per_step.values()) >= 3


def test_conclusion_follows_the_steps_claims():
    # the conclusion derives its factor from steps 1-4 as the run sees them: a wrong step changes its status
    def run(**steps):
        claims = {f"prop-subgaussian-sum/{k.replace('_', '-')}": v for k, v in steps.items()}
        return mod.conclusion(Context("prop-subgaussian-sum/conclusion", 1e-4, 0, claim=mod.CONCLUSION,
                                      claims=claims)).status

    assert run() is Status.VERIFIED
    assert run(step_3=mod.STEP_3.replace(K=sp.Integer(3))) is Status.VERIFIED  # 4 * 3 <= 18, and K = 3 holds
    assert run(step_4=mod.STEP_4.replace(chernoff=10)) is Status.INCONCLUSIVE  # 10 * 2 log 3 > 18: not derived
    assert run(step_3=mod.STEP_3.replace(K=Fraction(1, 2))) is Status.INCONCLUSIVE  # step 3 false: not derived
    assert run(step_2=mod.STEP_2.replace(c=Fraction(1, 2))) is Status.INCONCLUSIVE
