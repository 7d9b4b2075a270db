"""ex-cube: the solid cube's constant 1/(2 pi) is proved and checked; the discrete cube's failure for c = 1, 10, 100
is shown exactly and by Monte Carlo; PAPER.md's wording is a recorded erratum for the discrete reading."""

from __future__ import annotations

import math

import ex_cube
import numpy as np
import pytest
import sympy as sp
from _alpha import alphas_spent
from _measure_examples import half_cube_distance, half_cube_limit_constant, least_c_half_cube

from isoper import Context, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([ex_cube.ex_cube]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=3)


def test_every_checker_spends_at_most_its_alpha(monkeypatch):
    checkers = [(s.checker, s.claim) for s in ex_cube.ex_cube.steps] + [
        (s.correction.checker, s.correction.claim) for s in ex_cube.ex_cube.steps if s.correction]
    for chk, claim in checkers:
        c = Context(step_id="test", alpha=1e-3, seed=3, claim=claim)
        spent = alphas_spent(monkeypatch, chk, c, [ex_cube])
        assert sum(spent) <= c.alpha * (1 + 1e-12), (chk.__name__, spent)


def test_mutants_all_refuted_with_counterexamples():
    muts = Ledger([ex_cube.ex_cube]).run_mutants()
    assert len(muts) >= 25
    for m in muts:
        assert m.status is Status.REFUTED and m.evidence.counterexample, (m.step_id, str(m.claim), m.evidence.detail)
    # every claim with values has at least two mutants
    for s in ex_cube.ex_cube.steps:
        for cl in (s.claim, s.correction.claim if s.correction else None):
            if cl is not None and cl.values:
                assert len(cl.mutants) >= 2, s.id


def test_checkers_read_the_claim():
    # the registered checkers consume their claim's values: a changed value changes the verdict
    st = {s.id.split("/")[1]: s for s in ex_cube.ex_cube.steps}
    step3 = st["step-3"]
    wrong = step3.claim.replace(c=sp.Rational(1, 40))
    assert step3.checker(Context("t", 1e-3, 3, claim=wrong)).status is Status.REFUTED
    step7 = st["step-7"]
    assert step7.checker(Context("t", 1e-3, 3, claim=step7.claim.replace(k=0.05))).status is Status.REFUTED
    assert step7.checker(Context("t", 1e-3, 3, claim=step7.claim)).status is Status.CONSISTENT


def test_conclusion_and_correction_run_what_they_claim(ledger):
    st = {s.step.id.split("/")[1]: s for s in ledger.statements[0].steps}
    for detail in (st["conclusion"].evidence.detail, ex_cube.correction_9(ctx()).detail):
        assert "McDiarmid" in detail                  # step 8 ran
        assert "CLT limit" in detail                  # step 7 ran
        assert "brute-force" in detail                # step 4 ran
    assert "at least ~0.0598 sqrt(d)" in ex_cube.ex_cube.conclusion


def test_wrong_half_cube_formula_caught():
    assert ex_cube.prove_half_cube_distance().status is Status.VERIFIED
    # floor(S/2) flips do not reach A for odd S; S flips are not the least number
    assert ex_cube.prove_half_cube_distance(lambda S: sp.floor(S / 2)).status is not Status.VERIFIED
    assert ex_cube.prove_half_cube_distance(lambda S: S).status is not Status.VERIFIED

    def floor_formula(x):
        d = x.shape[1]
        S = np.count_nonzero(x > 0, axis=1) * 2 - d
        return np.sqrt(np.floor(np.maximum(S, 0) / 2) / d)

    def half_space(x):  # the Euclidean distance to the half-space {sum y_i <= 0}
        return np.maximum(x.sum(axis=1), 0) / math.sqrt(x.shape[1])

    assert ex_cube.exhaustive_half_cube(floor_formula).status is Status.REFUTED
    assert ex_cube.exhaustive_half_cube(half_space).status is Status.REFUTED
    assert ex_cube.exhaustive_half_cube().status is Status.VERIFIED


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s for s in ledger.statements[0].steps}
    for k in ("step-1", "step-2", "step-4"):
        assert st[k].evidence.status is Status.VERIFIED, k
    for k in ("step-3", "step-5", "step-6", "step-7", "step-8", "conclusion"):
        assert st[k].evidence.status is Status.CONSISTENT, k
    assert st["step-9"].evidence.status is Status.REFUTED
    assert st["step-9"].correction.status is Status.CONSISTENT
    assert st["step-9"].evidence.counterexample["c"] == 1.0


def test_solid_cube_wrong_constant_caught():
    assert ex_cube.check_solid_cube(ctx(), c=1 / 40, dims=(16,), samples=10_000).status is Status.REFUTED
    # the exact coordinate tail alone: least c ~0.0349 for f = x_1
    assert ex_cube.solid_cube_coordinate(1 / 30).status is Status.REFUTED
    assert ex_cube.solid_cube_coordinate(0.036).status is Status.CONSISTENT


def test_limit_bracket_is_tight():
    lo, hi = ex_cube.limit_bracket()
    assert lo <= half_cube_limit_constant()["k"] * (1 + 1e-6) and hi - lo < 1e-4


def test_discrete_cube_constants_refuted_exactly():
    for c, d in ex_cube.EXACT_REFUTATIONS:
        ev = ex_cube.discrete_cube_exact(c, d)
        assert ev.status is Status.REFUTED, (c, d)
        assert ev.counterexample["exact"] > 100 * ev.counterexample["bound"] or c > 1
    # a constant that scales like sqrt(d) but below c_min is still refuted; McDiarmid's d/4 is not
    assert ex_cube.discrete_cube_exact(math.sqrt(4096) / 100, 4096).status is Status.REFUTED
    assert ex_cube.discrete_cube_exact(4096 / 4, 4096).status is Status.CONSISTENT


def test_discrete_cube_refuted_by_monte_carlo():
    for c, d in ((1.0, 1024), (100.0, 2**24)):
        ev = ex_cube.discrete_cube_mc(ctx(), c, d)
        assert ev.status is Status.REFUTED, (c, d, ev.detail)
        assert ev.counterexample["lower"] > ev.counterexample["bound"]
    # at c above c_min(d) the same check finds no violation
    assert ex_cube.discrete_cube_mc(ctx(), 4.0, 1024).status is Status.CONSISTENT


def test_least_c_grows_like_sqrt_d():
    k = half_cube_limit_constant()["k"]
    assert k == pytest.approx(0.0598, abs=5e-4)
    for d in (4**8, 4**10):
        assert least_c_half_cube(d)["c_min"] / math.sqrt(d) == pytest.approx(k, rel=0.02)


def test_half_cube_distance_is_1_lipschitz_on_the_cube():
    rng = np.random.default_rng(0)
    d = 64
    x = (rng.integers(0, 2, (2000, d)) - 0.5) / math.sqrt(d)
    y = (rng.integers(0, 2, (2000, d)) - 0.5) / math.sqrt(d)
    gap = np.abs(half_cube_distance(x) - half_cube_distance(y))
    assert np.all(gap <= np.linalg.norm(x - y, axis=1) + 1e-12)
