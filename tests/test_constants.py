"""Tests of isoper.constants: the chain's constants, the optimum, the bound functions, the CLI face."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from isoper import InvalidParameter
from isoper import constants as K


@pytest.fixture(scope="module")
def table():
    return {r.name: r for r in K.constant_table()}


def test_corrected_chain_values(table):
    expect = {
        "lem.threshold": sp.Rational(1, 4), "lem.hoeffding_z2": 288, "thm2.subgaussian_X": 2,
        "thm2.subgaussian_sum": 144, "thm2.a2": 9216, "thm2.a1": 512, "thm3.net_scale": sp.Rational(1, 8),
        "thm3.transfer_at_printed_scale": sp.Rational(2, 3), "thm3.net_factor": 24, "thm3.step2_first": 2048,
        "thm3.step2_second": 147456, "thm3.hyp_factor": 2048, "thm3.prefactor": 384,
    }
    for key, value in expect.items():
        assert sp.simplify(table[key].chain - value) == 0, key


def test_printed_values_and_which_follow(table):
    assert table["thm3.prefactor"].printed == 2**9 and table["thm3.prefactor"].printed_ok
    assert table["thm3.step2_second"].printed == 8**6 and table["thm3.step2_second"].printed_ok
    assert not table["thm2.a2"].printed_ok          # 8^4 < 9216 with the paper's choices
    assert not table["thm2.subgaussian_X"].printed_ok
    assert not table["lem.threshold"].printed_ok
    assert not table["thm3.transfer_at_printed_scale"].printed_ok


def test_theorem_2_printed_constants_reachable_by_other_choices(table):
    # with slacks eps/8 and split 3 eps/16 + eps/8 the scheme gives exactly 8^3 and 8^4, even with C = 2
    assert table["thm2.a2"].optimised == 8**4 and table["thm2.a1"].optimised == 8**3


def test_optimum_closed_form_matches_scipy(table):
    closed = float(K.thm3_optimal_prefactor_expr().subs({K.C_sg: 2, K.K_sum: 18}))
    assert math.isclose(closed, 3840 / (128 - 25 * math.sqrt(2)), rel_tol=1e-12)
    assert math.isclose(float(table["thm3.prefactor"].optimised), closed, rel_tol=1e-12)
    assert table["thm3.hyp_factor"].optimised == 8**4 and table["thm3.net_factor"].optimised == 60
    num = K.optimise_numerically(starts=6)
    assert num["prefactor"] >= closed * (1 - 1e-7)
    assert math.isclose(num["prefactor"], closed, rel_tol=1e-5)


def test_bound_functions():
    kw = {"n": 10**6, "d": 1000, "p": 10**4, "eps": 0.5, "delta": 0.01, "W": 10.0, "J": 10.0}
    printed = K.law_bound_printed(**kw)
    assert math.isclose(printed, 0.5 / 512 * math.sqrt(1e9 / (1e4 * math.log(60 * 100 / 0.5) + math.log(400))))
    assert K.law_bound_corrected(**kw) > printed
    assert K.law_bound_optimised(**kw) > K.law_bound_corrected(**kw)


def test_bound_invalid_inputs():
    kw = {"n": 10**6, "d": 1000, "p": 10, "eps": 0.5, "delta": 0.01, "W": 10.0, "J": 10.0}
    for name, bad in (("eps", 1.5), ("delta", 0.0), ("n", 0), ("W", -1.0), ("c", float("nan"))):
        with pytest.raises(InvalidParameter, match=name):
            K.law_bound(**{**kw, name: bad})
    with pytest.raises(InvalidParameter, match="constants"):
        K.law_bound(**kw, constants="best")
    with pytest.raises(InvalidParameter, match="hypothesis"):
        K.law_bound(**{**kw, "n": 10})


def test_main_constants(capsys):
    assert K.main_constants([]) == 0
    assert "prefactor" in capsys.readouterr().out
    assert K.main_constants(["--latex"]) == 0
    assert r"\begin{tabular}" in capsys.readouterr().out


def test_chain_is_data_and_derive_follows_given_values():
    """The chain is a Chain claim; derive() evaluates it and a value a step's claim states replaces the chain's own."""
    from isoper import Chain

    assert isinstance(K.CHAIN, Chain) and K.CHAIN.kind == "chain"
    v = K.derive()
    assert (v["lem_threshold"], v["thm2_a2"], v["thm3_prefactor"], v["thm3_net_factor"]) == (
        sp.Rational(1, 4), 9216, 384, 24)
    w = K.derive(lem_threshold=sp.Rational(1, 6))  # a weaker Lemma 2.1 moves Theorems 2 and 3
    assert w["thm2_a2"] == 20736 and w["thm3_prefactor"] == 576
    assert K.derive({K.K_sum: 36})["thm3_prefactor"] == 384 * sp.sqrt(2)
    assert K.derive(K.THM2_OPTIMAL_CHOICES)["thm2_a2"] == 4096 and K.derive(K.THM2_OPTIMAL_CHOICES)["thm2_a1"] == 512
    with pytest.raises(InvalidParameter, match="not constants of the chain"):
        K.derive(nonsense=1)


def test_imports_do_no_symbolic_work_and_law_does_not_import_constants():
    import subprocess
    import sys

    code = ("import sys, isoper.law, isoper.constants as K; "
            "print(K._derive.cache_info().currsize, K.constant_table.cache_info().currsize, "
            "K._law_constant_sets.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["0", "0", "0"]
    code = "import sys, isoper.law as L; L.lipschitz_lower_bound(n=10**6, d=10, p=10, eps=0.5, delta=0.1, W=1, J=1); " \
           "print('isoper.constants' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"  # the printed set needs no chain; derived sets load it on first use


def test_isoper_constants_fits_80_columns(capsys):
    assert K.main_constants([]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(s) for s in lines) <= 80
    assert any("prefactor" in s and "384" in s for s in lines)
    assert K.main_constants(["--notes"]) == 0
    assert max(len(s) for s in capsys.readouterr().out.splitlines()) <= 80
