"""thm-weights-necessary: no contradiction with Theorem 3 (log W ~ 2^d); enumeration class at tiny size; the orthant
readout (our explicit one-parameter class standing in for the Kolmogorov-Arnold network) and wrong variants of it."""

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


def test_polynomial_weights_would_contradict_the_law():
    assert m.check_step_1(CTX, log_WJ_exponential=False).status is Status.REFUTED


def test_too_small_J_is_caught():
    assert m.check_step_2(CTX, J_claim=1.0).status is Status.REFUTED


def test_construction_is_verified_and_only_small_n_is_open():
    assert m.check_step_3(CTX, trials=256).status is Status.VERIFIED
    ev = m.step_3(CTX)
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
    digits = np.zeros(F.N, np.int8)
    digits[1] = 1  # cell 1 (x_0 > 0, others <= 0) reads +1, cell 0 reads -1
    x = -np.full(8, 0.3)
    x[0] = F.tau / 2
    y = x.copy()
    y[0] = -x[0]
    q = abs(F(x[None], digits)[0] - F(y[None], digits)[0]) / np.linalg.norm(x - y)
    assert abs(q * F.tau - 1) < 1e-12


def test_lipschitz_in_x_below_one_over_tau_is_refuted():
    assert m.check_step_3(CTX, lip_x_factor=0.25, trials=64).status is Status.REFUTED
    assert m.check_step_3(CTX, lip_x_exponent=1.0, trials=64).status is Status.REFUTED


def test_lipschitz_in_a_of_one_half_is_refuted():
    ev = m.check_step_3(CTX, lip_a_claim=0.5, trials=64)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["quotient"] > 0.99


def test_too_wide_ramp_fails_the_fit_claim():
    ev = m.check_step_3(CTX, c0=Fraction(2), trials=256)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["estimate"] > 0.5  # most data sets fit fewer than 3n/4
