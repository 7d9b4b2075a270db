"""app-imagenet (Section 1.1): ImageNet, n = 1.4e7 images of about 2e5 pixels, effective dimension "a couple of orders
of magnitude smaller": at least 1e10 to 1e11 parameters, against 1e8 to 1e9 in robust models of the time.

Checked: with d_eff = d/100..d/10 = 2e3..2e4 (isoper's reading of "a couple of orders of magnitude smaller"; an
assumption, not a number the paper prints), n d_eff = 2.8e10..2.8e11, i.e. 1e10 to 1e11 to the nearest power of ten.
The comparison with the model sizes of the time is a statement about the literature and is not checked.
"""

from __future__ import annotations

from fractions import Fraction

from app_mnist import orders

from isoper import Context, Evidence, Statement
from isoper.law import imagenet_parameter_estimate, min_parameters

app_imagenet = Statement(
    id="app-imagenet",
    title="Section 1.1: ImageNet (n = 1.4e7, d ~ 2e5, d_eff ~ d/100..d/10) needs 1e10 to 1e11 parameters",
    source="Bubeck-Sellke 2021, Section 1.1",
    hypotheses=("p >~ n d_eff (constants dropped)", ("d_eff a couple of orders of magnitude below d = 2e5 "
                                                          "(isoper's reading: d/100..d/10)")),
    conclusion="at least 1e10 to 1e11 parameters, against 1e8 to 1e9 in robust models of the time",
    order=9.1,
)


def check_step_1(ctx: Context, *, n: Fraction = Fraction(14000000), d_eff: tuple[Fraction, Fraction] = (
        Fraction(2000), Fraction(20000)), printed: tuple[int, int] = (10, 11)) -> Evidence:
    p, got = orders(n, d_eff)
    lib = imagenet_parameter_estimate((float(d_eff[0]), float(d_eff[1])))
    detail = (f"n d_eff = {float(p[0]):.3g}..{float(p[1]):.3g} -> 1e{got[0]}..1e{got[1]} (exact rationals; "
              f"isoper.law orders {lib.orders}); printed 1e{printed[0]}..1e{printed[1]}")
    if got == printed and lib.orders == got:
        return Evidence.verified(detail)
    return Evidence.refuted(detail, method="symbolic", counterexample={"n d_eff": [float(v) for v in p],
                                                                       "orders": got, "printed": printed})


@app_imagenet.step(1, "n d_eff with d_eff = 2e3..2e4 is 1e10 to 1e11 (to the nearest power of ten)",
                   method="symbolic")
def step_1(ctx: Context) -> Evidence:
    return check_step_1(ctx)


app_imagenet.unchecked(2, "Robust ImageNet models of the time had 1e8 to 1e9 parameters (a statement about the "
                       "literature; not checkable here)")


@app_imagenet.conclusion_step("ImageNet needs at least 1e10 to 1e11 parameters for an O(1)-Lipschitz fit "
                              "(heuristic p ~ n d_eff, d_eff = d/100..d/10)", method="symbolic")
def conclusion(ctx: Context) -> Evidence:
    pmin = min_parameters(lipschitz=1.0, n=14000000, d=2000, eps=0.5, delta=0.01, W=10.0, J=10.0)
    return Evidence.all_of(step_1(ctx), Evidence.verified(
        f"with Theorem 3's printed constants (eps=0.5, delta=0.01, W=J=10, c=1, d_eff=2e3; hypothesis (2) holds) "
        f"the least p for Lip = 1 is {pmin}: the printed figure is the heuristic n d_eff, not the rigorous bound",
        method="symbolic"))
