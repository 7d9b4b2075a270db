"""thm-weights-necessary: no contradiction with Theorem 3 (log W ~ 2^d); enumeration class at tiny size; the orthant
readout (our explicit one-parameter class standing in for the Kolmogorov-Arnold network) and wrong variants of it;
every mutant refuted with a counterexample."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import thm_weights_necessary as m

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=4)


def test_ledger_as_recorded():
    res = Ledger([m.thm_weights_necessary]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "step-3": Status.INCONCLUSIVE,
                  "conclusion": Status.VERIFIED}


def test_every_mutant_is_refuted_with_a_counterexample():
    muts = Ledger([m.thm_weights_necessary]).run_mutants()
    assert len(muts) >= 12
    assert not [(x.step_id, x.mutant.changes) for x in muts if x.status is not Status.REFUTED]
    assert all(x.evidence.counterexample for x in muts)


def test_cited_theorems_are_labelled():
    assert m.THEOREM_3 in m.check_step_1(CTX).cites
    ev = m.check_step_3(CTX, trials=128)
    assert {m.CHERNOFF, m.WENDEL, m.BONFERRONI} <= set(ev.cites)
    assert m.KOLMOGOROV_ARNOLD in m.STEP_3.cites


def test_polynomial_weights_would_contradict_the_law():
    assert m.polynomial_weights_contradict().status is Status.REFUTED


def test_smaller_lipschitz_exponent_is_refuted_at_a_named_point():
    ev = m.check_step_1(CTX, m.STEP_1.replace(lip_exp=Fraction(1, 4)))
    assert ev.status is Status.REFUTED and ev.counterexample["d"] == "1e15"


def test_too_small_J_is_caught():
    ev = m.check_step_2(CTX, m.STEP_2.replace(J=1))
    assert ev.status is Status.REFUTED and ev.counterexample["quotient"] == "2"


def test_construction_is_verified_and_only_small_n_is_open():
    assert m.check_step_3(CTX, trials=256).status is Status.VERIFIED
    ev = m.step_3(Context(step_id="t", alpha=1e-3, seed=4, claim=m.STEP_3))
    assert ev.status is Status.INCONCLUSIVE and "not decided for n < d" in ev.detail


def test_readout_is_exact_on_digit_parameters():
    rng = np.random.default_rng(0)
    F = m.OrthantReadout(12)
    digits = rng.integers(0, 2, F.N).astype(np.int8)
    a = m.digits_to_int(digits)
    assert a <= 2 ** (2**12) - 1
    cells = rng.integers(0, F.N, 50)
    vals = m.readout(F.phase(digits, cells))
    assert np.array_equal(vals, 2.0 * digits[cells] - 1)
    assert all(m.readout_exact(a, int(j)) == v for j, v in zip(cells, vals))


def test_orthant_readout_attains_one_over_tau_across_a_facet():
    F = m.OrthantReadout(8)
    assert abs(m.facet_pair(F)["quotient"] * F.tau - 1) < 1e-12


def test_lipschitz_in_x_below_one_over_tau_is_refuted():
    ev = m.check_step_3(CTX, m.STEP_3.replace(lip_x_factor=Fraction(1, 4)), trials=64)
    assert ev.status is Status.REFUTED and "pair" in ev.counterexample
    assert m.check_step_3(CTX, m.STEP_3.replace(lip_x_exponent=1), trials=64).status is Status.REFUTED


def test_lipschitz_in_a_of_one_half_is_refuted():
    ev = m.check_step_3(CTX, m.STEP_3.replace(lip_a=Fraction(1, 2)), trials=64)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["quotient"] > 0.99


def test_too_wide_ramp_fails_the_fit_claim():
    ev = m.check_step_3(CTX, m.STEP_3.replace(c0=2), trials=256)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["estimate"] > 0.5  # most data sets fit fewer than 3n/4


def test_a_faster_rate_is_refuted_by_monte_carlo():
    ev = m.check_step_3(CTX, m.STEP_3.replace(rate=1), trials=512)
    assert ev.status is Status.REFUTED and ev.counterexample["lower"] > ev.counterexample["bound"]
