"""Shared by the statement tests: the total alpha a checker hands to the Monte Carlo engine."""

from __future__ import annotations

import isoper.montecarlo as mc


def alphas_spent(monkeypatch, checker, context, modules=()) -> list[float]:
    """Run ``checker(context)`` recording the alpha every Monte Carlo entry point receives."""
    spent: list[float] = []

    def wrap(fn):
        def inner(*a, **k):
            spent.append(k.get("alpha", 1e-6))
            return fn(*a, **k)
        return inner

    monkeypatch.setattr(mc, "check_concentration", wrap(mc.check_concentration))
    for mod in modules:
        for name in ("check_trials", "check_concentration"):
            if hasattr(mod, name):
                monkeypatch.setattr(mod, name, wrap(getattr(mod, name)))
    checker(context)
    return spent
