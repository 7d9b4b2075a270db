"""Tests of isoper.concentration: the log-space twins agree with mpmath and with the sympy expressions."""

from __future__ import annotations

import math

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from isoper import InvalidParameter
from isoper.concentration import (
    SUBGAUSSIAN_SUM_FACTOR,
    TailBound,
    hoeffding_one_sided,
    hoeffding_two_sided,
    isoperimetric_tail,
    lemma_2_1_bound,
    subgaussian_sum_constant,
    subgaussian_sum_tail,
    subgaussian_tail,
    theorem_2_bound,
    theorem_3_step_2_bound,
    union_bound,
)

ALL = [isoperimetric_tail, subgaussian_tail, subgaussian_sum_tail, hoeffding_one_sided, hoeffding_two_sided,
       lemma_2_1_bound, theorem_2_bound, theorem_3_step_2_bound]


def _mp(x: float) -> mpmath.mpf:
    return mpmath.mpf(x)


# Reference formulas written independently with mpmath (natural log of each bound).
def _ref(bound: TailBound, v: dict) -> mpmath.mpf:
    m = {k: _mp(x) for k, x in v.items()}
    lse = lambda *xs: max(xs) + mpmath.log(mpmath.fsum(mpmath.exp(x - max(xs)) for x in xs))
    name = bound.name
    if name == "isoperimetric_tail":
        return mpmath.log(2) - m["d"] * m["t"] ** 2 / (2 * m["c"] * m["L"] ** 2)
    if name == "subgaussian_tail":
        return mpmath.log(2) - m["t"] ** 2 / m["C"]
    if name == "subgaussian_sum_tail":
        return mpmath.log(2) - m["t"] ** 2 / (18 * m["C"])
    if name == "hoeffding_one_sided":
        return -2 * m["n"] * m["s"] ** 2 / (m["b"] - m["a"]) ** 2
    if name == "hoeffding_two_sided":
        return mpmath.log(2) - 2 * m["n"] * m["s"] ** 2 / (m["b"] - m["a"]) ** 2
    if name == "lemma_2_1_bound":
        first = mpmath.log(2) - m["n"] * m["eps"] ** 2 / 8**3
        return first if m["q"] == 0 else lse(first, mpmath.log(m["q"]))
    if name == "theorem_2_bound":
        return lse(mpmath.log(4 * m["k"]) - m["n"] * m["eps"] ** 2 / (8**3 * m["k"]),
                   mpmath.log(2) + m["log_F"] - m["eps"] ** 2 * m["n"] * m["d"] / (8**4 * m["c"] * m["L"] ** 2))
    if name == "theorem_3_step_2_bound":
        return lse(mpmath.log(4 * m["k"]) - m["n"] * m["eps"] ** 2 / (8**4 * m["k"]),
                   mpmath.log(2) + m["p"] * mpmath.log(60 * m["W"] * m["J"] / m["eps"])
                   - m["eps"] ** 2 * m["n"] * m["d"] / (8**6 * m["c"] * m["L"] ** 2))
    raise AssertionError(name)


CASES = [
    (isoperimetric_tail, dict(d=50, t=0.3, c=1.0, L=1.0)),
    (isoperimetric_tail, dict(d=10**15, t=0.1, c=1.0, L=1.0)),  # bound ~ 1e-2e12
    (isoperimetric_tail, dict(d=7840, t=1.25, c=2.0, L=0.5)),  # ~e^-12250, about 1e-5320
    (subgaussian_tail, dict(t=26.3, C=1.0)),  # ~1e-300
    (subgaussian_tail, dict(t=0.0, C=3.0)),
    (subgaussian_sum_tail, dict(t=9.0, C=4.0)),
    (hoeffding_one_sided, dict(n=1000, s=0.05, a=0.0, b=4.0)),
    (hoeffding_one_sided, dict(n=10**15, s=1e-3, a=-2.0, b=2.0)),
    (hoeffding_two_sided, dict(n=60000, s=0.1, a=-1.0, b=1.0)),
    (lemma_2_1_bound, dict(n=10**6, eps=0.1, q=1e-3)),
    (lemma_2_1_bound, dict(n=10**15, eps=0.5, q=0.0)),
    (lemma_2_1_bound, dict(n=10**15, eps=0.5, q=1e-300)),
    (theorem_2_bound, dict(n=10**6, eps=0.1, k=2, d=1000, c=1.0, L=3.0, log_F=1e5)),
    (theorem_2_bound, dict(n=10**15, eps=0.01, k=10, d=10**4, c=1.0, L=0.1, log_F=0.0)),
    (theorem_3_step_2_bound, dict(n=60000, eps=0.5, k=1, d=784, c=1.0, L=10.0, p=10**6, W=1.0, J=1.0)),
    (theorem_3_step_2_bound, dict(n=10**15, eps=0.1, k=3, d=10**5, c=2.0, L=1.0, p=10**9, W=10.0, J=100.0)),
]


def _close(x: float, ref: mpmath.mpf, rel: float = 1e-12) -> bool:
    # relative, with an absolute floor of rel for logs near 0 (see the module docstring on cancellation)
    return abs(_mp(x) - ref) <= rel * max(abs(ref), 1)


@pytest.mark.parametrize(("bound", "params"), CASES, ids=[f"{b.name}-{i}" for i, (b, _) in enumerate(CASES)])
def test_log_value_matches_mpmath(bound: TailBound, params: dict) -> None:
    with mpmath.workdps(50):
        ref = _ref(bound, params)
        assert _close(bound.log_value(**params), ref)
        hi = bound.log_value(dps=50, **params)
        assert isinstance(hi, mpmath.mpf)
        assert abs(hi - ref) <= mpmath.mpf(10) ** -40 * max(abs(ref), 1)
        assert math.isfinite(bound.log_value(**params))


def test_value_below_float_range() -> None:
    params = dict(d=7840, t=1.25, c=2.0, L=0.5)
    assert isoperimetric_tail.log_value(**params) < -2000
    assert isoperimetric_tail.value(**params) == 0.0  # truly below the smallest double
    with mpmath.workdps(30):
        v = isoperimetric_tail.value(mp=True, **params)
        assert v > 0 and mpmath.log(v) == pytest.approx(isoperimetric_tail.log_value(**params), rel=1e-14)
    ordinary = dict(d=50, t=0.3, c=1.0, L=1.0)
    assert isoperimetric_tail(**ordinary) == pytest.approx(2 * math.exp(-50 * 0.09 / 2), rel=1e-14)
    # a vacuous bound: huge |F|
    assert theorem_2_bound.value(n=100, eps=0.5, k=1, d=10, c=1.0, L=1.0, log_F=1e6) == math.inf


def test_paper_relations() -> None:
    # Hoeffding on z_i^2 in [0, 4] with s = eps/6 gives exp(-n eps^2/288) (Lemma 2.1, step 1).
    n, eps = 12345, 0.3
    assert hoeffding_one_sided.log_value(n=n, s=eps / 6, a=0, b=4) == pytest.approx(-n * eps**2 / 288, rel=1e-14)
    assert hoeffding_two_sided.log_value(n=n, s=0.1, a=-2, b=2) == pytest.approx(
        math.log(2) + hoeffding_one_sided.log_value(n=n, s=0.1, a=-2, b=2), rel=1e-14)
    assert subgaussian_sum_constant(4) == 72.0 and SUBGAUSSIAN_SUM_FACTOR == 18
    # Theorem 2 with a single function (log|F| = 0) and k = 1 is a union of Lemma-2.1-type terms.
    t2 = theorem_2_bound.log_value(n=1000, eps=0.5, k=1, d=100, c=1.0, L=1.0, log_F=0.0)
    assert t2 == pytest.approx(union_bound([math.log(4) - 1000 * 0.25 / 512,
                                            math.log(2) - 0.25 * 1000 * 100 / 4096]), rel=1e-14)


def test_union_bound() -> None:
    assert union_bound([]) == -math.inf
    assert union_bound([-math.inf, math.log(0.3)]) == pytest.approx(math.log(0.3), rel=1e-15)
    assert union_bound([-1e6, -1e6]) == pytest.approx(-1e6 + math.log(2), rel=1e-15)
    assert union_bound([math.inf, 0.0]) == math.inf
    with mpmath.workdps(50):
        r = union_bound([mpmath.mpf(-5000), -5000.0])
        assert isinstance(r, mpmath.mpf) and abs(r - (-5000 + mpmath.log(2))) < mpmath.mpf(10) ** -45


def test_expressions_declare_their_symbols() -> None:
    for bound in ALL:
        assert {s.name for s in bound.expr.free_symbols} == set(bound.params), bound.name
        assert bound.source and bound.latex()
        with pytest.raises(AttributeError):
            bound.name = "x"  # type: ignore[misc]


@st.composite
def _params(draw: st.DrawFn, bound: TailBound) -> dict:
    pos = st.floats(min_value=1e-3, max_value=1e3)
    ints = st.integers(min_value=1, max_value=10**12)
    draws = {
        "d": ints, "n": ints, "k": st.integers(1, 50), "p": st.integers(1, 10**7),
        "t": st.floats(0, 50), "s": st.floats(0, 5), "c": pos, "L": pos, "C": pos, "W": pos, "J": pos,
        "eps": st.floats(min_value=1e-4, max_value=0.9999), "q": st.floats(0, 1), "log_F": st.floats(0, 1e8),
        "a": st.floats(-10, 10),
    }
    out = {}
    for name in bound.params:
        if name == "b":
            out["b"] = out["a"] + draw(st.floats(min_value=1e-2, max_value=10))
        else:
            out[name] = draw(draws[name])
    return out


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_sympy_expression_agrees_with_twin(data: st.DataObject) -> None:
    bound = data.draw(st.sampled_from(ALL))
    params = data.draw(_params(bound))
    # 60-digit Floats (exact binary values of the drawn floats): sympy evaluates numerically as it substitutes;
    # exact Rationals would make sympy's exp() attempt exact arithmetic with astronomically large numbers.
    values = {s: sp.Integer(v) if isinstance(v, int) else sp.Float(v, 60) for s, v in
              ((s, params[s.name]) for s in bound.symbols)}
    with mpmath.workdps(60):
        ref = mpmath.log(mpmath.mpf(str(sp.N(bound.expr.xreplace(values), 60))))
    got = bound.log_value(**params)
    assert _close(got, ref, rel=1e-12), (bound.name, params, got, ref)


@pytest.mark.parametrize(
    ("bound", "params", "exc", "name"),
    [
        (isoperimetric_tail, dict(d=0, t=1.0, c=1.0, L=1.0), InvalidParameter, "d"),
        (isoperimetric_tail, dict(d=2.5, t=1.0, c=1.0, L=1.0), TypeError, "d"),
        (isoperimetric_tail, dict(d=True, t=1.0, c=1.0, L=1.0), TypeError, "d"),
        (isoperimetric_tail, dict(d=3, t=-1.0, c=1.0, L=1.0), InvalidParameter, "t"),
        (isoperimetric_tail, dict(d=3, t=1.0, c=float("nan"), L=1.0), InvalidParameter, "c"),
        (isoperimetric_tail, dict(d=3, t=1.0, c=1.0, L=0.0), InvalidParameter, "L"),
        (isoperimetric_tail, dict(d=3, t=1.0, c=1.0, L=-2.0), InvalidParameter, "L"),
        (isoperimetric_tail, dict(d=3, t=1.0, c=1.0), TypeError, "L"),
        (isoperimetric_tail, dict(d=3, t=1.0, c=1.0, L=1.0, eps=0.1), TypeError, "eps"),
        (subgaussian_tail, dict(t=1.0, C="2"), TypeError, "C"),
        (subgaussian_tail, dict(t=math.inf, C=1.0), InvalidParameter, "t"),
        (hoeffding_one_sided, dict(n=10, s=0.1, a=1.0, b=1.0), InvalidParameter, "b"),
        (hoeffding_two_sided, dict(n=0, s=0.1, a=0.0, b=1.0), InvalidParameter, "n"),
        (lemma_2_1_bound, dict(n=10, eps=1.5, q=0.1), InvalidParameter, "eps"),
        (lemma_2_1_bound, dict(n=10, eps=0.5, q=-0.1), InvalidParameter, "q"),
        (theorem_2_bound, dict(n=10, eps=0.5, k=0, d=3, c=1.0, L=1.0, log_F=0.0), InvalidParameter, "k"),
        (theorem_2_bound, dict(n=10, eps=0.5, k=1, d=3, c=1.0, L=1.0, log_F=-1.0), InvalidParameter, "log_F"),
        (theorem_3_step_2_bound, dict(n=10, eps=0.5, k=1, d=3, c=1.0, L=1.0, p=0, W=1.0, J=1.0),
         InvalidParameter, "p"),
        (theorem_3_step_2_bound, dict(n=10, eps=0.5, k=1, d=3, c=1.0, L=1.0, p=2, W=0.0, J=1.0),
         InvalidParameter, "W"),
    ],
)
def test_invalid_input(bound: TailBound, params: dict, exc: type, name: str) -> None:
    with pytest.raises(exc, match=name):
        bound.log_value(**params)


def test_invalid_input_other_entry_points() -> None:
    with pytest.raises(InvalidParameter, match="dps"):
        isoperimetric_tail.log_value(dps=0, d=3, t=1.0, c=1.0, L=1.0)
    with pytest.raises(InvalidParameter, match="C"):
        subgaussian_sum_constant(0)
    with pytest.raises(InvalidParameter, match=r"log_terms\[1\]"):
        union_bound([0.0, float("nan")])
    with pytest.raises(TypeError, match="log_terms"):
        union_bound("abc")
    with pytest.raises(TypeError, match="log_terms"):
        union_bound(3.0)
