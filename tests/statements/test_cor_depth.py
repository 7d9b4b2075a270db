"""cor-depth: (3.1) verified for every D >= 1 (log algebra, J = R (W Q p)^D checked against Lemma 3.1's box bound for
D >= 2 and proved directly at D = 1); (3.2) inconclusive while Lemma 3.1's endpoint version is; every mutant refuted
with a counterexample; a sympy non-answer is not a refutation."""

from __future__ import annotations

import math

import cor_depth as m
import pytest
import lem_network_param as lem
import sympy as sp
from flint import arb

from isoper import Context, Evidence, Ledger, Status
from isoper.certify import prove_symbolic

CTX = Context(step_id="t", alpha=1e-3, seed=0)


def test_ledger_as_recorded():
    res = Ledger([m.cor_depth]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.INCONCLUSIVE, "conclusion": Status.INCONCLUSIVE}


def test_every_mutant_is_refuted_with_a_counterexample():
    muts = Ledger([m.cor_depth]).run_mutants()
    assert len(muts) >= 9
    assert not [(x.step_id, x.mutant.changes) for x in muts if x.status is not Status.REFUTED]
    assert all(x.evidence.counterexample for x in muts)


def test_step_1_rests_on_the_box_lemma(monkeypatch):
    monkeypatch.setattr(lem, "check_box_bound", lambda ctx, claim=None: Evidence.inconclusive("x", method="search"))
    ctx = Context(step_id="cor-depth/step-1", alpha=1e-3, seed=0, claim=m.STEP_1)
    assert m.step_1(ctx).status is Status.INCONCLUSIVE


# audit (issue 11): (3.1) was verified for all D >= 1 though the box lemma's J_box is below J = R (W Q p)^D only for
# D >= 2 or Q = 1. At D = 1, Q = 2 the box bound is sqrt(2) J; that case is now proved directly (f linear in w).
def test_box_lemma_alone_does_not_cover_d_1_with_ties():
    vals = {"W": 1, "p": 3, "Q": 2, "D": 1, "R": 1, "dw": 1}
    J_box = lem.box_bound_value(lem.STEP_7.values, **vals)
    J = m._J(m.STEP_1.values, W=1, Q=2, p=3, depth=1)
    assert sp.simplify(J_box / J - sp.sqrt(2)) == 0


def test_d_1_is_proved_directly_and_the_route_is_load_bearing(monkeypatch):
    ev = m.check_J()
    assert ev.status is Status.VERIFIED
    assert ev.data["routes"]["D = 1"].startswith("direct") and "box" in ev.data["routes"]["D >= 2"]
    assert lem.CAUCHY_SCHWARZ in ev.cites
    ctx = Context(step_id="cor-depth/step-1", alpha=1e-3, seed=0, claim=m.STEP_1)
    monkeypatch.setattr(m, "check_J", lambda claim=None: Evidence.inconclusive("D = 1 not covered", method="x"))
    assert m.step_1(ctx).status is Status.INCONCLUSIVE


def test_j_without_w_is_refuted_by_an_exact_instance():
    ev = m.check_J(m.STEP_1.replace(j_w_exp=0))
    assert ev.status is Status.REFUTED and ev.method == "exact"
    assert sp.sympify(ev.counterexample["|df|"]) > sp.sympify(ev.counterexample["J||dw||"])


def test_variant_without_depth_is_caught():
    assert m.check_step_1(CTX, m.STEP_1.replace(depth_power=0)).status is Status.REFUTED


def test_variant_without_log_bbar_is_caught():
    assert m.check_step_2(CTX, m.STEP_2.replace(log_power=0)).status is Status.REFUTED


def test_sympy_inconclusive_is_not_refuted(monkeypatch):
    class P:
        status, detail = "inconclusive", "timeout"

    monkeypatch.setattr(m, "prove_symbolic", lambda *a, **k: P())
    assert m.check_step_1(CTX).status is Status.INCONCLUSIVE
    assert m.check_step_2(CTX).status is Status.INCONCLUSIVE
    assert m.check_step_1(CTX, m.STEP_1.replace(depth_power=0)).status is Status.REFUTED  # ratio < 1 still refutes
    assert prove_symbolic is not m.prove_symbolic


# audit (issue 11 follow-up, rows 47, 48, 129, 130): the grid (p in {10, 1e4}, fixed delta) had worst ratio 1.509, so
# step 1 came out verified for prefactors down to ~340; the checks now decide the inequality over the whole domain.
def test_audit_point_shows_prefactor_400_and_362_false():
    from isoper.law import lipschitz_lower_bound, network_J

    n, d, eps, delta = 10**6, 100, 0.9, 0.01
    J = network_J(depth=1, p=1, Q=1, weight_bound=1.0, input_radius=1.0)
    bound = lipschitz_lower_bound(n=n, d=d, p=1, eps=eps, delta=delta, W=1.0, J=J)
    lam, ell = math.log(60 / eps), math.log(4 / delta)
    for pref, want in ((400, 0.928), (362, 0.840)):
        form = eps / (pref * math.sqrt(2 * lam + ell)) * math.sqrt(n * d)
        assert abs(bound / form - want) < 1e-3


@pytest.mark.parametrize("pref", [400, 362, 511])
def test_step_1_prefactor_below_2_9_is_refuted_with_a_certified_point(pref):
    ev = m.check_step_1(CTX, m.STEP_1.replace(prefactor=pref))
    assert ev.status is Status.REFUTED  # was VERIFIED
    cex = ev.counterexample
    assert (cex["D"], cex["p"], cex["W"], cex["Q"]) == (1, 1, 1, 1)
    assert cex["isoper.law ratio"] < 1 and cex["theorem_3_bound"] < cex["claimed_form"]
    assert arb(cex["ratio (Theorem 3's bound / claimed form, Arb)"]) < 1
    assert abs(cex["isoper.law ratio"] - pref / 512) < 1e-3  # the ratio tends to pref/2^9 at 60 R -> eps


def test_step_2_prefactor_511_is_refuted():
    ev = m.check_step_2(CTX, m.STEP_2.replace(prefactor=511))
    assert ev.status is Status.REFUTED  # was INCONCLUSIVE
    assert ev.counterexample["p"] == 1 and abs(ev.counterexample["isoper.law ratio"] - 511 / 512) < 1e-5


@pytest.mark.parametrize("pref", [512, 513, 1024])
def test_recorded_and_weaker_prefactors_are_proved(pref):
    assert m.check_step_1(CTX, m.STEP_1.replace(prefactor=pref)).status is Status.VERIFIED
    ev = m.check_step_2(CTX, m.STEP_2.replace(prefactor=pref))
    assert ev.status is Status.VERIFIED and "bound >= form: sympy's assumptions prove" in ev.detail


def test_audit_variants_are_declared_mutants():
    assert {400, 362, 511} <= {mu.changes.get("prefactor") for mu in m.STEP_1.mutants}
    assert 511 in {mu.changes.get("prefactor") for mu in m.STEP_2.mutants}
