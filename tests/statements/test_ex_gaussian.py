"""ex-gaussian: step 1 proved, the conclusion consistent; c = 1/4, c = 0.99 and the wrong measure N(0, 4 I/d) are
caught; the conclusion spends at most its alpha."""

from __future__ import annotations

import ex_gaussian
import pytest
import sympy as sp
from _alpha import alphas_spent
from _isoperimetry_checks import exact_linear_check, family_check

from isoper import Context, Gaussian, Ledger, Status


@pytest.fixture(scope="module")
def ledger():
    return Ledger([ex_gaussian.ex_gaussian]).run()


def ctx() -> Context:
    return Context(step_id="test", alpha=1e-3, seed=1)


def test_ledger_as_recorded(ledger):
    assert ledger.ok
    st = {s.step.id.split("/")[1]: s.evidence.status for s in ledger.statements[0].steps}
    assert st == {"step-1": Status.VERIFIED, "conclusion": Status.CONSISTENT}
    conc = next(s for s in ledger.statements[0].steps if s.step.id.endswith("conclusion"))
    assert "[cited] " in conc.evidence.detail and "Tsirelson" in conc.evidence.detail


def test_conclusion_spends_at_most_its_alpha(monkeypatch):
    c = Context(step_id="test", alpha=1e-3, seed=1, claim=ex_gaussian.CONCLUSION)
    spent = alphas_spent(monkeypatch, ex_gaussian.conclusion, c, [ex_gaussian])
    assert len(spent) == 10  # 5 test functions x 2 dimensions
    assert sum(spent) <= c.alpha * (1 + 1e-12)


def test_family_check_alpha_keyword(monkeypatch):
    c = ctx()
    spent = alphas_spent(monkeypatch, lambda k: family_check(k, Gaussian(16), 1.0, samples=2_000, alpha=c.alpha / 4), c)
    assert sum(spent) == pytest.approx(c.alpha / 4)
    with pytest.raises(ValueError):
        family_check(c, Gaussian(16), 1.0, alpha=2 * c.alpha)


def test_quarter_constant_refuted_exactly():
    # 2 Phi^c(x) > 2 exp(-2 x^2) near x = 1: the claim with c = 1/4 fails for a linear f
    ev = exact_linear_check(Gaussian(16), 0.25)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["exact"] > ev.counterexample["bound"]


@pytest.mark.parametrize("c", [0.99, 0.999])
def test_constant_just_below_one_refuted_exactly(c):
    # the violation of c < 1 appears only far out (t sqrt(d) ~ 30 for 0.99): found in log space
    for d in (1, 16, 256):
        ev = exact_linear_check(Gaussian(d), c)
        assert ev.status is Status.REFUTED, (c, d, ev.detail)
        assert ev.counterexample["log_exact"] > ev.counterexample["log_bound"]
    # the old grid (t sqrt(d) <= 8) could not see it
    import numpy as np
    assert exact_linear_check(Gaussian(16), c, xs=np.linspace(0, 8, 161)).status is Status.CONSISTENT
    assert exact_linear_check(Gaussian(16), 1.0).status is Status.CONSISTENT


def test_quarter_constant_refuted_by_monte_carlo():
    ev = family_check(ctx(), Gaussian(16), 0.25, samples=20_000)
    assert ev.status is Status.REFUTED
    assert ev.counterexample["lower"] > ev.counterexample["bound"]


def test_wrong_measure_refuted():
    # Gaussian(d, scale=2) = N(0, 4 I/d) has c = 4; claiming the standard Gaussian's c = 1 fails
    mu = Gaussian(16, scale=2.0)
    assert float(mu.isoperimetry_constant) == 4.0
    assert exact_linear_check(mu, 1.0).status is Status.REFUTED
    assert family_check(ctx(), mu, 1.0, samples=20_000).status is Status.REFUTED
    assert exact_linear_check(mu, 4.0).status is Status.CONSISTENT
    assert exact_linear_check(mu, 3.96).status is Status.REFUTED  # 0.99 * 4, far out in log space
    assert family_check(ctx(), mu, 4.0, samples=20_000).status is Status.CONSISTENT


def test_mutants_all_refuted_with_counterexamples():
    muts = Ledger([ex_gaussian.ex_gaussian]).run_mutants()
    assert len(muts) >= 7
    for m in muts:
        assert m.status is Status.REFUTED and m.evidence.counterexample, (m.step_id, str(m.claim), m.evidence.detail)
    for s in ex_gaussian.ex_gaussian.steps:
        if s.claim.values:
            assert len(s.claim.mutants) >= 2, s.id


def test_step_1_reads_its_claim():
    ok = ex_gaussian.step_1(Context("t", 1e-3, 1, claim=ex_gaussian.STEP_1))
    assert ok.status is Status.VERIFIED
    half = ex_gaussian.STEP_1.replace(p=sp.Rational(1, 2))  # true (Phi^c(x) <= exp(-x^2/2)/2) but not by this route
    assert ex_gaussian.step_1(Context("t", 1e-3, 1, claim=half)).status is Status.INCONCLUSIVE
