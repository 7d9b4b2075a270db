"""Claims as data: rendering, validation, mutants, and the status rules the ledger enforces."""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction

import pytest
import sympy as sp

from isoper import (
    Chain,
    Claim,
    Context,
    Evidence,
    Inequality,
    InvalidParameter,
    Ledger,
    Mutant,
    Statement,
    Status,
)
from isoper.certify import check_inequality
from isoper.cli import main as cli_main


def test_claim_renders_its_values():
    c = Claim("P(S >= t) <= exp(-n eps^2/{const}) at threshold {thr} eps", {"const": 8**3, "thr": Fraction(1, 3)})
    assert str(c) == "P(S >= t) <= exp(-n eps^2/512) at threshold (1/3) eps"
    assert c.const == 512 and c["thr"] == Fraction(1, 3)
    assert str(c.replace(const=288)).startswith("P(S >= t) <= exp(-n eps^2/288)")
    with pytest.raises(AttributeError, match="no value"):
        _ = c.missing


def test_every_value_is_rendered_and_every_field_defined():
    with pytest.raises(InvalidParameter, match="must appear in the claim's text"):
        Claim("exp(-n eps^2/512)", {"const": 512})
    with pytest.raises(InvalidParameter, match="values must define"):
        Claim("exp(-n eps^2/{const})", {})
    with pytest.raises(InvalidParameter, match="not values of the claim"):
        Claim("{a}", {"a": 1}, mutants=(Mutant({"b": 2}, "why"),))


def test_plain_string_claims_still_work_and_braces_are_literal():
    st = Statement("toy", "toy", "here")

    @st.step(1, "the set {0, 1} has two points", method="symbolic")
    def _one(ctx):
        return Evidence.verified("counted", method="symbolic") if len({0, 1}) == 2 else Evidence.inconclusive("?",
                                                                                                           method="x")

    assert st.steps[0].text == "the set {0, 1} has two points"
    assert st.steps[0].claim.mutants == ()


def test_inequality_claim_feeds_certify():
    c = Inequality("x^2 + {a} >= 2 x on the reals", {"a": 1}, lhs="x**2 + a", op=">=", rhs="2*x",
                   domain={"x": (-10, 10)}, mutants=(Mutant({"a": Fraction(1, 2)}, "at x = 1: 1.5 < 2"),))
    assert check_inequality(*c.expressions()[:3], c.expressions()[3]).status == "verified"
    ((_, bad),) = c.mutated()
    lhs, op, rhs, dom = bad.expressions()
    r = check_inequality(lhs, op, rhs, dom)
    assert r.status == "refuted" and r.counterexample


def test_chain_evaluates_in_order():
    ch = Chain("K1 = {k1}, K2 = {k2}", {"k1": sp.Integer(8) ** 3, "k2": sp.Symbol("k1") * sp.Symbol("s") ** 2})
    out = ch.evaluate(s=3)
    assert out == {"k1": 512, "k2": 4608}


# ------------------------------------------------------------------------------------------------------------
# the ledger's rules

def _toy(checker_ignores_claim: bool, refute_without_cex: bool = False) -> Statement:
    st = Statement("toy", "toy statement", "tests")
    claim = Claim("for all x in [0, 1]: x^2 <= {c} x", {"c": 1},
                  mutants=(Mutant({"c": Fraction(1, 2)}, "x = 1: 1 > 1/2"), Mutant({"c": 0}, "x = 1: 1 > 0")))

    @st.step(1, claim, method="exact", cites=("arithmetic",))
    def _step(ctx: Context) -> Evidence:
        c = 1 if checker_ignores_claim else ctx.claim.c
        xs = [Fraction(k, 10) for k in range(11)]
        bad = [x for x in xs if x * x > c * x]
        if not bad:
            return Evidence.verified(f"x^2 <= {c} x at 11 points and x^2 - c x = x(x - c) <= 0 on [0, c]",
                                     method="exact")
        if refute_without_cex:
            return Evidence.refuted("fails somewhere", method="exact")
        return Evidence.refuted(f"x = {bad[-1]}", method="exact", counterexample={"x": str(bad[-1])})

    @st.conclusion_step(Claim("the step's constant is {c}", {"c": 1}), method="exact")
    def _conclusion(ctx: Context) -> Evidence:
        c = ctx.claim_of("toy/step-1").c
        return (Evidence.verified("read from step 1", method="exact") if c == ctx.claim.c
                else Evidence.refuted("step 1 says otherwise", method="exact", counterexample={"step-1 c": str(c)}))

    return st


def test_mutants_are_refuted_by_a_checker_that_reads_its_claim():
    res = Ledger([_toy(False)]).run(mutants=True)
    assert res.ok and len(res.mutants) == 2
    assert all(m.status is Status.REFUTED and m.evidence.counterexample for m in res.mutants)
    d = res.to_dict()
    assert {"step", "mutant", "why_false", "status", "counterexample"} <= set(d["mutants"][0])
    assert d["summary"]["mutation"] == [{"statement": "toy", "generated": 2, "refuted": 2, "inconclusive": 0,
                                         "survived": 0, "time": pytest.approx(d["summary"]["mutation"][0]["time"])}]


def test_a_checker_that_ignores_its_claim_lets_mutants_survive():
    res = Ledger([_toy(True)]).run(mutants=True)
    assert not res.ok and len(res.survivors) == 2
    assert {m.step_id for m in res.survivors} == {"toy/step-1"}


def test_refuted_without_a_counterexample_is_reported_inconclusive():
    res = Ledger([_toy(False, refute_without_cex=True)]).run(mutants=True)
    assert all(m.status is Status.INCONCLUSIVE for m in res.mutants)
    assert "without a counterexample" in res.mutants[0].evidence.detail


def test_step_json_has_counterexample_and_cites():
    res = Ledger([_toy(False)]).run()
    step = res.to_dict()["statements"][0]["steps"][0]
    assert step["counterexample"] is None and step["cites"] == ["arithmetic"]
    assert step["claim"] == "for all x in [0, 1]: x^2 <= 1 x"
    counts = res.counts()
    assert counts["verified from cited theorems"] == 1 and counts["verified from scratch"] == 1


def test_a_wrong_step_moves_the_conclusion_that_reads_it():
    ledger = Ledger([_toy(False)])
    conclusion = ledger.statements[0].steps[-1].checker
    assert conclusion(ledger.context("toy/conclusion")).status is Status.VERIFIED
    ctx = ledger.context("toy/conclusion")
    wrong = Context(ctx.step_id, ctx.alpha, ctx.seed, claim=ctx.claim,
                    claims={**ctx.claims, "toy/step-1": ctx.claims["toy/step-1"].replace(c=2)})
    assert conclusion(wrong).status is Status.REFUTED


def test_only_with_an_unknown_id_is_an_error():
    with pytest.raises(InvalidParameter, match="unknown ids"):
        Ledger([_toy(False)]).run(only=["no-such-id"])


def _module(tmp_path, ignores: bool) -> str:
    body = textwrap.dedent(f"""
        from fractions import Fraction
        from isoper import Claim, Evidence, Mutant, Statement

        toy = Statement("toy", "toy", "tests")

        @toy.step(1, Claim("x^2 <= {{c}} x on [0, 1]", {{"c": 1}}, mutants=(Mutant({{"c": 0}}, "x = 1"),)),
                  method="exact")
        def step(ctx):
            c = {1 if ignores else "ctx.claim.c"}
            if all(Fraction(k, 4) ** 2 <= c * Fraction(k, 4) for k in range(5)):
                return Evidence.verified("5 points and x(x - c) <= 0", method="exact")
            return Evidence.refuted("x = 1", method="exact", counterexample={{"x": 1}})

        @toy.conclusion_step("done", method="exact")
        def conclusion(ctx):
            return Evidence.verified("nothing to derive", method="exact") if ctx.claim else None
    """)
    f = tmp_path / "toy_statement.py"
    f.write_text(body)
    return str(f)


def test_cli_mutants_exit_codes_and_json(tmp_path, capsys):
    out = tmp_path / "l.json"
    assert cli_main(["verify", _module(tmp_path, False), "--mutants", "--json", str(out), "--quiet"]) == 0
    data = json.loads(out.read_text())
    assert data["mutants"][0]["status"] == "refuted" and data["mutants"][0]["counterexample"] == {"x": 1}
    assert cli_main(["verify", _module(tmp_path, True), "--mutants", "--quiet"]) == 1
    assert "MUTANT SURVIVED" in capsys.readouterr().err
    assert cli_main(["verify", _module(tmp_path, False), "--only", "no-such-id", "--quiet"]) == 2
