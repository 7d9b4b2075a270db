"""Tests of isoper.law: Theorem 3's calculator against an independent mpmath evaluation, and its
corollaries."""

from __future__ import annotations

import math

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isoper import InvalidParameter, law

BASE = dict(n=10**6, d=1000, eps=0.5, delta=0.01, W=10.0, J=10.0)


def reference_bound(n, d, p, eps, delta, W, J, c=1.0, *, dps=50):
    """Theorem 3's right-hand side written out independently at ``dps`` digits (the floats' exact binary
    values)."""
    with mpmath.workdps(dps):
        n, d, p, eps, delta, W, J, c = (mpmath.mpf(x) for x in (n, d, p, eps, delta, W, J, c))
        denom = p * mpmath.log(60 * W * J / eps) + mpmath.log(4 / delta)
        return eps / (2**9 * mpmath.sqrt(c)) * mpmath.sqrt(n * d / denom)


CASES = [
    dict(n=10**6, d=1000, p=10**4, eps=0.5, delta=0.01, W=10.0, J=10.0, c=1.0),
    dict(n=60000, d=784, p=10**6, eps=0.9, delta=0.05, W=1.0, J=100.0, c=2.0),
    dict(n=10**15, d=10**6, p=10**12, eps=0.5, delta=1e-9, W=1e3, J=1e6, c=1.0),
    dict(n=1e15, d=3, p=1e12, eps=0.001, delta=1e-9, W=0.5, J=1e-3, c=0.25),
    dict(n=10**18, d=10**9, p=1, eps=0.9, delta=0.5, W=1e300, J=1e8, c=1e-6),
]


@pytest.mark.parametrize("case", CASES, ids=[f"n={c['n']:.0e},p={c['p']:.0e}" for c in CASES])
def test_bound_matches_independent_mpmath(case):
    got = law.lipschitz_lower_bound(**case)
    want = reference_bound(**case)
    assert abs(got - float(want)) <= 1e-9 * float(want)
    assert abs(mpmath.mpf(got) - want) <= 1e-15 * want  # in fact correctly rounded to float precision


def test_bound_decreases_in_p_and_scales_like_sqrt_nd_over_p():
    b1 = law.lipschitz_lower_bound(p=10**4, **BASE)
    b2 = law.lipschitz_lower_bound(p=10**5, **BASE)
    assert b2 < b1
    big = law.lipschitz_lower_bound(n=10**10, d=10**4, p=10**10, eps=0.5, delta=0.01, W=10.0, J=10.0)
    bigger = law.lipschitz_lower_bound(n=10**10, d=10**4, p=4 * 10**10, eps=0.5, delta=0.01, W=10.0, J=10.0)
    assert bigger / big == pytest.approx(0.5, rel=1e-6)  # log(4/delta) is negligible next to p log(60WJ/eps)


def test_k_only_enters_the_hypothesis():
    assert law.lipschitz_lower_bound(p=100, k=3, **BASE) == law.lipschitz_lower_bound(p=100, **BASE)


@pytest.mark.parametrize("lip", [1e-3, 0.01, 0.05, 0.1007, 0.2, 1.0, 10.0])
def test_min_parameters_is_the_least_admissible_p(lip):
    p = law.min_parameters(lipschitz=lip, **BASE)
    assert p >= 1
    assert lip >= law.lipschitz_lower_bound(p=p, **BASE)
    if p > 1:
        assert lip < law.lipschitz_lower_bound(p=p - 1, **BASE)


def test_min_parameters_closed_form_and_extreme_sizes():
    kw = dict(n=10**15, d=10**6, eps=0.5, delta=1e-9, W=1e3, J=1e6)
    lip = 1.0
    p = law.min_parameters(lipschitz=lip, **kw)
    with mpmath.workdps(60):
        a = mpmath.log(60 * mpmath.mpf(10**9) / mpmath.mpf("0.5"))
        b = mpmath.log(4 / mpmath.mpf("1e-9"))
        pstar = (mpmath.mpf(10**21) * mpmath.mpf("0.25") / 2**18 - b) / a
    assert p == int(mpmath.ceil(pstar))
    assert p > 10**12
    # the bound at the returned p sits just under lip
    assert law.lipschitz_lower_bound(p=p, **kw) <= lip < law.lipschitz_lower_bound(p=p - 1, **kw)


def test_min_parameters_vacuous_case_returns_one():
    # a huge Lipschitz constant: the law allows every p >= 1 (p* <= 0)
    assert law.min_parameters(lipschitz=1e6, **BASE) == 1


def test_min_parameters_at_an_exact_integer_boundary():
    p0 = 12345
    lip = law.lipschitz_lower_bound(p=p0, **BASE)
    got = law.min_parameters(lipschitz=lip, **BASE)
    assert got in (p0, p0 + 1)  # lip is bound(p0) rounded to a float: either side of the exact value
    assert lip >= law.lipschitz_lower_bound(p=got, **BASE)


@settings(max_examples=40, deadline=None)
@given(
    logn=st.floats(2, 15),
    logd=st.floats(0, 6),
    loglip=st.floats(-3, 2),
    eps=st.floats(0.01, 0.99),
    delta=st.floats(1e-9, 0.99),
)
def test_min_parameters_property(logn, logd, loglip, eps, delta):
    kw = dict(n=int(10**logn), d=int(10**logd), eps=eps, delta=delta, W=2.0, J=50.0)
    lip = 10**loglip
    p = law.min_parameters(lipschitz=lip, check_hypotheses=False, **kw)
    # p can reach 1e16, where bound(p) and bound(p - 1) agree as floats: compare at 60 digits
    assert lip >= reference_bound(p=p, dps=60, **kw)
    if p > 1:
        assert lip < reference_bound(p=p - 1, dps=60, **kw)


def test_hypothesis_2_failure_is_quoted():
    with pytest.raises(InvalidParameter, match=r"hypothesis \(2\).*4096 k log\(8 k / delta\) <= n eps\^2"):
        law.lipschitz_lower_bound(n=1000, d=10, p=10, eps=0.5, delta=0.01, W=1.0, J=1.0)
    # the formula itself is still available outside the theorem
    v = law.lipschitz_lower_bound(
        n=1000, d=10, p=10, eps=0.5, delta=0.01, W=1.0, J=1.0, check_hypotheses=False
    )
    assert v == pytest.approx(float(reference_bound(1000, 10, 10, 0.5, 0.01, 1.0, 1.0)), rel=1e-12)
    with pytest.raises(InvalidParameter, match="hypothesis"):
        law.min_parameters(lipschitz=1.0, n=1000, d=10, eps=0.5, delta=0.01, W=1.0, J=1.0)


def test_hypothesis_2_boundary_and_k():
    eps, delta, k = 0.5, 0.01, 3
    n_needed = 8**4 * k * math.log(8 * k / delta) / eps**2
    n_ok = math.ceil(n_needed)
    law.lipschitz_lower_bound(n=n_ok, d=10, p=10, eps=eps, delta=delta, W=1.0, J=1.0, k=k)
    with pytest.raises(InvalidParameter, match="hypothesis"):
        law.lipschitz_lower_bound(n=n_ok - 1, d=10, p=10, eps=eps, delta=delta, W=1.0, J=1.0, k=k)
    checks = law.theorem_3_hypotheses(n=n_ok - 1, d=10, eps=eps, delta=delta, W=1.0, J=1.0, k=k)
    assert [h.holds for h in checks] == [False, True]


def test_net_condition_failure():
    with pytest.raises(InvalidParameter, match=r"net.*60 W J > eps"):
        law.lipschitz_lower_bound(n=10**6, d=10, p=10, eps=0.5, delta=0.01, W=1e-3, J=1.0)
    # even without hypothesis checks the inequality cannot be solved for p
    with pytest.raises(InvalidParameter, match="net"):
        law.min_parameters(
            lipschitz=1.0, n=10**6, d=10, eps=0.5, delta=0.01, W=1e-3, J=1.0, check_hypotheses=False
        )


def test_constants_registry():
    K = law.CONSTANTS["printed"]
    assert (K.prefactor, K.net_factor, K.delta_factor, K.hyp_factor, K.hyp_log_factor) == (
        512,
        60,
        4,
        4096,
        8,
    )
    custom = law.LawConstants(
        "test",
        prefactor=2**8,
        net_factor=60,
        delta_factor=4,
        hyp_factor=8**4,
        hyp_log_factor=8,
        source="test",
    )
    a = law.lipschitz_lower_bound(p=100, **BASE)
    b = law.lipschitz_lower_bound(p=100, constants=custom, **BASE)
    assert b == pytest.approx(2 * a, rel=1e-14)
    with pytest.raises(InvalidParameter, match="constants"):
        law.lipschitz_lower_bound(p=100, constants="nonsense", **BASE)


def test_lemma_3_1_and_network_J():
    assert law.lemma_3_1_B_bound(weight_bound=1.0, p=100, Q=1, depth=2) == pytest.approx(100.0)
    assert law.lemma_3_1_B_bound(weight_bound=2.0, p=9, Q=4, depth=3) == pytest.approx(12.0**3)
    # W sqrt(pQ) < 1: the i != 0 terms dominate and the bound stays valid
    assert law.lemma_3_1_B_bound(weight_bound=0.01, p=4, Q=1, depth=3) == pytest.approx(0.02**2)
    assert law.network_J(depth=3, p=1000, Q=1, weight_bound=1.0, input_radius=1.0) == pytest.approx(
        1e9, rel=1e-15
    )
    assert law.network_J(depth=3, p=100, Q=2, weight_bound=1.0, input_radius=1.0, Bbar=5.0) == pytest.approx(
        100.0
    )
    # depth 300, p = 1e12: J overflows a float but its logarithm is available
    with pytest.raises(InvalidParameter, match="network_log_J"):
        law.network_J(depth=300, p=10**12, Q=1, weight_bound=1.0, input_radius=1.0)
    assert law.network_log_J(depth=300, p=10**12, Q=1, weight_bound=1.0, input_radius=1.0) == pytest.approx(
        300 * 12 * math.log(10), rel=1e-14
    )
    # Lemma 3.1 chained versus eq. (3.1): equal at Q = 1, D = 1; (3.1) larger for D >= 2
    for D, Q in [(1, 1), (2, 3), (4, 2)]:
        p, W = 50, 1.5
        B = law.lemma_3_1_B_bound(weight_bound=W, p=p, Q=Q, depth=D)
        chained = law.network_J(depth=D, p=p, Q=Q, weight_bound=W, input_radius=1.0, Bbar=B)
        printed = law.network_J(depth=D, p=p, Q=Q, weight_bound=W, input_radius=1.0)
        assert chained <= printed * (1 + 1e-12)


def test_section_1_1_numbers():
    m = law.mnist_parameter_estimate()
    assert m.p == pytest.approx((9e5, 9e6))
    assert m.orders == m.printed == (6, 7)
    i = law.imagenet_parameter_estimate()
    assert i.p == pytest.approx((2.8e10, 2.8e11))
    assert i.orders == i.printed == (10, 11)
    assert 1e10 <= i.p[0] and i.p[1] < 10**11.5


def argv(line):
    return line.split(" ")


def test_main_bound(capsys):
    rc = law.main_bound(argv("--n 1e6 --d 1000 --p 1e4 --eps 0.5 --delta 0.01 --W 10 --J 10"))
    out = capsys.readouterr().out
    assert rc == 0 and "Lip(f) >= 0.1007608556" in out and out.count("holds") == 2
    rc = law.main_bound(argv("--n 1e3 --d 10 --p 10 --eps 0.5 --delta 0.01 --W 1 --J 1"))
    out = capsys.readouterr().out
    assert rc == 1 and "FAILS: hypothesis (2)" in out and "outside Theorem 3" in out
    rc = law.main_bound(argv("--n 1e6 --d 1000 --lipschitz 0.1 --eps 0.5 --delta 0.01 --W 10 --J 10"))
    assert rc == 0 and "p >= " in capsys.readouterr().out
    rc = law.main_bound(argv("--n 1e6 --d 1000 --p 10 --eps 1.5 --delta 0.01 --W 10 --J 10"))
    assert rc == 2 and "eps" in capsys.readouterr().err
    rc = law.main_bound(argv("--n 1e6 --d 1000 --eps 0.5 --delta 0.01 --W 10 --J 10"))
    assert rc == 2


VALID = dict(n=10**6, d=1000, p=100, eps=0.5, delta=0.01, W=10.0, J=10.0)
INVALID = [
    ("eps", 0.0, InvalidParameter),
    ("eps", 1.0, InvalidParameter),
    ("eps", float("nan"), InvalidParameter),
    ("delta", -0.1, InvalidParameter),
    ("delta", 1.5, InvalidParameter),
    ("delta", "0.1", TypeError),
    ("n", 0, InvalidParameter),
    ("n", 10.5, TypeError),
    ("n", True, TypeError),
    ("n", float("inf"), InvalidParameter),
    ("d", -3, InvalidParameter),
    ("d", None, TypeError),
    ("p", 0, InvalidParameter),
    ("p", 2.5, TypeError),
    ("k", 0, InvalidParameter),
    ("W", 0.0, InvalidParameter),
    ("W", float("inf"), InvalidParameter),
    ("J", -1.0, InvalidParameter),
    ("J", float("nan"), InvalidParameter),
    ("c", 0.0, InvalidParameter),
    ("c", False, TypeError),
    ("check_hypotheses", 1, TypeError),
]


@pytest.mark.parametrize("name,value,exc", INVALID, ids=[f"{r[0]}={r[1]!r}" for r in INVALID])
def test_invalid_inputs_lipschitz_lower_bound(name, value, exc):
    with pytest.raises(exc, match=name):
        law.lipschitz_lower_bound(**{**VALID, name: value})


@pytest.mark.parametrize(
    "fn,kwargs,name",
    [
        (law.min_parameters, {**VALID, "p": None, "lipschitz": 0.0}, "lipschitz"),
        (law.min_parameters, {**VALID, "p": None, "lipschitz": -1.0}, "lipschitz"),
        (law.min_parameters, {**VALID, "p": None, "lipschitz": float("nan")}, "lipschitz"),
        (law.min_parameters, {**VALID, "p": None, "lipschitz": 1.0, "n": 0}, "n"),
        (law.theorem_3_hypotheses, {**VALID, "p": None, "delta": 0.0}, "delta"),
        (law.lemma_3_1_B_bound, dict(weight_bound=0.0, p=1, Q=1, depth=1), "weight_bound"),
        (law.lemma_3_1_B_bound, dict(weight_bound=1.0, p=1, Q=0, depth=1), "Q"),
        (law.lemma_3_1_B_bound, dict(weight_bound=1.0, p=1, Q=1, depth=0), "depth"),
        (law.network_J, dict(depth=1, p=1, Q=1, weight_bound=1.0, input_radius=-1.0), "input_radius"),
        (law.network_J, dict(depth=1, p=1, Q=1, weight_bound=1.0, input_radius=1.0, Bbar=0.0), "Bbar"),
        (law.network_log_J, dict(depth=1.5, p=1, Q=1, weight_bound=1.0, input_radius=1.0), "depth"),
        (law.mnist_parameter_estimate, dict(d_eff=(150.0, 15.0)), "d_eff"),
        (law.imagenet_parameter_estimate, dict(d_eff=(0.0, 15.0)), "d_eff"),
    ],
)
def test_invalid_inputs_other(fn, kwargs, name):
    kwargs = {k: v for k, v in kwargs.items() if not (k == "p" and v is None)}
    with pytest.raises((InvalidParameter, TypeError), match=name):
        fn(**kwargs)


def test_valid_edge_cases_do_not_raise():
    law.lipschitz_lower_bound(
        n=1e15, d=1, p=1e12, eps=1e-3, delta=1e-300, W=1e-3, J=1e3, check_hypotheses=False
    )
    law.lipschitz_lower_bound(n=10**6, d=1, p=1, eps=0.999999, delta=0.999999, W=1.0, J=1.0)
    assert law.min_parameters(lipschitz=1e-300, n=10**6, d=1, eps=0.5, delta=0.5, W=1.0, J=1.0) > 10**300


# ---------------------------------------------------------------------------------------------------------- #
# derived constant sets (registered from isoper.constants)


@pytest.mark.parametrize("name, prefactor", [("corrected", 384), ("optimised", 3840 / (128 - 25 * 2**0.5))])
def test_derived_constant_sets_match_an_independent_formula(name, prefactor):
    import mpmath as mp

    K = law.CONSTANTS[name]
    assert math.isclose(K.prefactor, prefactor, rel_tol=1e-12) and K.positive_part_log
    kw = dict(n=10**6, d=1000, p=10**4, eps=0.5, delta=0.01, W=10, J=10)
    with mp.workdps(50):
        a = max(mp.mpf(0), mp.log(mp.mpf(K.net_factor) * 10 * 10 / mp.mpf("0.5")))
        ref = mp.mpf("0.5") / prefactor * mp.sqrt(mp.mpf(10**9) / (10**4 * a + mp.log(K.delta_factor / mp.mpf("0.01"))))
    got = law.lipschitz_lower_bound(**kw, constants=name)
    assert abs(got - float(ref)) <= 1e-9 * float(ref)
    assert got > law.lipschitz_lower_bound(**kw)  # the derived sets are stronger than the printed one


def test_derived_sets_need_no_net_condition_and_min_parameters_handles_a_flat_bound():
    kw = dict(n=10**6, d=1000, eps=0.5, delta=0.01, W=1e-4, J=1.0)  # 60 W J < eps: log_+ = 0
    with pytest.raises(ValueError, match="net"):
        law.lipschitz_lower_bound(p=10, **kw)
    b = law.lipschitz_lower_bound(p=10, constants="corrected", **kw)
    assert b == law.lipschitz_lower_bound(p=10**6, constants="corrected", **kw)  # independent of p
    assert law.min_parameters(lipschitz=2 * b, constants="corrected", **kw) == 1
    with pytest.raises(ValueError, match="no p satisfies"):
        law.min_parameters(lipschitz=b / 2, constants="corrected", **kw)
