"""lem-network-param: norm bounds and B >= Lip verified; the parameter bound searched; biases refuted; variants caught
(claims as data: every mutant refuted at an exact instance)."""

from __future__ import annotations

from fractions import Fraction

import lem_network_param as m
import sympy as sp

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


def test_every_mutant_is_refuted_with_a_counterexample():
    muts = Ledger([m.lem_network_param]).run_mutants()
    assert len(muts) >= 25
    assert not [x.step_id for x in muts if x.status is not Status.REFUTED]
    assert all(x.evidence.counterexample for x in muts)


def test_every_claim_with_a_value_has_two_mutants():
    for step in m.lem_network_param.steps:
        for claim in (step.claim, step.correction.claim if step.correction else None):
            if claim is not None and claim.values:
                assert len(claim.mutants) >= 2, step.id


# audit (issue 11): step 7 was verified by prose, its one tight case taken at a random-sign x, so the bound made 2x,
# 20x or W^D smaller stayed verified. Now the tight case is evaluated exactly at the maximising x.
def test_box_bound_tight_case_is_exact_and_attained():
    ratio, where, _ = m.exact_box_cases(m.STEP_7)
    assert ratio == 1 and where["net"].startswith("f = w x") and where["x"] == [1]


def test_box_bound_smaller_bounds_are_refuted_at_the_exact_instance():
    for changes, ratio in (({"const": Fraction(1, 2)}, 2), ({"const": Fraction(1, 20)}, 20), ({"w_exp": 0}, 2)):
        ev = m.check_box_bound(CTX, m.STEP_7.replace(**changes))
        assert ev.status is Status.REFUTED and ev.method == "exact", changes
        r = sp.sympify(ev.counterexample["ratio"])
        # w_exp = 0: the D = 3 scalar chain at W = 100 (added for w_exp = 1/2) is worse than b relu(a x)'s exact 2
        assert (r >= ratio if "w_exp" in changes else r == ratio), changes
        # the counterexample is an exact instance: recompute |df| and the bound from it
        assert sp.sympify(ev.counterexample["|df|"]) > sp.sympify(ev.counterexample["bound"])


def test_box_bound_is_cited_and_dominance_is_checked():
    ev = m.check_box_bound(CTX)
    assert ev.status is Status.VERIFIED and m.LIP_COMPOSITION in ev.cites and m.CAUCHY_SCHWARZ in ev.cites
    # a larger bound is still proved; a claim with a smaller exponent that no instance here refutes is not verified
    assert m.check_box_bound(CTX, m.STEP_7.replace(const=2)).status is Status.VERIFIED
    assert m.check_box_bound(CTX, m.STEP_7.replace(q_exp=Fraction(9, 10))).status is not Status.VERIFIED


# audit (issue 11): step 4 was a literal Evidence.verified(..., method="symbolic") with nothing computed. Now the
# activation's Lipschitz constant is computed by sympy (sign cases), and the claim's B must contain the full product.
def test_step_4_computes_the_activation_constant(monkeypatch):
    assert m.check_step_4(CTX).status is Status.VERIFIED
    monkeypatch.setattr(m, "RELU", lambda z: 2 * sp.Max(z, 0))  # a 2-Lipschitz activation: the proof must not pass
    assert m.relu_is_1_lipschitz()[0] is False
    assert m.check_step_4(CTX).status is not Status.VERIFIED


def test_step_4_is_labelled_cited():
    assert m.LIP_COMPOSITION in m.check_step_4(CTX).cites and m.LIP_COMPOSITION in m.STEP_4.cites


def test_skip_counterexample_exact_numbers():
    c = m.skip_counterexample()
    assert abs(c["B"] - 0.1414) < 1e-4 and c["Lip_lower_pair"] == 1.0
    assert sp.sympify(c["B_exact"]) == sp.sqrt(2) / 10
    assert abs(c["|df|"] - 1e-3) < 1e-12 and abs(c["Bbar Q R sqrt(p) |dw|"] - 3.467e-4) < 1e-6


def test_skip_wrong_variant_caught():
    assert m.check_skip_bound(CTX).status is Status.VERIFIED
    assert m.check_skip_bound(CTX, m.CORRECTION_6.replace(one=0)).status is Status.REFUTED  # B(w) as the bound


def test_bound_without_sqrt_p_is_caught():
    ev = m.check_step_3(CTX, m.STEP_3.replace(p_exp=0))
    assert ev.status is Status.REFUTED and ev.counterexample["net"] == "f = b relu(a x)"
    assert abs(ev.counterexample["ratio_float"] - 2**0.5) < 1e-2


def test_exponent_d_minus_1_is_caught():
    assert m.check_step_2(CTX, m.STEP_2.replace(depth_shift=1)).status is Status.REFUTED


def test_b_without_full_product_is_caught():
    assert m.check_step_4(CTX, m.STEP_4.replace(i_min=1)).status is Status.REFUTED


# audit (issue 11 follow-up, rows 45 and 90): both variants came out inconclusive though an exact instance refutes them
def test_box_bound_with_half_weight_power_is_refuted_by_the_scalar_chain():
    ev = m.check_box_bound(CTX, m.STEP_7.replace(w_exp=Fraction(1, 2)))
    assert ev.status is Status.REFUTED and ev.method == "exact"  # was INCONCLUSIVE
    cex = ev.counterexample
    assert cex["D"] == 3 and cex["W"] == 100
    assert sp.sympify(cex["|df|"]) == 29701 and sp.sympify(cex["bound"]) == 9000 * sp.sqrt(3)


def test_skip_bound_with_factor_99_100_is_refuted_with_small_weights():
    c = m.CORRECTION_6.replace(factor=Fraction(99, 100))
    ev = m.check_skip_bound(CTX, c)
    assert ev.status is Status.REFUTED and ev.method == "exact"  # was INCONCLUSIVE
    assert sp.sympify(ev.counterexample["bound"]) < 1


def test_audit_variants_are_declared_mutants():
    assert Fraction(1, 2) in {mu.changes.get("w_exp") for mu in m.STEP_7.mutants}
    assert Fraction(99, 100) in {mu.changes.get("factor") for mu in m.CORRECTION_6.mutants}
