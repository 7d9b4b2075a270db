"""prop-subgaussian-sum: 18C is verified via the derived factor 8 log 3; factors 1 and 2 are refuted."""

from __future__ import annotations

import prop_subgaussian_sum as mod
import sympy as sp

from isoper import Context, Ledger, Status


def test_ledger():
    res = Ledger([mod.prop_subgaussian_sum]).run()
    assert res.ok, [s.evidence.detail for s in res.unexpected]
    st = {s.step.id.split("/")[1]: s.evidence.status for s in res.statements[0].steps}
    assert st["conclusion"] is Status.VERIFIED
    assert st["step-6"] is Status.CONSISTENT
    assert all(st[f"step-{i}"] is Status.VERIFIED for i in range(1, 6))


def test_derived_constants():
    assert sp.simplify(mod.DERIVED["sum_factor"] - 8 * sp.log(3)) == 0
    assert float(mod.DERIVED["sum_factor_lower"]) < float(mod.DERIVED["sum_factor"]) < 18


def test_wrong_factors_caught():
    assert mod.check_factor_symbolic(8).status is not Status.VERIFIED  # 8 < 8 log 3: the derivation does not give it
    assert mod.rademacher_exact(1.0).status is Status.REFUTED       # exact: n = 16, t = 3
    assert mod.check_small_n(3).status is not Status.VERIFIED
    ev = mod.attack(Context("t", 1e-4, 3), 2.0)
    assert ev.status is Status.REFUTED
