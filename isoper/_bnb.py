"""Branch and bound over a box with rigorous enclosures (the engine behind ``certify.certify_interval``).

Claim: ``g >= 0`` (``g > 0`` if strict) on a closed box. Each box gets a lower bound of ``g`` that is the best of

* the natural interval extension of ``g`` (``_arb``'s enclosures);
* the monotonicity reduction: where the enclosure of ``dg/dx_j`` over the box has a sign, the minimum of ``g`` lies
  on the face ``x_j = lo_j`` (``>= 0``) or ``x_j = hi_j`` (``<= 0``), so that side is replaced by the point;
* the mean-value (centred) form on the reduced box: ``g(c) + sum_j G_j (X_j - c_j)`` with ``G_j`` the enclosure of
  ``dg/dx_j`` over the box (a valid enclosure by the mean-value theorem, and second-order tight on small boxes).

A box whose lower bound clears the threshold is certified; otherwise its centre (after reduction) is checked for a
violation (the caller confirms it at higher precision), and the box is split along the variable with the largest
``|G_j| width_j`` (the widest in asinh scale where no derivative is known; infinite sides first). The work is bounded
by the number of box evaluations, never by the clock: the deadline is a safety net, checked once per box.
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from flint import arb

from . import _arb
from ._arb import Fn, Interval

Point = list[arb]


@dataclass
class Outcome:
    """What the search over boxes found (the caller turns it into a Proof)."""

    status: str  # "verified", "refuted", "inconclusive"
    evaluated: int = 0
    certified: int = 0
    by_mono: int = 0
    by_mvf: int = 0
    needed_tol: int = 0
    touching: int = 0
    undefined: int = 0
    open_boxes: list[list[Interval]] = field(default_factory=list)
    budget_left: bool = True
    timed_out: bool = False
    point: Point | None = None
    value: object = None
    how: str = ""


def _f(v: arb) -> float:
    """A float near an exact arb (for heuristics and reporting only)."""
    if not v.is_finite():
        return math.inf if v > 0 else -math.inf
    try:
        return float(v.mid())  # saturates to +-inf / 0 outside the double range, which heuristics tolerate
    except (OverflowError, ValueError):
        return math.inf if v > 0 else -math.inf


def split_point(a: arb, b: arb) -> arb | None:
    """Where to bisect [a, b]: the asinh-midpoint (geometric on wide positive ranges, arithmetic on narrow ones);
    an infinite side is cut at 2a + 1 (2b - 1) or 0. ``None`` when no dyadic number lies strictly inside."""
    with _arb.precision(53):
        if not a.is_finite() and not b.is_finite():
            m = arb(0)
        elif not b.is_finite():
            m = (2 * a + 1).mid() if a >= 0 else arb(0)
            if a < 0 and a > -1:
                m = arb(1)
        elif not a.is_finite():
            m = (2 * b - 1).mid() if b <= 0 else arb(0)
            if 0 < b < 1:
                m = arb(-1)
        else:
            m = ((a.asinh() + b.asinh()) / 2).sinh().mid()
            if not (a < m < b):
                with _arb.precision(max(64, 2 * 53)):
                    m = ((a + b) / 2).mid()
    return m if (a < m < b) else None


def _asinh_width(a: arb, b: arb) -> float:
    if not (a.is_finite() and b.is_finite()):
        return math.inf
    with _arb.precision(53):
        return _f((b.asinh() - a.asinh()).upper())


def volume(box: Sequence[Interval], dims: Sequence[int]) -> float:
    """The box's volume in the compactified coordinates arctan(asinh(x)) (for reporting the undecided share)."""
    out = 1.0
    for j in dims:
        a, b = box[j]
        fa, fb = _f(a), _f(b)
        out *= math.atan(math.asinh(fb)) - math.atan(math.asinh(fa)) if fb != fa else 0.0
    return out


def _derivative(chain: Sequence[Fn], k: int, box: list[Interval], j: int, special: Sequence[arb] = ()
                ) -> Interval | None:
    """An enclosure of the (k+1)-th partial derivative in x_j over the box: its natural extension, intersected, when
    that has no sign, with the Taylor forms at both ends of the side, ``D_k(a) + D_{k+1}(X) [0, w]`` and
    ``D_k(b) - D_{k+1}(X) [0, w]`` (``chain[k+1]`` enclosed the same way, recursively). Near a corner where the
    claim is tight to high order (``sin x >= x - x^3/6`` at 0) this certifies the sign the plain extension misses."""
    nat = _arb.evaluate(chain[k], box)
    if (nat is not None and (nat[0] >= 0 or nat[1] <= 0)) or k + 1 >= len(chain):
        return nat
    a, b = box[j]
    if not (a.is_finite() and b.is_finite()):
        return nat
    if k == 0 and not any(a == v or b == v for v in special):
        return nat  # Taylor forms only at the points where a claim is typically tight (the root's ends and 0)
    ends = []
    for end in (a, b):
        face = list(box)
        face[j] = (end, end)
        ends.append(_arb.evaluate(chain[k], face))
    at_a, at_b = ends
    # a sign on the side needs the same sign (or an exact 0) at an end; opposite strict signs: no sign, stop here
    if at_a is None or at_b is None or (at_a[0] > 0 and at_b[1] < 0) or (at_a[1] < 0 and at_b[0] > 0):
        return nat
    higher = _derivative(chain, k + 1, box, j, special)
    if higher is None:
        return nat
    best = nat
    with _arb.precision(53):
        w = (_arb.ZERO, (b - a).upper())
        try:
            step = _arb.mul(higher, w)
        except _arb.Undefined:
            return nat
        for at, sign in ((at_a, 1), (at_b, -1)):
            try:
                enc = _arb.add(at, step if sign == 1 else _arb.neg(step))
            except _arb.Undefined:
                continue
            if best is None:
                best = enc
            else:
                lo = max(enc[0], best[0])
                hi = min(enc[1], best[1])
                if lo > hi:  # cannot happen for valid enclosures; keep the natural one
                    continue
                best = (lo, hi)
    return best


def search(g_fn: Fn, grads: Sequence[Fn | list[Fn] | None], root: list[Interval], *, strict: bool, tol: arb,
           max_boxes: int, deadline: float, idle: set[int], confirm: Callable[[Point], object | None],
           use_mvf: bool = True) -> Outcome:
    """Certify ``g >= -tol`` (``> -tol`` if strict) on ``root`` or find a confirmed violation (see module doc)."""
    out = Outcome("inconclusive")
    thr = -tol

    def ok(lo: arb) -> bool:
        return bool(lo > thr) if strict else bool(lo >= thr)

    def violates(iv: Interval | None) -> bool:
        return iv is not None and (bool(iv[1] <= 0) if strict else bool(iv[1] < 0))

    chains: list[list[Fn]] = [[] if gr is None else ([gr] if not isinstance(gr, list) else gr) for gr in grads]
    special = [(a, b, arb(0)) for a, b in root]
    heap: list[tuple[float, int, list[Interval]]] = [(-math.inf, 0, root)]
    counter = 0
    stuck: list[list[Interval]] = []
    while heap:
        if out.evaluated >= max_boxes:
            out.budget_left = False
            break
        if time.monotonic() > deadline:
            out.timed_out = True
            break
        _, _, box = heapq.heappop(heap)
        out.evaluated += 1
        nat = _arb.evaluate(g_fn, box)
        lower = nat[0] if nat is not None else None
        if lower is not None and ok(lower):
            out.certified += 1
            out.needed_tol += bool(lower <= 0 if strict else lower < 0)
            continue
        # derivative enclosures over the box: monotonicity reduction and the mean-value form
        G = [(_derivative(chains[j], 0, box, j, special[j]) if chains[j] and box[j][0] != box[j][1] else None)
             for j in range(len(box))]
        red = list(box)
        for j, gj in enumerate(G):
            if gj is None:
                continue
            a, b = box[j]
            if gj[0] >= 0 and a.is_finite():
                red[j] = (a, a)
            elif gj[1] <= 0 and b.is_finite():
                red[j] = (b, b)
        reduced = any(r is not bx for r, bx in zip(red, box))
        how = ""
        if reduced:
            rb = _arb.evaluate(g_fn, red)
            if rb is not None and (lower is None or rb[0] > lower):
                lower, how = rb[0], "mono"
        centre: Point | None = None
        gc: Interval | None = None
        if all(_arb.is_finite(r) for r in red):
            centre = []
            for a, b in red:
                m = a if a == b else split_point(a, b)
                centre.append(a if m is None else m)
            gc = _arb.evaluate(g_fn, [(c, c) for c in centre])
            flat = [j for j, r in enumerate(red) if r[0] != r[1]]
            if use_mvf and gc is not None and flat and all(G[j] is not None for j in flat):
                try:
                    with _arb.precision(53):
                        acc = gc
                        for j in flat:
                            acc = _arb.add(acc, _arb.mul(G[j], _arb.add(red[j], (-centre[j], -centre[j]))))
                    if lower is None or acc[0] > lower:
                        lower, how = acc[0], "mvf"
                except _arb.Undefined:
                    pass
        if lower is not None and ok(lower):
            out.certified += 1
            out.by_mono += how == "mono"
            out.by_mvf += how == "mvf"
            out.needed_tol += bool(lower <= 0 if strict else lower < 0)
            continue
        if lower is not None and strict and tol.is_zero() and lower.is_zero():
            out.touching += 1
            continue
        if lower is None:
            out.undefined += 1
        if centre is not None and violates(gc):
            value = confirm(centre)
            if value is not None:
                out.status, out.point, out.value = "refuted", centre, value
                out.how = ("the centre of an uncertified box" + (" (after the monotonicity reduction)"
                                                                 if reduced else "") + " violates the claim")
                return out
        # split the most useful side
        best, best_score = None, -1.0
        for j, (a, b) in enumerate(box):
            if j in idle or a == b:
                continue
            if split_point(a, b) is None:
                continue
            if not (a.is_finite() and b.is_finite()):
                score = math.inf
            else:
                w = _asinh_width(a, b)
                gj = G[j]
                if gj is not None and _arb.is_finite(gj):
                    mag = max(abs(_f(gj[0])), abs(_f(gj[1])))
                    signed = gj[0] >= 0 or gj[1] <= 0
                    score = (_f(b) - _f(a)) * mag * (1e-6 if signed else 1.0) + 1e-300 * w
                    if not math.isfinite(score):
                        score = w
                else:
                    score = w
            if score > best_score:
                best, best_score = j, score
        if best is None:
            stuck.append(box)
            continue
        m = split_point(*box[best])
        assert m is not None
        key = _f(lower) if lower is not None else -math.inf
        for half in ((box[best][0], m), (m, box[best][1])):
            child = list(box)
            child[best] = half
            counter += 1
            heapq.heappush(heap, (key, counter, child))
    out.open_boxes = [b for _, _, b in heap] + stuck
    if not out.open_boxes and out.touching == 0:
        out.status = "verified"
    return out
