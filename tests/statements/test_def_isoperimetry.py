"""def-isoperimetry: both well-posedness steps are proved; the definition, applied with a wrong constant, a wrong
measure or the wrong centre, is violated by the engine's checks."""

from __future__ import annotations

import math

import def_isoperimetry
import numpy as np
import pytest
from hypothesis import given

from isoper import (
    Gaussian,
    Ledger,
    Status,
    check_concentration,
    check_isoperimetry,
    isoperimetric_bound,
    testing,
)
from isoper import strategies as ist
from isoper.testfunctions import Linear


@pytest.fixture(scope="module")
def ledger():
    return Ledger([def_isoperimetry.def_isoperimetry]).run()


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "step-2": Status.VERIFIED, "conclusion": Status.VERIFIED}


def test_bound_is_the_definition():
    d, t, c, L = 16, 0.3, 1.5, 2.0
    assert isoperimetric_bound(d, t, c, L) == pytest.approx(2 * math.exp(-d * t * t / (2 * c * L * L)))
    # scale invariance (step 1) and monotonicity in c (step 2), numerically
    assert isoperimetric_bound(d, 3 * t, c, 3 * L) == pytest.approx(isoperimetric_bound(d, t, c, L))
    assert isoperimetric_bound(d, t, 2 * c, L) > isoperimetric_bound(d, t, c, L)
    assert isoperimetric_bound(d, 0.0, c, L) == 2.0


def _unit(d: int) -> Linear:
    a = np.zeros(d)
    a[0] = 1.0
    return Linear(a)


def test_wrong_constant_is_violated():
    d = 32
    f = _unit(d)
    t = 1.5 / math.sqrt(d)  # exact tail 2 Phi^c(1.5) = 0.134 > 2 exp(-2 * 1.5^2) = 0.022 at c = 1/4
    r = check_isoperimetry(Gaussian(d), f, c=0.25, t=t, center=0.0, samples=20_000, seed=3, alpha=1e-6)
    assert r.violated
    assert check_isoperimetry(Gaussian(d), f, c=1.0, t=t, center=0.0, samples=20_000, seed=3, alpha=1e-6).holds


def test_wrong_measure_is_violated():
    d = 32  # N(0, 4 I/d) has c = 4, not 1
    r = check_isoperimetry(Gaussian(d, scale=2.0), _unit(d), c=1.0, t=3 / math.sqrt(d), center=0.0,
                           samples=20_000, seed=4, alpha=1e-6)
    assert r.violated


def test_deviation_is_from_the_mean():
    # Definition 1.1 centres at E f: measured from 0 instead, a shifted Gaussian "violates" it
    d = 32
    mean = np.zeros(d)
    mean[0] = 1.0
    mu = Gaussian(d, mean=tuple(mean))
    f = _unit(d)
    t = 0.5
    bound = isoperimetric_bound(d, t, 1.0, 1.0)
    assert check_concentration(mu, f, t=t, bound=bound, center=0.0, samples=5_000, seed=5).violated
    assert check_concentration(mu, f, t=t, bound=bound, center=1.0, samples=5_000, seed=5).holds


# --------------------------------------------------------------------------------------------------------------
# Definition 1.1 over drawn measures and test functions (isoper.strategies), one error budget for the whole test


@testing.alpha_budget(1e-3, max_examples=25)
@given(pair=ist.measures_with_functions(max_dim=48, min_dim=2), b=ist.params("delta", min_value=0.01, max_value=0.2),
       seed=ist.seeds())
def test_definition_holds_for_drawn_measures_and_functions(pair, b, seed):
    """Each drawn (mu, f) satisfies Definition 1.1 with mu's own constant c at the t where the bound equals b; the
    25 examples share alpha = 1e-3 (Bonferroni), so this test fails falsely with probability at most 1e-3."""
    mu, f = pair
    c, L, d = float(mu.isoperimetry_constant), f.lipschitz, mu.dim
    if L == 0:
        return
    t = L * math.sqrt(2 * c * math.log(2 / b) / d)
    r = testing.check_isoperimetry(mu, f, c=c, t=t, samples=20_000, seed=seed)
    testing.assert_not_violated(r)


# --------------------------------------------------------------------------------------------------------------
# claims as data: every claim with values carries >= 2 known-false mutants, and each is refuted with a counterexample


def test_every_claim_with_values_has_mutants():
    for sid, claim in Ledger([def_isoperimetry.def_isoperimetry]).claims().items():
        if claim.values:
            assert len(claim.mutants) >= 2, sid
            assert all(m.why_false.strip() for m in claim.mutants), sid


def test_mutants_all_refuted_with_counterexamples():
    res = Ledger([def_isoperimetry.def_isoperimetry]).run_mutants()
    assert len(res) >= 9
    assert not [(m.step_id, str(m.claim)) for m in res if m.survived]
    bad = [(m.step_id, m.mutant.changes, m.status.value, m.evidence.detail[:200]) for m in res
           if m.status is not Status.REFUTED or not m.evidence.counterexample]
    assert not bad


def test_two_point_law_refutes_a_smaller_constant():
    from fractions import Fraction

    assert def_isoperimetry.check_monotone().status is Status.VERIFIED
    ev = def_isoperimetry.check_monotone(ratio=Fraction(1, 2))
    assert ev.status is Status.REFUTED and ev.counterexample["B(c')"] == "1/2"
    assert def_isoperimetry.check_scale_invariance(L_power=1).status is Status.REFUTED
