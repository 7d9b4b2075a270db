r"""The checking engine: exact and anytime-valid confidence bounds on probabilities, streamed in chunks, seeded.

A probability claim ``P(E) <= bound`` is tested with a confidence interval [lower, upper] for P(E):

* ``"violated"`` when lower > bound: for a true claim this happens with probability at most alpha/2;
* ``"holds"`` when upper <= bound: for a false claim this happens with probability at most alpha/2;
* ``"inconclusive"`` otherwise (the result then says about how many more draws would likely decide).

Three routes give the interval:

* ``samples=N``: N draws and the exact Clopper-Pearson interval (exact at every n: :mod:`isoper._bounds`);
* ``samples=None`` (the default), direct: draw chunk after chunk until Robbins' beta-binomial mixture confidence
  sequence decides, or ``max_samples`` / ``time_limit`` is reached (:mod:`isoper._sequential`); the sequence covers
  at every n at once, so stopping when the verdict is clear keeps the error rates above;
* importance sampling (``method="importance"``, or "auto" for small bounds where supported): a defensive-mixture
  proposal with weights bounded on the event by a computed constant, and a betting confidence sequence for the
  bounded weighted indicators (:mod:`isoper._importance`). No route uses a normal approximation.

When the centre E f(X) of a concentration claim is unknown, it is estimated on an independent first sample by a
median of means whose failure probability is an exact binomial tail (given a variance bound from the measure's
Poincare constant and f's Lipschitz constant, or a known range of f), and the two events
{|f - m| >= t} for m at the ends of the centre's interval sandwich the true event; the alpha budget is split
between the centre (alpha/2) and the two one-sided bounds (alpha/4 each), so the interval still covers with
probability at least 1 - alpha.

Randomness: draws come in chunks; chunk j of stage s draws from ``SeedSequence(seed, spawn_key=(s, j))`` (fixed n:
stage 1 with chunks whose size depends only on the dimension; self-sizing: stage 3 with chunks growing from 1024;
importance: stage 4, its pilot stage 5). Chunks may run on threads or a Dask cluster, but are folded in chunk order,
so a result is a deterministic function of the seed and the arguments, whatever the order or the process in which
chunks run (a self-sizing run stopped by ``time_limit`` records that it was). Memory is one batch of chunks at a time.
"""

from __future__ import annotations

import enum
import math
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

import mpmath
import numpy as np
from numpy.typing import NDArray
from scipy import optimize, stats
from threadpoolctl import threadpool_limits

from ._bounds import cp_lower, cp_upper
from ._validate import (
    InvalidParameter,
    check_bool,
    check_int,
    check_nonnegative,
    check_open_unit,
    check_pair,
    check_positive,
    check_probability,
    check_real,
    check_seed,
)
from .measures import Measure
from ._importance import Tail
from .testing import record as _record

__all__ = [
    "Verdict",
    "CheckResult",
    "binomial_interval",
    "verdict_for",
    "check_concentration",
    "check_event",
    "check_trials",
    "default_samples",
    "chunk_size",
    "chunk_rng",
    "isoperimetric_bound",
    "check_isoperimetry",
]

CENTRE_STAGE, COUNT_STAGE = 0, 1


class Verdict(str, enum.Enum):
    """The outcome of a Monte Carlo check of a claim about a probability."""

    HOLDS = "holds"
    VIOLATED = "violated"
    INCONCLUSIVE = "inconclusive"

    def __str__(self) -> str:
        return self.value


def binomial_interval(k: int, n: int, alpha: float) -> tuple[float, float]:
    """Exact two-sided Clopper-Pearson interval for a binomial proportion at confidence 1 - alpha.

    Each side misses with probability at most alpha/2, for every n and every true proportion.
    """
    n = check_int("n", n, minimum=1)
    k = check_int("k", k, minimum=0)
    if k > n:
        raise InvalidParameter(f"k={k} must be <= n={n}")
    alpha = check_open_unit("alpha", alpha)
    return _cp_lower(k, n, alpha / 2), _cp_upper(k, n, alpha / 2)


def _cp_lower(k: int, n: int, a: float) -> float:
    """One-sided lower Clopper-Pearson bound: P(bound > p) <= a (exact at every n; see isoper._bounds)."""
    return cp_lower(int(k), int(n), float(a))


def _cp_upper(k: int, n: int, a: float) -> float:
    """One-sided upper Clopper-Pearson bound: P(bound < p) <= a (exact at every n; see isoper._bounds)."""
    return cp_upper(int(k), int(n), float(a))


def verdict_for(lower: float, upper: float, bound: float, direction: str = "<=") -> Verdict:
    """The verdict on the claim P <= bound (or P >= bound) given a confidence interval [lower, upper] for P."""
    lower, upper = check_probability("lower", lower), check_probability("upper", upper)
    if lower > upper:
        raise InvalidParameter(f"lower={lower!r} must be <= upper={upper!r}")
    bound = check_nonnegative("bound", bound)
    if direction == "<=":
        if lower > bound:
            return Verdict.VIOLATED
        if upper <= bound:
            return Verdict.HOLDS
    elif direction == ">=":
        if upper < bound:
            return Verdict.VIOLATED
        if lower >= bound:
            return Verdict.HOLDS
    else:
        raise InvalidParameter(f"direction must be '<=' or '>=', got {direction!r}")
    return Verdict.INCONCLUSIVE


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a Monte Carlo check of ``P(event) <= bound`` (or ``>=``) at confidence 1 - alpha."""

    claim: str
    verdict: Verdict
    estimate: float
    lower: float
    upper: float
    bound: float
    count: int
    samples: int
    alpha: float
    seed: int
    direction: str = "<="
    center: float | None = None
    center_interval: tuple[float, float] | None = None
    center_samples: int = 0
    elapsed: float = field(default=0.0, compare=False)
    call: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def holds(self) -> bool:
        return self.verdict is Verdict.HOLDS

    @property
    def violated(self) -> bool:
        return self.verdict is Verdict.VIOLATED

    @property
    def reproduce(self) -> str:
        """How to reproduce this result exactly."""
        if self.extra.get("stopped") is not None:  # a self-sizing run: same seed, a budget at least what it used
            return (f"{self.call or 'rerun the check'} with seed={self.seed} (self-sizing; stopped after "
                    f"{self.samples} samples: {self.extra['stopped']}; max_samples={self.samples} reproduces it)")
        return f"{self.call or 'rerun the check'} with seed={self.seed}, samples={self.samples}"

    def __repr__(self) -> str:
        centre = ""
        if self.center_interval is not None:
            lo, hi = self.center_interval
            centre = f", center~{self.center:.6g} in [{lo:.6g}, {hi:.6g}] ({self.center_samples} samples)"
        elif self.center is not None:
            centre = f", center={self.center:.6g}"
        return (
            f"CheckResult({self.claim!r}: {self.verdict.value}; estimate={self.estimate:.4g}, "
            f"{1 - self.alpha:.6g}-interval=[{self.lower:.4g}, {self.upper:.4g}] vs bound {self.bound:.4g}; "
            f"{self.count}/{self.samples} samples{centre}; seed={self.seed}{self._more_text()})"
        )

    def _more_text(self) -> str:
        if self.verdict is not Verdict.INCONCLUSIVE or "more_samples" not in self.extra:
            return ""
        more = self.extra["more_samples"]
        if more is None:
            return "; no feasible number of further draws is likely to decide (the estimate sits on the bound)"
        return f"; about {more:.3g} more draws would likely decide"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["verdict"] = self.verdict.value
        out["center_interval"] = list(self.center_interval) if self.center_interval else None
        return out

    def _repr_html_(self) -> str:  # Jupyter
        from .report import check_html

        return check_html(self)


# -------------------------------------------------------------------------------------------------------------
# streaming

def chunk_size(d: int) -> int:
    """Samples per chunk: about 32 MB of float64 per chunk, between 1024 and 65536 samples."""
    return int(min(65536, max(1024, (1 << 22) // check_int("d", d, minimum=1))))


def chunk_rng(seed: int, stage: int, j: int) -> np.random.Generator:
    """The generator of chunk ``j`` of ``stage``: independent streams from one seed (numpy SeedSequence)."""
    seed, stage, j = (check_int(name, v, minimum=0) for name, v in (("seed", seed), ("stage", stage), ("j", j)))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(stage, j)))


def _chunks(total: int, size: int) -> Iterator[tuple[int, int, int]]:
    """(chunk index, start, length) covering range(total)."""
    j = 0
    for start in range(0, total, size):
        yield j, start, min(size, total - start)
        j += 1


def default_workers() -> int:
    """Threads used by the engine: the machine's cores (numpy releases the GIL while sampling and in ufuncs)."""
    return max(1, min(os.cpu_count() or 1, 8))


def _map_chunks(
    fn: Callable[[tuple[int, int, int]], Any], chunks: list[tuple[int, int, int]], workers: int | None,
    backend: Any = None,
) -> list[Any]:
    """[fn(chunk) for chunk in chunks], in chunk order, on up to ``workers`` threads or on a Dask cluster.

    Each chunk draws from its own stream and partial results are combined in chunk order, so the outcome does not
    depend on the number of threads, nor on where the chunks ran.
    """
    if backend is not None:
        from ._dask import map_chunks_dask

        return map_chunks_dask(fn, chunks, backend)
    w = default_workers() if workers is None else workers
    if w <= 1 or len(chunks) <= 1:
        return [fn(c) for c in chunks]
    # One BLAS thread per engine thread: with the BLAS library's own threads on top, the cores are oversubscribed and
    # matrix products (a ReLU net's layers) run slower than on one engine thread (measured in benchmarks/).
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(max_workers=min(w, len(chunks))) as pool:
        return list(pool.map(fn, chunks))


def _looks(n_chunks: int, early_stop: bool) -> list[tuple[int, float]]:
    """(chunks done, share of the error budget) at each look at the data.

    Without early stopping: one look at the end with the whole budget. With it: looks after ceil(M/2^k) of the M
    chunks (k = 10, ..., 1, 0); the last look gets half the budget and each earlier one half of the next, so the shares
    sum to less than 1 and, by the union bound over looks, the verdict still errs with probability at most alpha.
    """
    if not early_stop or n_chunks <= 1:
        return [(n_chunks, 1.0)]
    done = sorted({-(-n_chunks // 2**k) for k in range(0, min(10, n_chunks.bit_length()) + 1)})
    m = len(done)
    return [(c, 0.5 ** (m - i)) for i, c in enumerate(done)]


def _sequential(
    fn: Callable[[tuple[int, int, int]], tuple[int, ...]], total: int, csize: int, *, workers: int | None,
    backend: Any, early_stop: bool, decide: Callable[[tuple[int, ...], int, float], tuple[float, float, Verdict]],
) -> tuple[tuple[int, ...], int, float, float, Verdict, int]:
    """Count in chunks, looking at the verdict at the scheduled looks; stop at the first decided look.

    Returns (summed counts, samples used, lower, upper, verdict, number of looks made).
    """
    chunks = list(_chunks(total, csize))
    sums: tuple[int, ...] | None = None
    used = done = 0
    looks = _looks(len(chunks), early_stop)
    for i, (upto, share) in enumerate(looks):
        parts = _map_chunks(fn, chunks[done:upto], workers, backend)
        for c in chunks[done:upto]:
            used += c[2]
        done = upto
        for part in parts:
            sums = part if sums is None else tuple(a + b for a, b in zip(sums, part))
        assert sums is not None
        lower, upper, verdict = decide(sums, used, share)
        if verdict is not Verdict.INCONCLUSIVE or i == len(looks) - 1:
            return sums, used, lower, upper, verdict, i + 1
    raise AssertionError("unreachable")


def _fresh_seed(seed: int | None) -> int:
    if seed is not None:
        return seed
    return int(np.random.SeedSequence().entropy) % (2**63)


def default_samples(bound: float, alpha: float) -> int:
    """A default budget: about 30 log(2/alpha)/bound draws, clamped to [1e5, 2e6].

    With that many draws a claim that is false by a factor 1.5 or more is usually refuted, and a true claim with
    room to spare usually confirmed; pass ``samples`` for tighter claims.
    """
    bound = check_nonnegative("bound", bound)
    alpha = check_open_unit("alpha", alpha)
    if bound <= 0:
        return 2_000_000
    want = 30.0 * math.log(2.0 / alpha) / min(bound, 1.0)
    return int(min(2_000_000, max(100_000, math.ceil(want))))


def _evaluate(f: Callable[[NDArray[np.float64]], Any], x: NDArray[np.float64], seed: int, what: str) -> NDArray:
    y = np.asarray(f(x))
    if y.shape != (x.shape[0],):
        raise InvalidParameter(
            f"{what} must map an (N, d) array to an (N,) array; given shape {x.shape} it returned shape {y.shape}"
        )
    return y


def _values(f, x, seed) -> NDArray[np.float64]:
    y = _evaluate(f, x, seed, "f")
    if not np.issubdtype(y.dtype, np.number) or np.iscomplexobj(y):
        raise TypeError(f"f must return real numbers, got dtype {y.dtype}")
    if not np.all(np.isfinite(y)):
        raise InvalidParameter(f"f returned NaN or inf (seed={seed}); f must be finite on the support of the measure")
    return y.astype(np.float64, copy=False)


# -------------------------------------------------------------------------------------------------------------
# the centre: median of means with an exact binomial failure probability

@lru_cache(maxsize=256)
def _mom_design(alpha: float) -> tuple[int, float]:
    """Blocks K and per-block Chebyshev miss probability q with P(Bin(K, q) >= K/2) <= alpha, minimising K/q.

    If each block mean misses m by more than r with probability at most q (Chebyshev: q = V K/(N r^2)), the median
    misses by more than r only if at least half the blocks miss: an exact binomial tail.
    """
    best: tuple[float, int, float] | None = None
    for K in range(1, 400, 2):
        need = K // 2 + 1  # misses needed for the median to miss
        g = lambda q: stats.binom.sf(need - 1, K, q) - alpha  # noqa: E731
        if g(0.5) < 0:
            q = 0.5
        else:
            q = optimize.brentq(g, 1e-300, 0.5, xtol=1e-15)
        q *= 1 - 1e-9  # stay on the safe side of the root
        score = K / q
        if best is None or score < best[0]:
            best = (score, K, q)
    assert best is not None
    return best[1], best[2]


def _centre_interval(
    f, measure: Measure, n1: int, seed: int, alpha_c: float, variance_bound: float | None,
    value_range: tuple[float, float] | None, workers: int | None = None, backend: Any = None,
) -> tuple[float, float, float]:
    """(estimate, lower, upper) for E f(X), covering with probability >= 1 - alpha_c."""
    csize = chunk_size(measure.dim)
    if value_range is not None:  # Hoeffding on the plain mean
        lo, hi = value_range

        def part_sum(chunk: tuple[int, int, int]) -> float:
            j, _, m = chunk
            y = _values(f, measure.sample(m, chunk_rng(seed, CENTRE_STAGE, j)), seed)
            if np.any(y < lo) or np.any(y > hi):
                raise InvalidParameter(f"f left value_range=({lo}, {hi}) (seed={seed})")
            return float(y.sum())

        mean = math.fsum(_map_chunks(part_sum, list(_chunks(n1, csize)), workers, backend)) / n1
        r = (hi - lo) * math.sqrt(math.log(2 / alpha_c) / (2 * n1))
        return mean, mean - r, mean + r
    assert variance_bound is not None
    K, q = _mom_design(alpha_c)
    if n1 < 10 * K:
        raise InvalidParameter(
            f"center_samples={n1} is too small to estimate the centre at this alpha: need at least {10 * K}"
        )

    def block_sums(chunk: tuple[int, int, int]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        j, start, m = chunk
        y = _values(f, measure.sample(m, chunk_rng(seed, CENTRE_STAGE, j)), seed)
        block = (np.arange(start, start + m, dtype=np.int64) * K) // n1
        return np.bincount(block, weights=y, minlength=K), np.bincount(block, minlength=K).astype(np.float64)

    sums = np.zeros(K)
    counts = np.zeros(K)
    for s_, c_ in _map_chunks(block_sums, list(_chunks(n1, csize)), workers, backend):  # combined in chunk order: deterministic
        sums += s_
        counts += c_
    means = sums / counts
    # each block has at least floor(n1/K) samples; Chebyshev radius for miss probability q
    r = math.sqrt(variance_bound / (math.floor(n1 / K) * q))
    med = float(np.median(means))
    return med, med - r, med + r


# -------------------------------------------------------------------------------------------------------------
# self-sizing checks: budget, routes, the centre's sample, the sequential count

DEFAULT_MAX_SAMPLES = 10**9
DEFAULT_TIME_LIMIT = 600.0
IMPORTANCE_BELOW = 1e-3  # "auto" uses importance sampling for claimed bounds below this (where supported)


def _check_method(method: Any) -> str:
    if method not in ("auto", "direct", "importance"):
        raise InvalidParameter(f"method must be 'auto', 'direct' or 'importance', got {method!r}")
    return str(method)


def _check_budget(max_samples: Any, time_limit: Any) -> tuple[int, float | None]:
    n = DEFAULT_MAX_SAMPLES if max_samples is None else check_int("max_samples", max_samples, minimum=1)
    if time_limit is None:
        return n, DEFAULT_TIME_LIMIT
    return n, check_positive("time_limit", time_limit, allow_inf=True)


def _route(method: str, measure: Measure, f: Any, bound: float, sequential: bool) -> str:
    """The route that runs: "importance" when asked (and supported), or under "auto" for small bounds."""
    if method == "direct":
        return "direct"
    from ._importance import supported

    why = supported(measure, f)
    if method == "importance":
        if why:
            raise InvalidParameter(f"method='importance' is not available here: {why}")
        return "importance"
    return "importance" if sequential and not why and 0 < bound < IMPORTANCE_BELOW else "direct"


def _sequential_centre_samples(t: float, bound: float, alpha_c: float, variance_bound: float | None,
                               value_range: tuple[float, float] | None, max_samples: int) -> int:
    """Draws for the centre of a self-sizing check: enough that the centre's interval (radius r) moves the tail
    by about 5%. For a tail b ~ exp(-t^2/(2 s^2)), P(|f - m| >= t - r) / P(>= t) ~ exp(t r / s^2) = exp((r/t) 2 log(2/b)),
    so r = 0.05 t / (2 log(2/b)). The centre's radius is then Chebyshev within median-of-means (or Hoeffding)."""
    b = min(max(bound, 1e-300), 0.5)
    r = 0.05 * max(t, 1e-12) / max(1.0, 2 * math.log(2 / b))
    if value_range is not None:
        need = (value_range[1] - value_range[0]) ** 2 * math.log(2 / alpha_c) / (2 * r * r)
        floor_ = 1000
    else:
        assert variance_bound is not None
        K, q = _mom_design(alpha_c)
        need = K / q * variance_bound / (r * r)
        floor_ = 10 * K
    return int(min(max(need, floor_, 10_000), max(max_samples // 4, floor_), 5 * 10**7))


def _more(p: float, bound: float, a_side: float, used: int, *, sequential: bool) -> int | None:
    """About how many more draws would decide, if the event frequency stayed at p (None: beyond 1e15 draws, or p
    sits on the bound). With no event seen yet, p is taken as half an event."""
    from ._sequential import draws_to_decide

    p = max(p, 0.5 / max(used, 1))
    n = draws_to_decide(min(p, 1 - 1e-12), bound, a_side, n0=used, sequential=sequential)
    return None if n is None else max(n - used, 0)


def _sequential_count(measure: Measure, f: Any, t: float, bound: float, m_hat: float, m_lo: float, m_hi: float,
                      estimated: bool, a_side: float, seed: int, max_samples: int, time_limit: float | None,
                      workers: int | None, backend: Any) -> dict[str, Any]:
    """Direct route, self-sizing: count the events chunk by chunk under Robbins' mixture confidence sequences."""
    from ._sequential import SEQUENTIAL_STAGE

    def count(chunk: tuple[int, int, int]) -> tuple[int, int, int]:
        j, _, m = chunk
        y = _values(f, measure.sample(m, chunk_rng(seed, SEQUENTIAL_STAGE, j)), seed)
        c_mid = int(np.count_nonzero(np.abs(y - m_hat) >= t))
        if not estimated:
            return c_mid, c_mid, c_mid
        return (c_mid, int(np.count_nonzero((y >= m_hi + t) | (y <= m_lo - t))),
                int(np.count_nonzero((y >= m_lo + t) | (y <= m_hi - t))))

    return _run_counts(count, chunk_size(measure.dim), bound, a_side, "<=", max_samples, time_limit, workers,
                       backend, estimated)


def _run_counts(count: Callable, cap: int, bound: float, a_side: float, direction: str, max_samples: int,
                time_limit: float | None, workers: int | None, backend: Any, estimated: bool) -> dict[str, Any]:
    from ._sequential import CountFold, batch_for, run

    fold = CountFold(bound, a_side, verdict_for, direction)
    w = default_workers() if workers is None else workers
    res = run(count, fold, cap=cap, max_samples=max_samples, time_limit=time_limit, batch=batch_for(w, backend),
              map_chunks=lambda fn, cs: _map_chunks(fn, cs, workers, backend), undecided=Verdict.INCONCLUSIVE)
    mid, inner, outer = fold.sums
    used = res["used"]
    out: dict[str, Any] = {"verdict": res["verdict"], "estimate": mid / used, "lower": res["lower"],
                           "upper": res["upper"], "count": mid, "used": used, "stopped": res["stopped"],
                           "chunks": res["chunks"], "max_samples": max_samples, "time_limit": time_limit,
                           "confidence_sequence": "Robbins beta-binomial mixture"}
    if estimated:
        out.update(inner_count=inner, outer_count=outer)
    if res["verdict"] is Verdict.INCONCLUSIVE:
        out["more_samples"] = _more(mid / used, bound, a_side, used, sequential=True)
    return out


# -------------------------------------------------------------------------------------------------------------
# public checks

def check_concentration(
    measure: Measure,
    f: Callable[[NDArray[np.float64]], NDArray[np.float64]],
    *,
    t: float,
    bound: float,
    center: float | None = None,
    alpha: float = 1e-6,
    samples: int | None = None,
    seed: int | None = None,
    lipschitz: float | None = None,
    variance_bound: float | None = None,
    value_range: tuple[float, float] | None = None,
    center_samples: int | None = None,
    workers: int | None = None,
    backend: Any = None,
    early_stop: bool = False,
    method: Literal["auto", "direct", "importance"] = "auto",
    max_samples: int | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    r"""Test the claim :math:`P(|f(X) - E f(X)| \ge t) \le` ``bound`` for X ~ ``measure``.

    Args:
        measure: the law of X (an :class:`isoper.measures.Measure`).
        f: maps an (N, d) array to an (N,) array of real values.
        t: the deviation, t >= 0.
        bound: the claimed upper bound on the probability (>= 0; a bound >= 1 is vacuous and holds).
        center: E f(X) if known. Otherwise it is estimated on ``center_samples`` independent draws with a rigorous
            interval, which needs one of: ``lipschitz`` (or an attribute ``f.lipschitz``) together with the
            measure's Poincare constant, ``variance_bound`` >= Var f(X), or ``value_range`` = (lo, hi) containing
            every value of f.
        alpha: the error rate: a true claim is reported "violated" with probability at most alpha (and the
            reported interval covers the probability with probability at least 1 - alpha).
        samples: draws used to count deviations. None (the default): the check sizes itself, drawing until an
            anytime-valid confidence sequence decides (Robbins' beta-binomial mixture on the counts, or a betting
            confidence sequence under importance sampling), or until ``max_samples`` draws or ``time_limit``
            seconds; stopping whenever it is decided keeps the error rate at most alpha. An integer N: exactly N
            draws and the exact Clopper-Pearson interval (the behaviour before sequential checks).
        method: "direct" (draw from the measure and count), "importance" (a defensive-mixture proposal tuned on an
            independent pilot, :mod:`isoper._importance`; Gaussian measures with f an
            :class:`isoper.testfunctions.Linear` or a centred :class:`isoper.testfunctions.Norm`), or "auto":
            importance sampling when ``samples`` is None, the bound is below 1e-3 and the pair is supported.
        max_samples: the budget of a self-sizing check (default 1e9 draws).
        time_limit: seconds after which a self-sizing check stops undecided (default 600).
        seed: makes the result bit-identical across runs; drawn fresh (and recorded) when None.
        workers: threads to use (default: the machine's cores); the result does not depend on it.
        backend: None (threads in this process), ``"dask"`` (a Dask cluster: the current client, or a LocalCluster
            started on first use) or a ``dask.distributed.Client``; the result is the same for the same seed.
        early_stop: look at the verdict after 1/1024, ..., 1/4, 1/2 and all of the budget and stop at the first
            decided look; the error budget is spent geometrically over the looks (half at the last), so the verdict
            still errs with probability at most alpha. ``samples`` in the result is what was used.

    Returns:
        A :class:`CheckResult` with ``verdict``, ``estimate``, ``lower``, ``upper``, ``samples`` and ``seed``.

    Examples:
        >>> from isoper import Gaussian, check_concentration
        >>> import numpy as np
        >>> d = 64; mu = Gaussian(d); f = lambda x: x[:, 0] * np.sqrt(d)   # sqrt(d)-Lipschitz, N(0,1)
        >>> r = check_concentration(mu, f, t=2.0, bound=0.05, center=0.0, samples=200_000, seed=1)
        >>> r.verdict.value, round(r.estimate, 3)
        ('holds', 0.046)
    """
    if not isinstance(measure, Measure):
        raise TypeError(f"measure must be an isoper Measure, got {type(measure).__name__}")
    if not callable(f):
        raise TypeError("f must be callable, mapping an (N, d) array to an (N,) array")
    t = check_nonnegative("t", t)
    bound = check_nonnegative("bound", bound)
    alpha = check_open_unit("alpha", alpha)
    seed_ = _fresh_seed(check_seed("seed", seed))
    early_stop = check_bool("early_stop", early_stop)
    method = _check_method(method)
    sequential = samples is None and not early_stop
    n2 = default_samples(bound, alpha) if samples is None else check_int("samples", samples, minimum=1)
    max_samples, time_limit = _check_budget(max_samples, time_limit)
    if workers is not None:
        workers = check_int("workers", workers, minimum=1)
    if center is not None:
        center = check_real("center", center)
    if lipschitz is None:
        lipschitz = getattr(f, "lipschitz", None)
    if lipschitz is not None:
        lipschitz = check_nonnegative("lipschitz", lipschitz)
    if variance_bound is not None:
        variance_bound = check_nonnegative("variance_bound", variance_bound)
    if center_samples is not None:
        center_samples = check_int("center_samples", center_samples, minimum=1)
    if value_range is not None:
        lo, hi = check_pair("value_range", value_range)
        if not lo <= hi:
            raise InvalidParameter(f"value_range=({lo}, {hi}) must have lo <= hi")
        value_range = (lo, hi)
    call = f"check_concentration({type(measure).__name__}(d={measure.dim}), f, t={t!r}, bound={bound!r}, alpha={alpha!r})"
    claim = f"P(|f - Ef| >= {t:.6g}) <= {bound:.6g}"
    start = time.perf_counter()

    if center is None:
        if value_range is None and variance_bound is None:
            cp = measure.poincare_constant
            if lipschitz is None or cp is None:
                raise InvalidParameter(
                    "center is None and cannot be estimated rigorously: pass center=E f(X), or lipschitz=L "
                    f"(with a measure that knows its Poincare constant; {type(measure).__name__} "
                    f"{'does' if cp is not None else 'does not'}), variance_bound=V >= Var f(X), or value_range=(lo, hi)"
                )
            variance_bound = cp * lipschitz**2
        if center_samples is not None:
            n1 = center_samples
        elif sequential:
            n1 = _sequential_centre_samples(t, bound, alpha / 2, variance_bound, value_range, max_samples)
        else:
            n1 = n2 // 4
        n1 = max(n1, 1)
        m_hat, m_lo, m_hi = _centre_interval(f, measure, n1, seed_, alpha / 2, variance_bound, value_range,
                                              workers, backend)
        a_side = alpha / 4
    else:
        n1 = 0
        m_hat = m_lo = m_hi = center
        a_side = alpha / 2

    route = _route(method, measure, f, bound, sequential)
    if route == "importance" or sequential:
        if route == "importance":
            from ._importance import importance_check

            out = importance_check(
                measure, f, t=t, bound=bound, m_hat=m_hat, m_lo=m_lo, m_hi=m_hi, a_side=a_side, seed=seed_,
                samples=None if sequential else n2, max_samples=max_samples, time_limit=time_limit,
                workers=workers, backend=backend, map_chunks=_map_chunks, verdict_for=verdict_for,
            )
        else:
            out = _sequential_count(measure, f, t, bound, m_hat, m_lo, m_hi, bool(n1), a_side, seed_, max_samples,
                                    time_limit, workers, backend)
        out.update(route=route)
        if n1:
            out.setdefault("centre_width", m_hi - m_lo)
        return _record(CheckResult(
            claim=claim, verdict=out.pop("verdict"), estimate=out.pop("estimate"), lower=out.pop("lower"),
            upper=out.pop("upper"), bound=bound, count=out.pop("count"), samples=out.pop("used"), alpha=alpha,
            seed=seed_, center=m_hat, center_interval=(m_lo, m_hi) if n1 else None, center_samples=n1,
            elapsed=time.perf_counter() - start,
            call=call[:-1] + f", method={route!r}" + ("" if sequential else f", samples={n2}") + ")", extra=out,
        ))

    # count, in one pass: the inner event {|f - m| >= t for every m in [m_lo, m_hi]} (subset of the true event),
    # the outer event {|f - m| >= t for some m in [m_lo, m_hi]} (superset), and the point estimate's event.
    def count(chunk: tuple[int, int, int]) -> tuple[int, int, int]:
        j, _, m = chunk
        y = _values(f, measure.sample(m, chunk_rng(seed_, COUNT_STAGE, j)), seed_)
        c_mid = int(np.count_nonzero(np.abs(y - m_hat) >= t))
        if not n1:
            return c_mid, c_mid, c_mid
        return (c_mid, int(np.count_nonzero((y >= m_hi + t) | (y <= m_lo - t))),
                int(np.count_nonzero((y >= m_lo + t) | (y <= m_hi - t))))

    def decide(counts: tuple[int, ...], n: int, share: float) -> tuple[float, float, Verdict]:
        lo = _cp_lower(counts[1], n, a_side * share)
        hi = _cp_upper(counts[2], n, a_side * share)
        return lo, hi, verdict_for(lo, hi, bound)

    (mid, inner, outer), used, lower, upper, verdict, looks = _sequential(
        count, n2, chunk_size(measure.dim), workers=workers, backend=backend, early_stop=early_stop, decide=decide)
    extra: dict[str, Any] = {"inner_count": inner, "outer_count": outer} if n1 else {}
    if early_stop:
        extra.update(looks=looks, budget=n2)
    extra["route"] = "direct"
    if verdict is Verdict.INCONCLUSIVE:
        extra["more_samples"] = _more(mid / used, bound, a_side, used, sequential=False)
    return _record(CheckResult(
        claim=claim,
        verdict=verdict,
        estimate=mid / used,
        lower=lower,
        upper=upper,
        bound=bound,
        count=mid,
        samples=used,
        alpha=alpha,
        seed=seed_,
        center=m_hat,
        center_interval=(m_lo, m_hi) if n1 else None,
        center_samples=n1,
        elapsed=time.perf_counter() - start,
        call=call + (", early_stop=True" if early_stop else ""),
        extra=extra,
    ))


def _check_counts(
    draw_events: Callable[..., NDArray[np.bool_]], *, total: int, csize: int, bound: float, alpha: float,
    seed: int, claim: str, call: str, direction: str, workers: int | None = None, backend: Any = None,
    early_stop: bool = False, sequential: bool = False, max_samples: int = 0, time_limit: float | None = None,
) -> CheckResult:
    start = time.perf_counter()
    if sequential:
        from ._sequential import SEQUENTIAL_STAGE

        def count3(c: tuple[int, int, int]) -> tuple[int, int, int]:
            k = int(np.count_nonzero(draw_events(c[0], c[2], SEQUENTIAL_STAGE)))
            return k, k, k

        out = _run_counts(count3, csize, bound, alpha / 2, direction, max_samples, time_limit, workers, backend,
                          False)
        out["route"] = "direct"
        return _record(CheckResult(
            claim=claim, verdict=out.pop("verdict"), estimate=out.pop("estimate"), lower=out.pop("lower"),
            upper=out.pop("upper"), bound=bound, count=out.pop("count"), samples=out.pop("used"), alpha=alpha,
            seed=seed, direction=direction, elapsed=time.perf_counter() - start, call=call, extra=out,
        ))

    def count(c: tuple[int, int, int]) -> tuple[int]:
        return (int(np.count_nonzero(draw_events(c[0], c[2]))),)

    def decide(counts: tuple[int, ...], n: int, share: float) -> tuple[float, float, Verdict]:
        lo, hi = _cp_lower(counts[0], n, alpha / 2 * share), _cp_upper(counts[0], n, alpha / 2 * share)
        return lo, hi, verdict_for(lo, hi, bound, direction)

    (k,), used, lower, upper, verdict, looks = _sequential(
        count, total, csize, workers=workers, backend=backend, early_stop=early_stop, decide=decide)
    extra: dict[str, Any] = {"looks": looks, "budget": total} if early_stop else {}
    extra["route"] = "direct"
    if verdict is Verdict.INCONCLUSIVE:
        extra["more_samples"] = _more(k / used, bound, alpha / 2, used, sequential=False)
    return _record(CheckResult(
        claim=claim, verdict=verdict, estimate=k / used, lower=lower, upper=upper, bound=bound, count=k,
        samples=used, alpha=alpha, seed=seed, direction=direction, elapsed=time.perf_counter() - start,
        call=call + (", early_stop=True" if early_stop else ""), extra=extra,
    ))


def _as_events(e: Any, m: int, seed: int, what: str) -> NDArray[np.bool_]:
    arr = np.asarray(e)
    if arr.shape != (m,):
        raise InvalidParameter(f"{what} must return a boolean array of shape ({m},), got shape {arr.shape}")
    if arr.dtype != np.bool_:
        raise TypeError(f"{what} must return booleans, got dtype {arr.dtype} (seed={seed})")
    return arr


def check_event(
    measure: Measure,
    event: Callable[[NDArray[np.float64]], NDArray[np.bool_]],
    *,
    bound: float,
    alpha: float = 1e-6,
    samples: int | None = None,
    seed: int | None = None,
    direction: Literal["<=", ">="] = "<=",
    claim: str = "P(event) <= bound",
    workers: int | None = None,
    backend: Any = None,
    early_stop: bool = False,
    method: Literal["auto", "direct", "importance"] = "auto",
    max_samples: int | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Test ``P(event(X)) <= bound`` (or ``>=`` with ``direction=">="``) for X ~ ``measure``.

    ``event`` maps an (N, d) array to N booleans. The verdict errs with probability at most alpha/2. With
    ``samples=None`` the check sizes itself (see :func:`check_concentration`: anytime-valid, within ``max_samples``
    and ``time_limit``); ``samples=N`` is the exact Clopper-Pearson test on N draws. ``method="importance"`` (or
    "auto" with a bound below 1e-3) needs an event whose region is known: a :class:`Tail` of a supported statistic.
    """
    if not isinstance(measure, Measure):
        raise TypeError(f"measure must be an isoper Measure, got {type(measure).__name__}")
    if not callable(event):
        raise TypeError("event must be callable, mapping an (N, d) array to an (N,) boolean array")
    bound = check_nonnegative("bound", bound)
    alpha = check_open_unit("alpha", alpha)
    verdict_for(0, 1, 0, direction)  # validates direction
    seed_ = _fresh_seed(check_seed("seed", seed))
    total = default_samples(bound, alpha) if samples is None else check_int("samples", samples, minimum=1)
    if workers is not None:
        workers = check_int("workers", workers, minimum=1)
    early_stop = check_bool("early_stop", early_stop)
    method = _check_method(method)
    max_samples, time_limit = _check_budget(max_samples, time_limit)
    sequential = samples is None and not early_stop
    call = f"check_event({type(measure).__name__}(d={measure.dim}), event, bound={bound!r}, alpha={alpha!r})"
    from ._importance import supported

    use_is = method == "importance" or (method == "auto" and sequential and 0 < bound < IMPORTANCE_BELOW
                                        and isinstance(event, Tail) and not supported(measure, event.f))
    if use_is:
        if not isinstance(event, Tail):
            raise InvalidParameter("method='importance' needs an event with a known region: pass "
                                   "event=isoper.montecarlo.Tail(f, above=..., below=...)")
        why = supported(measure, event.f)
        if why:
            raise InvalidParameter(f"method='importance' is not available here: {why}")
        if direction != "<=":
            raise InvalidParameter("method='importance' tests direction='<=' only")
        from ._importance import importance_check

        start = time.perf_counter()
        out = importance_check(
            measure, event.f, above=event.above, below=event.below, bound=bound, a_side=alpha / 2, seed=seed_,
            samples=None if sequential else total, max_samples=max_samples, time_limit=time_limit, workers=workers,
            backend=backend, map_chunks=_map_chunks, verdict_for=verdict_for)
        out["route"] = "importance"
        return _record(CheckResult(
            claim=claim, verdict=out.pop("verdict"), estimate=out.pop("estimate"), lower=out.pop("lower"),
            upper=out.pop("upper"), bound=bound, count=out.pop("count"), samples=out.pop("used"), alpha=alpha,
            seed=seed_, direction=direction, elapsed=time.perf_counter() - start,
            call=call[:-1] + ", method='importance'" + ("" if sequential else f", samples={total}") + ")", extra=out))

    def draw(j: int, m: int, stage: int = COUNT_STAGE) -> NDArray[np.bool_]:
        return _as_events(event(measure.sample(m, chunk_rng(seed_, stage, j))), m, seed_, "event")

    return _check_counts(
        draw, total=total, csize=chunk_size(measure.dim), bound=bound, alpha=alpha, seed=seed_, claim=claim,
        call=call, direction=direction, workers=workers, backend=backend, early_stop=bool(early_stop),
        sequential=sequential, max_samples=max_samples, time_limit=time_limit,
    )


def check_trials(
    trial: Callable[[np.random.Generator, int], NDArray[np.bool_]],
    *,
    bound: float,
    alpha: float = 1e-6,
    samples: int | None = None,
    seed: int | None = None,
    direction: Literal["<=", ">="] = "<=",
    claim: str = "P(event) <= bound",
    batch: int = 1024,
    workers: int | None = 1,
    backend: Any = None,
    early_stop: bool = False,
    max_samples: int | None = None,
    time_limit: float | None = None,
) -> CheckResult:
    """Test a claim about the probability of an event of a whole random experiment (e.g. a data set of n points).

    ``samples=None`` sizes the check itself (anytime-valid, see :func:`check_concentration`); ``samples=N`` runs
    exactly N experiments with the exact Clopper-Pearson test.

    ``trial(rng, m)`` runs m independent experiments with the generator ``rng`` and returns m booleans (did the event
    occur). Experiments run in batches of ``batch``; batch j uses its own stream, so results depend only on the seed.
    """
    if not callable(trial):
        raise TypeError("trial must be callable as trial(rng, m) -> (m,) boolean array")
    bound = check_nonnegative("bound", bound)
    alpha = check_open_unit("alpha", alpha)
    verdict_for(0, 1, 0, direction)
    seed_ = _fresh_seed(check_seed("seed", seed))
    batch = check_int("batch", batch, minimum=1)
    if workers is not None:
        workers = check_int("workers", workers, minimum=1)
    early_stop = check_bool("early_stop", early_stop)
    total = default_samples(bound, alpha) if samples is None else check_int("samples", samples, minimum=1)
    max_samples, time_limit = _check_budget(max_samples, time_limit)

    def draw(j: int, m: int, stage: int = COUNT_STAGE) -> NDArray[np.bool_]:
        return _as_events(trial(chunk_rng(seed_, stage, j), m), m, seed_, "trial")

    return _check_counts(
        draw, total=total, csize=batch, bound=bound, alpha=alpha, seed=seed_, claim=claim,
        call=f"check_trials(trial, bound={bound!r}, alpha={alpha!r}, batch={batch})", direction=direction,
        workers=workers, backend=backend, early_stop=bool(early_stop), sequential=samples is None and not early_stop,
        max_samples=max_samples, time_limit=time_limit,
    )


def isoperimetric_bound(d: int, t: float, c: float, L: float) -> float:
    """Definition 1.1's right-hand side 2 exp(-d t^2 / (2 c L^2)), for d >= 1, t >= 0, c > 0, L >= 0."""
    d = check_int("d", d, minimum=1)
    t = check_nonnegative("t", t)
    c = check_positive("c", c)
    L = check_nonnegative("L", L)
    if L == 0:
        return 0.0 if t > 0 else 2.0
    num, den = d * t * t, 2.0 * c * L * L
    if den > 0 and math.isfinite(num) and math.isfinite(den):
        return 2.0 * math.exp(-num / den)
    # c L^2 under- or overflows the float range: the exponent in mpmath (unbounded exponent range), rounded once
    with mpmath.workdps(30):
        return float(2 * mpmath.exp(-mpmath.mpf(d) * (mpmath.mpf(t) / mpmath.mpf(L)) ** 2 / (2 * mpmath.mpf(c))))


def check_isoperimetry(
    measure: Measure, f: Callable[[NDArray[np.float64]], NDArray[np.float64]], *, c: float, t: float,
    lipschitz: float | None = None, alpha: float = 1e-6, samples: int | None = None, seed: int | None = None,
    **kw: Any,
) -> CheckResult:
    """Test Definition 1.1 for one L-Lipschitz f at one t: P(|f - Ef| >= t) <= 2 exp(-d t^2 / (2 c L^2)).

    ``lipschitz`` defaults to ``f.lipschitz``; the centre E f is estimated rigorously unless ``center`` is given.
    """
    if not isinstance(measure, Measure):
        raise TypeError(f"measure must be an isoper Measure, got {type(measure).__name__}")
    L = lipschitz if lipschitz is not None else getattr(f, "lipschitz", None)
    if L is None:
        raise InvalidParameter("lipschitz is None and f has no .lipschitz attribute: pass lipschitz=L")
    L = check_nonnegative("lipschitz", L)
    bound = isoperimetric_bound(measure.dim, t, c, L)
    return check_concentration(measure, f, t=t, bound=bound, alpha=alpha, samples=samples, seed=seed,
                               lipschitz=L, **kw)
