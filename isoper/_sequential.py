r"""Checks that size themselves: draw chunks until an anytime-valid confidence sequence decides, or a budget ends.

The error rate does not depend on when the loop stops: each side's bound comes from a confidence sequence (Robbins'
beta-binomial mixture for counts, :mod:`isoper._bounds`; a betting confidence sequence for bounded importance
weights, :mod:`isoper._importance`) that covers at every chunk end simultaneously with the stated probability (Ville's
inequality), so stopping at the first decided chunk, at ``max_samples`` or at ``time_limit`` keeps it.

Determinism: chunk j has a fixed size (``sizes``) and draws from its own stream ``SeedSequence(seed, (stage, j))``;
chunks may run in parallel (threads or Dask), but their results are folded in chunk order and the verdict is looked at
after every chunk, so the stopping chunk, and the result, depend only on the seed (and on the time limit if it is
what ended the run, which the result records).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from ._bounds import MixturePrior, mixture_interval, mixture_log_martingale, cp_lower, cp_upper

SEQUENTIAL_STAGE = 3
FIRST_CHUNK = 1024
GROWTH = 1.25


def chunk_sizes(cap: int, total: int) -> Iterator[tuple[int, int, int]]:
    """(j, start, size) with sizes 1024, 1280, 1600, ... growing by 1.25 up to ``cap``, covering ``total`` draws.

    Small first chunks keep the overshoot past the deciding draw small (at most a quarter of the draws so far)."""
    j = start = 0
    size = float(min(FIRST_CHUNK, cap))
    while start < total:
        m = min(int(size), cap, total - start)
        yield j, start, m
        start += m
        j += 1
        size = min(size * GROWTH, cap)


class Fold(Protocol):
    """Sequential state: folds chunk results in chunk order and reads the current verdict off them."""

    def add(self, part: Any, m: int) -> None: ...

    def decide(self) -> Any: ...

    def bounds(self) -> tuple[float, float]: ...


def run(
    fn: Callable[[tuple[int, int, int]], Any], fold: Fold, *, cap: int, max_samples: int, time_limit: float | None,
    batch: int, map_chunks: Callable[[Callable, list], list], undecided: Any, stop_when_decided: bool = True,
) -> dict[str, Any]:
    """Draw chunk after chunk (``batch`` at a time in parallel), fold them in order, stop at the first decided chunk.

    Returns {"used", "lower", "upper", "verdict", "chunks", "stopped"} where stopped is "decided", "max_samples" or
    "time_limit". The verdict is looked at after every chunk; the interval is read off the fold once, at the end.
    """
    start = time.perf_counter()
    used = n_chunks = 0
    verdict = undecided
    sizes = chunk_sizes(cap, max_samples)
    stopped = ""
    while not stopped:
        pending = [c for _, c in zip(range(batch), sizes)]
        if not pending:
            stopped = "max_samples"
            break
        for c, part in zip(pending, map_chunks(fn, pending)):
            fold.add(part, c[2])
            used += c[2]
            n_chunks += 1
            verdict = fold.decide()
            if verdict != undecided and stop_when_decided:
                stopped = "decided"
                break
        if not stopped and time_limit is not None and time.perf_counter() - start > time_limit:
            stopped = "time_limit"
    lower, upper = fold.bounds()
    return {"used": used, "lower": lower, "upper": upper, "verdict": verdict, "chunks": n_chunks, "stopped": stopped}


def batch_for(workers: int, backend: Any) -> int:
    """Chunks drawn in parallel before the next look: two per worker (the wasted work is under one batch)."""
    return max(2, 2 * workers) if backend is None else 8


# -------------------------------------------------------------------------------------------------------------
# counts: Robbins' mixture per side

class CountFold:
    """Counts of the events (mid, inner, outer) with confidence sequences at level ``a_side`` for each side.

    lower comes from the inner count (its event lies inside the true event), upper from the outer count (a superset);
    with a known centre the three coincide.
    """

    def __init__(self, bound: float, a_side: float, verdict_for: Callable, direction: str = "<=") -> None:
        self.prior = MixturePrior(min(max(bound, 1e-12), 0.5) if bound < 1 else 0.5)
        self.a_side = a_side
        self.verdict_for = verdict_for
        self.bound = bound
        self.direction = direction
        self.sums = (0, 0, 0)
        self.n = 0

    def add(self, part: tuple[int, int, int], m: int) -> None:
        self.sums = tuple(a + b for a, b in zip(self.sums, part))  # type: ignore[assignment]
        self.n += m

    def decide(self) -> Any:
        """The verdict of the sequential test at the bound: the bound has left the confidence sequence (on the
        side the claim is about), i.e. M_n(bound) >= 1/a with the event frequency on the far side of the bound.
        Equivalent to verdict_for on the sequence's interval (log M_n is convex with its minimum at s/n)."""
        b, n, thr = self.bound, self.n, math.log(1 / self.a_side)
        if self.direction == "<=" and b >= 1:
            return self.verdict_for(0.0, 1.0, b, self.direction)
        s_in, s_out = self.sums[1], self.sums[2]
        bc = min(b, 1.0)
        low_out = s_in / n > bc and mixture_log_martingale(self.prior, s_in, n, bc) >= thr  # P > bound
        high_out = s_out / n < bc and mixture_log_martingale(self.prior, s_out, n, bc) >= thr  # P < bound
        if self.direction == "<=":
            lo, hi = (math.nextafter(bc, 2.0) if low_out else 0.0), (bc if high_out else 1.0)
        else:
            lo, hi = (bc if low_out else 0.0), (math.nextafter(bc, -1.0) if high_out else 1.0)
        return self.verdict_for(lo, max(lo, hi), b, self.direction)

    def bounds(self) -> tuple[float, float]:
        """The confidence sequence's interval, made to agree with the verdict to the last bit (the root-finder's
        tolerance could otherwise leave an end a hair on the other side of the bound)."""
        lo = mixture_interval(self.prior, self.sums[1], self.n, self.a_side)[0]
        hi = mixture_interval(self.prior, self.sums[2], self.n, self.a_side)[1]
        v, b = str(self.decide()), min(self.bound, 1.0)
        if self.direction == "<=":
            lo = max(lo, math.nextafter(b, 2.0)) if v == "violated" else lo
            hi = min(hi, b) if v == "holds" else hi
        else:
            lo = max(lo, b) if v == "holds" else lo
            hi = min(hi, math.nextafter(b, -1.0)) if v == "violated" else hi
        return lo, max(lo, hi)


def _decides_cs(prior: MixturePrior, p: float, n: int, bound: float, a_side: float) -> bool:
    s = int(round(p * n))
    return bool(mixture_log_martingale(prior, s, n, bound) >= math.log(1 / a_side))


def _decides_cp(p: float, n: int, bound: float, a_side: float) -> bool:
    s = int(round(p * n))
    return cp_lower(s, n, a_side) > bound or cp_upper(s, n, a_side) <= bound


def draws_to_decide(p: float, bound: float, a_side: float, *, n0: int = 1, sequential: bool = True,
                    limit: float = 1e15) -> int | None:
    """The least n >= n0 at which a run whose event frequency is exactly p would decide the claim ``<= bound``
    (with the confidence sequence if ``sequential``, else the fixed-n Clopper-Pearson test); None beyond ``limit``.

    This is the "how many draws would likely decide" of an inconclusive result (p = the current estimate), and the
    fixed-n comparison of the calibration benchmark (p = the exact probability).
    """
    if not (0 < p < 1) or p == bound or not (0 <= bound):
        return None
    prior = MixturePrior(min(max(bound, 1e-12), 0.5))
    test = (lambda n: _decides_cs(prior, p, n, bound, a_side)) if sequential else \
        (lambda n: _decides_cp(p, n, bound, a_side))
    n = max(n0, 1)
    if test(n):
        return n
    hi = n
    while not test(hi):
        hi *= 2
        if hi > limit:
            return None
    lo = hi // 2
    while hi - lo > max(1, lo // 1000):
        mid = (lo + hi) // 2
        if test(mid):
            hi = mid
        else:
            lo = mid
    return hi
