"""bln-conjecture: p = k(d+2), sqrt(nd/p) ~ sqrt(n/k) and the Omega~(sqrt(n/k)) bound from Theorem 3 verified; the
experiment has a criterion that can refute."""

from __future__ import annotations

import bln_conjecture as m
import sympy as sp

from isoper import Context, Ledger, Status

CTX = Context(step_id="t", alpha=1e-3, seed=0)


def test_ledger_as_recorded():
    res = Ledger([m.bln_conjecture]).run()
    assert res.ok, [s.step.id for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence for s in res.statements[0].steps}
    assert st["step-1"].status is Status.VERIFIED and st["step-2"].status is Status.VERIFIED
    assert st["step-3"].status is Status.CONSISTENT
    assert st["conclusion"].status is Status.VERIFIED


def test_wrong_parameter_count_is_caught():
    d = sp.Symbol("d", positive=True, integer=True)
    assert m.check_step_1(CTX, per_neuron=d + 1).status is Status.REFUTED


def test_too_large_constant_in_the_derivation_is_refuted():
    # Theorem 3 at p = k(d+2), c = d/(d-1) gives eps/2^10 sqrt(n/(k(a+b))) exactly at d = 2, not eps/2^9
    assert m.check_conclusion_chain().status is Status.VERIFIED
    assert m.check_conclusion_chain(constant=sp.Rational(1, 2**9)).status is Status.REFUTED
    # a parameter count with p = k d^2 (e.g. a wrong count) does not give sqrt(n/k)
    assert m.check_conclusion_chain(p=m._k * m._d**2).status is Status.REFUTED


def test_conclusion_depends_on_theorem_3(monkeypatch):
    from isoper import Evidence

    monkeypatch.setattr(m, "check_chain_closes", lambda ctx=None: Evidence.refuted("chain broken", method="symbolic", counterexample={"chain": "broken"}))
    assert m.conclusion(Ledger([m.bln_conjecture]).context("bln-conjecture/conclusion")).status is Status.REFUTED


def _rows(lips):
    return [{"k": k, "p": k * 10, "max_fit_error": 1e-9, "lip_lower": lo, "lip_upper": up, "two_point": 3.0,
             "sqrt_n_over_k": (32 / k) ** 0.5, "ratio": lo / (32 / k) ** 0.5} for k, (lo, up) in lips.items()]


def test_experiment_criterion_can_refute():
    # fits whose certified Lipschitz constant falls like 1/k (faster than sqrt(n/k)) refute the experiment's claim
    falling = _rows({8: (12.0, 12.0), 16: (5.0, 5.5), 32: (2.0, 2.9)})
    ev = m.judge_experiment(falling)
    assert ev.status is Status.REFUTED and ev.counterexample["widths"]
    # the measured rows are consistent; widening the brackets makes it undecidable; inexact fits do not count
    rows = m.experiment(CTX)
    assert m.judge_experiment(rows).status is Status.CONSISTENT
    wide = [dict(r, lip_upper=100 * r["lip_upper"]) for r in rows]
    assert m.judge_experiment(wide).status is Status.INCONCLUSIVE
    assert m.judge_experiment(rows, tol=1e-12).status is Status.INCONCLUSIVE


def test_experiment_refutation_through_the_step(monkeypatch):
    # a variant whose fits become 10x smoother at each doubling of the width is refuted by step 3 itself
    real = m.experiment

    def smoother(ctx, **kw):
        rows = real(ctx, **kw)
        out = []
        for i, r in enumerate(sorted(rows, key=lambda r: r["k"])):
            s = 10.0 ** -i
            out.append(dict(r, lip_lower=r["lip_lower"] * s, lip_upper=r["lip_upper"] * s))
        return out

    monkeypatch.setattr(m, "experiment", smoother)
    assert m.step_3(Ledger([m.bln_conjecture]).context("bln-conjecture/step-3")).status is Status.REFUTED
