"""What a paper claims and what we found: Statement, Step, Evidence, and the Ledger that runs them.

A :class:`Statement` holds a result's hypotheses and conclusion and its claimed proof steps. Each :class:`Step` has a
checker, a function of a :class:`Context` returning :class:`Evidence` with one status:

* ``verified``: proved on the whole stated domain (sympy, or certified interval arithmetic);
* ``consistent``: a Monte Carlo check found no violation and its upper confidence bound lies under the claim;
* ``refuted``: a counterexample or a statistically certain violation;
* ``inconclusive``: the check ran and could not decide;
* ``unchecked``: no check yet (never hidden).

A step known to be wrong is declared with ``erratum=...`` (like pytest's ``xfail(strict=True)``): it is *expected*
to be refuted, and its repaired claim is attached with :meth:`Statement.correction` and checked on its own. The
:class:`Ledger` runs statements, splits its error budget alpha across the steps (Bonferroni), gives each step its own
seed derived from the ledger's seed and the step id, and reports every outcome that differs from what is recorded.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib.util
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np

from ._claim import Chain, Claim, Inequality, Mutant, as_claim
from ._validate import InvalidParameter, check_bool, check_int, check_open_unit, check_positive, check_real

__all__ = [
    "Claim",
    "Inequality",
    "Chain",
    "Mutant",
    "MutantResult",
    "Status",
    "Evidence",
    "Context",
    "Step",
    "Correction",
    "Statement",
    "StepResult",
    "StatementResult",
    "LedgerResult",
    "Ledger",
    "mutation_table",
    "collect_statements",
]


class Status(str, enum.Enum):
    """How well a claimed step is established."""

    VERIFIED = "verified"
    CONSISTENT = "consistent"
    REFUTED = "refuted"
    INCONCLUSIVE = "inconclusive"
    UNCHECKED = "unchecked"

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """Strength of support: refuted < inconclusive < unchecked < consistent < verified."""
        return _RANK[self]


def _status(name: str, value: Any) -> Status:
    try:
        return Status(value)
    except ValueError:
        choices = [s.value for s in Status]
        raise InvalidParameter(f"{name}={value!r} is not a status; choose one of {choices}") from None


_RANK = {Status.REFUTED: 0, Status.INCONCLUSIVE: 1, Status.UNCHECKED: 2, Status.CONSISTENT: 3, Status.VERIFIED: 4}
PASSING = frozenset({Status.VERIFIED, Status.CONSISTENT})


def _jsonable(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (np.floating, float)):
        v = float(x)
        return v if np.isfinite(v) else str(v)
    if isinstance(x, (np.bool_, bool)):
        return bool(x)
    if isinstance(x, (int, str)) or x is None:
        return x
    return str(x)


@dataclass(frozen=True)
class Evidence:
    """The result of checking one claim: a status, how it was obtained, and the figures behind it."""

    status: Status
    method: str
    detail: str = ""
    interval: tuple[float, float] | None = None
    counterexample: dict[str, Any] | None = None
    seed: int | None = None
    elapsed: float = 0.0
    data: dict[str, Any] = field(default_factory=dict)
    cites: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", _status("status", self.status))
        if isinstance(self.cites, str) or not isinstance(self.cites, Iterable):
            raise TypeError(f"cites must be a sequence of theorem names, got {self.cites!r}")
        object.__setattr__(self, "cites", tuple(dict.fromkeys(self.cites)))

    # constructors that read like the verdicts
    @classmethod
    def verified(cls, detail: str, *, method: str = "symbolic", **kw: Any) -> Evidence:
        return cls(Status.VERIFIED, method, detail, **kw)

    @classmethod
    def consistent(cls, detail: str, *, method: str = "monte-carlo", **kw: Any) -> Evidence:
        return cls(Status.CONSISTENT, method, detail, **kw)

    @classmethod
    def refuted(cls, detail: str, *, method: str, counterexample: dict[str, Any] | None = None, **kw: Any) -> Evidence:
        return cls(Status.REFUTED, method, detail, counterexample=counterexample, **kw)

    @classmethod
    def inconclusive(cls, detail: str, *, method: str, **kw: Any) -> Evidence:
        return cls(Status.INCONCLUSIVE, method, detail, **kw)

    @classmethod
    def from_check(cls, result: Any, *, what: str = "") -> Evidence:
        """Evidence from a Monte Carlo :class:`isoper.montecarlo.CheckResult` (holds -> consistent)."""
        needed = ("verdict", "lower", "upper", "seed", "elapsed", "estimate", "bound", "samples", "alpha")
        if not all(hasattr(result, a) for a in needed):
            raise TypeError(f"result must be a CheckResult (from isoper's checks), got {type(result).__name__}")
        status = {"holds": Status.CONSISTENT, "violated": Status.REFUTED}.get(
            str(result.verdict), Status.INCONCLUSIVE
        )
        detail = f"{what + ': ' if what else ''}{result!r}"
        return cls(
            status, "monte-carlo", detail, interval=(result.lower, result.upper), seed=result.seed,
            elapsed=result.elapsed,
            counterexample=(
                {"estimate": result.estimate, "lower": result.lower, "bound": result.bound, "seed": result.seed}
                if status is Status.REFUTED else None
            ),
            data={"estimate": result.estimate, "bound": result.bound, "samples": result.samples,
                  "alpha": result.alpha},
        )

    @classmethod
    def from_proof(cls, proof: Any) -> Evidence:
        """Evidence from an :mod:`isoper.certify` result (anything with status, method, detail, counterexample)."""
        if not all(hasattr(proof, a) for a in ("status", "method", "detail")):
            raise TypeError(f"proof must be a certify Proof (status, method, detail), got {type(proof).__name__}")
        return cls(
            _status("proof.status", str(proof.status)), str(proof.method), str(proof.detail),
            counterexample=getattr(proof, "counterexample", None), elapsed=float(getattr(proof, "elapsed", 0.0)),
        )

    @staticmethod
    def all_of(*parts: Evidence, method: str | None = None) -> Evidence:
        """A conjunction: the weakest part's status; details and counterexamples concatenated."""
        if not parts:
            raise InvalidParameter("parts must contain at least one Evidence")
        for i, part in enumerate(parts):
            if not isinstance(part, Evidence):
                raise TypeError(f"parts[{i}] must be an Evidence, got {type(part).__name__}")
        worst = min(parts, key=lambda e: e.status.rank)
        methods = method or "+".join(dict.fromkeys(p.method for p in parts))
        cex = next((p.counterexample for p in parts if p.counterexample and p.status is worst.status), None)
        cites = tuple(c for p in parts for c in p.cites)
        data: dict[str, Any] = {}
        for i, p in enumerate(parts):
            if p.data:
                data[f"part{i + 1}"] = p.data
        return Evidence(
            worst.status, methods, " | ".join(f"[{p.status.value}] {p.detail}" for p in parts),
            interval=worst.interval, counterexample=cex, seed=worst.seed,
            elapsed=sum(p.elapsed for p in parts), data=data, cites=cites,
        )

    def to_dict(self) -> dict[str, Any]:
        return _jsonable({
            "status": self.status.value, "method": self.method, "detail": self.detail,
            "interval": list(self.interval) if self.interval else None, "counterexample": self.counterexample,
            "seed": self.seed, "elapsed": round(self.elapsed, 4), "data": self.data, "cites": list(self.cites),
        })


@dataclass(frozen=True)
class Context:
    """What a checker gets: its share of the error budget, its own seed, and the run's settings."""

    step_id: str
    alpha: float
    seed: int
    thorough: bool = False
    scale: float = 1.0
    claim: Claim | None = None
    claims: Mapping[str, Claim] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.step_id, str):
            raise TypeError(f"step_id must be a str, got {type(self.step_id).__name__}")
        if self.claim is not None and not isinstance(self.claim, Claim):
            raise TypeError(f"claim must be a Claim or None, got {type(self.claim).__name__}")
        if not isinstance(self.claims, Mapping):
            raise TypeError(f"claims must be a mapping of step ids to Claims, got {type(self.claims).__name__}")
        object.__setattr__(self, "alpha", check_open_unit("alpha", self.alpha))
        object.__setattr__(self, "seed", check_int("seed", self.seed, minimum=0))
        object.__setattr__(self, "thorough", check_bool("thorough", self.thorough))
        object.__setattr__(self, "scale", check_positive("scale", self.scale))

    def claim_of(self, step_id: str) -> Claim:
        """The claim of another step of the run (``<statement-id>/step-<k>``, ``.../conclusion``, or
        ``.../correction``), as the run sees it: under ``--mutants`` a mutated step's claim is the mutant."""
        if step_id == self.step_id and self.claim is not None:
            return self.claim
        try:
            return self.claims[step_id]
        except KeyError:
            raise InvalidParameter(f"step {step_id!r} is not part of this run (a checker can read the claims of "
                                   f"the statements in the ledger)") from None

    def samples(self, n: int) -> int:
        """A sample budget scaled by the run's settings (``--thorough`` multiplies it)."""
        return max(1, int(check_positive("n", n) * self.scale))

    def seed_for(self, label: str) -> int:
        """A sub-seed for a named part of the step (so that parts do not share random streams)."""
        return _derive_seed(self.seed, _label(label))

    def rng(self, label: str = "") -> np.random.Generator:
        return np.random.default_rng(self.seed_for(label) if _label(label) else self.seed)


def _label(label: Any) -> str:
    if not isinstance(label, str):
        raise TypeError(f"label must be a str, got {type(label).__name__}")
    return label


def _derive_seed(seed: int, label: str) -> int:
    h = int.from_bytes(hashlib.sha256(label.encode()).digest()[:8], "little")
    return int(np.random.SeedSequence([seed, h]).generate_state(2, np.uint32).astype(np.uint64) @ [1, 2**32])


Checker = Callable[[Context], Evidence]


@dataclass
class Correction:
    """A repaired claim for a refuted step, with its own checker."""

    claim: Claim
    checker: Checker
    note: str = ""

    def __post_init__(self) -> None:
        self.claim = as_claim(self.claim, where="correction claim")


@dataclass
class Step:
    """A claimed proof step (or the conclusion) with its checker and what the ledger records about it.

    ``claim`` is a :class:`Claim` (a plain string is accepted and becomes a claim with no values); the checker reads
    its values from ``ctx.claim``.
    """

    id: str
    claim: Claim
    method: str
    checker: Checker | None = None
    erratum: str | None = None
    correction: Correction | None = None
    expect: frozenset[Status] = PASSING

    def __post_init__(self) -> None:
        self.claim = as_claim(self.claim, where=f"{self.id}: claim")

    @property
    def text(self) -> str:
        """The claim's text, rendered from its values."""
        return str(self.claim)

    @property
    def expected(self) -> frozenset[Status]:
        return frozenset({Status.REFUTED}) if self.erratum else self.expect


@dataclass
class Statement:
    """A statement of a paper: id, title, source, hypotheses, conclusion, and claimed proof steps.

    Steps are registered with the :meth:`step` and :meth:`conclusion_step` decorators, numbered as in the paper;
    their ids are ``<id>/step-<k>`` and ``<id>/conclusion``.
    """

    id: str
    title: str
    source: str
    hypotheses: tuple[str, ...] = ()
    conclusion: str = ""
    order: float = 0.0
    notes: str = ""
    _steps: dict[str, Step] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id or "/" in self.id:
            raise InvalidParameter(f"id must be a non-empty string without '/', got {self.id!r}")
        if isinstance(self.hypotheses, (str, bytes)) or not isinstance(self.hypotheses, Iterable):
            raise TypeError(f"hypotheses must be a sequence of strings, got {type(self.hypotheses).__name__}")
        self.hypotheses = tuple(self.hypotheses)
        self.order = check_real("order", self.order)

    def _key(self, k: int | str) -> str:
        return "conclusion" if k == "conclusion" else f"step-{k}"

    def step(
        self, k: int | str, claim: Claim | str, *, method: str, erratum: str | None = None,
        expect: Iterable[Status | str] | None = None, cites: Iterable[str] = (),
    ) -> Callable[[Checker], Checker]:
        """Register the checker of claimed step ``k``. ``erratum`` records a known error (the check must refute it).

        ``claim`` is a :class:`Claim` whose values the checker reads from ``ctx.claim`` (or a plain string);
        ``cites`` adds cited theorems to the claim's own."""
        key = self._key(k)
        claim = _with_cites(as_claim(claim, where=f"{self.id}/{key}: claim"), cites)
        if key in self._steps:
            raise InvalidParameter(f"{self.id}/{key} is registered twice")
        if expect is not None:
            if isinstance(expect, (str, Status)) or not isinstance(expect, Iterable):
                raise TypeError(f"expect must be a collection of statuses, got {expect!r}")
            expect = frozenset(_status("expect", s) for s in expect)

        def register(fn: Checker) -> Checker:
            _check_checker(fn)
            self._steps[key] = Step(
                id=f"{self.id}/{key}", claim=claim, method=method, checker=fn, erratum=erratum,
                expect=expect if expect is not None else PASSING,
            )
            return fn

        return register

    def conclusion_step(
        self, claim: Claim | str | None = None, *, method: str, erratum: str | None = None,
        expect: Iterable[Status | str] | None = None, cites: Iterable[str] = (),
    ) -> Callable[[Checker], Checker]:
        """Register the checker of the statement's conclusion."""
        return self.step("conclusion", claim or self.conclusion, method=method, erratum=erratum, expect=expect,
                         cites=cites)

    def unchecked(self, k: int | str, claim: str, *, method: str = "none") -> None:
        """Record a claimed step that has no check yet (it is reported, never hidden)."""
        key = self._key(k)
        self._steps[key] = Step(id=f"{self.id}/{key}", claim=claim, method=method, checker=None,
                                expect=frozenset({Status.UNCHECKED}))

    def correction(
        self, k: int | str, claim: Claim | str, *, note: str = "", cites: Iterable[str] = (),
    ) -> Callable[[Checker], Checker]:
        """Attach the repaired claim of a step recorded with an erratum, and its checker."""
        key = self._key(k)
        claim = _with_cites(as_claim(claim, where=f"{self.id}/{key}: correction claim"), cites)

        def register(fn: Checker) -> Checker:
            _check_checker(fn)
            if key not in self._steps:
                raise InvalidParameter(f"{self.id}/{key}: register the step before its correction")
            self._steps[key].correction = Correction(claim, fn, note)
            return fn

        return register

    @property
    def steps(self) -> list[Step]:
        """Steps in the paper's order, the conclusion last."""

        def order(item: tuple[str, Step]) -> tuple[int, Any]:
            key = item[0]
            if key == "conclusion":
                return (2, 0)
            k = key.removeprefix("step-")
            return (0, int(k)) if k.isdigit() else (1, k)

        return [s for _, s in sorted(self._steps.items(), key=order)]


def _with_cites(claim: Claim, cites: Iterable[str]) -> Claim:
    if isinstance(cites, str) or not isinstance(cites, Iterable):
        raise TypeError(f"cites must be a sequence of theorem names, got {cites!r}")
    cites = tuple(cites)
    if not cites:
        return claim
    return dataclasses.replace(claim, cites=tuple(dict.fromkeys(claim.cites + cites)))


def _check_checker(fn: Any) -> None:
    if not callable(fn):
        raise TypeError(f"checker must be callable as checker(ctx) -> Evidence, got {type(fn).__name__}")


@dataclass(frozen=True)
class StepResult:
    step: Step
    evidence: Evidence
    correction: Evidence | None = None

    @property
    def expected(self) -> bool:
        """Whether the outcome is what the ledger records (a passing check, or the refutation of a known erratum)."""
        ok = self.evidence.status in self.step.expected
        if self.step.erratum and self.step.correction is not None:
            ok = ok and self.correction is not None and self.correction.status in PASSING
        return ok

    @property
    def effective(self) -> Status:
        """The status the proof can rely on: the correction's, when a refuted step has one."""
        if self.evidence.status is Status.REFUTED and self.correction is not None:
            return self.correction.status
        return self.evidence.status

    @property
    def cites(self) -> tuple[str, ...]:
        """Cited theorems the step's status rests on: its claim's and those its checker reported."""
        return tuple(dict.fromkeys(self.step.claim.cites + self.evidence.cites))

    def to_dict(self) -> dict[str, Any]:
        ev = self.evidence
        return {
            "id": self.step.id,
            "claim": self.step.text,
            "method": ev.method if self.step.checker else self.step.method,
            "status": ev.status.value,
            "detail": ev.to_dict(),
            "counterexample": _jsonable(ev.counterexample) if ev.status is Status.REFUTED else None,
            "cites": list(self.cites),
            "claim_data": self.step.claim.to_dict(),
            "correction": (
                None if self.correction is None or self.step.correction is None
                else {"claim": str(self.step.correction.claim), "status": self.correction.status.value,
                      "note": self.step.correction.note, "detail": self.correction.to_dict(),
                      "counterexample": (_jsonable(self.correction.counterexample)
                                         if self.correction.status is Status.REFUTED else None),
                      "cites": list(dict.fromkeys(self.step.correction.claim.cites + self.correction.cites))}
            ),
            "erratum": self.step.erratum,
            "expected": self.expected,
        }


@dataclass(frozen=True)
class StatementResult:
    statement: Statement
    steps: tuple[StepResult, ...]

    @property
    def status(self) -> Status:
        """The weakest effective status over the steps (a repaired step counts with its correction's status)."""
        if not self.steps:
            return Status.UNCHECKED
        return min((s.effective for s in self.steps), key=lambda s: s.rank)

    @property
    def errata(self) -> list[StepResult]:
        return [s for s in self.steps if s.evidence.status is Status.REFUTED]

    def to_dict(self) -> dict[str, Any]:
        st = self.statement
        return {
            "id": st.id, "title": st.title, "source": st.source, "status": self.status.value,
            "hypotheses": list(st.hypotheses), "conclusion": st.conclusion,
            "errata": len(self.errata), "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class MutantResult:
    """A known-false mutant of a step's claim run through the step's checker.

    ``survived`` (verified or consistent) is a defect of the check; ``refuted`` must carry a counterexample.
    """

    step_id: str
    mutant: Mutant
    claim: Claim
    evidence: Evidence

    def __post_init__(self) -> None:
        for name, cls in (("step_id", str), ("mutant", Mutant), ("claim", Claim), ("evidence", Evidence)):
            if not isinstance(getattr(self, name), cls):
                raise TypeError(f"{name} must be a {cls.__name__}, got {type(getattr(self, name)).__name__}")

    @property
    def status(self) -> Status:
        return self.evidence.status

    @property
    def survived(self) -> bool:
        return self.status in PASSING

    @property
    def statement_id(self) -> str:
        return self.step_id.split("/")[0]

    def to_dict(self) -> dict[str, Any]:
        ev = self.evidence
        return {
            "step": self.step_id, "mutant": str(self.claim), "changes": _jsonable(
                {k: _render_value(v) for k, v in self.mutant.changes.items()}),
            "why_false": self.mutant.why_false, "status": ev.status.value,
            "counterexample": _jsonable(ev.counterexample) if ev.status is Status.REFUTED else None,
            "detail": ev.detail, "method": ev.method, "elapsed": round(ev.elapsed, 4),
        }


def _render_value(v: Any) -> str:
    from ._claim import _render

    return _render(v)


def mutation_table(mutants: Iterable[MutantResult]) -> list[dict[str, Any]]:
    """Per statement: mutants generated, refuted, inconclusive, survived, and the time they took."""
    if isinstance(mutants, (str, bytes)) or not isinstance(mutants, Iterable):
        raise TypeError(f"mutants must be a sequence of MutantResult, got {type(mutants).__name__}")
    mutants = list(mutants)
    for i, m in enumerate(mutants):
        if not isinstance(m, MutantResult):
            raise TypeError(f"mutants[{i}] must be a MutantResult, got {type(m).__name__}")
    rows: dict[str, dict[str, Any]] = {}
    for m in mutants:
        r = rows.setdefault(m.statement_id, {"statement": m.statement_id, "generated": 0, "refuted": 0,
                                             "inconclusive": 0, "survived": 0, "time": 0.0})
        r["generated"] += 1
        key = "survived" if m.survived else ("refuted" if m.status is Status.REFUTED else "inconclusive")
        r[key] += 1
        r["time"] += m.evidence.elapsed
    return list(rows.values())


@dataclass(frozen=True)
class LedgerResult:
    statements: tuple[StatementResult, ...]
    alpha: float
    seed: int
    elapsed: float
    mutants: tuple[MutantResult, ...] | None = None

    @property
    def unexpected(self) -> list[StepResult]:
        return [s for r in self.statements for s in r.steps if not s.expected]

    @property
    def survivors(self) -> list[MutantResult]:
        """Known-false mutants that came out verified or consistent: defects of the checks."""
        return [m for m in self.mutants or () if m.survived]

    @property
    def ok(self) -> bool:
        return not self.unexpected and not self.survivors

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Status}
        out["verified from cited theorems"] = 0
        out["verified from scratch"] = 0
        for r in self.statements:
            for s in r.steps:
                out[s.evidence.status.value] += 1
                if s.evidence.status is Status.VERIFIED:
                    out["verified from cited theorems" if s.cites else "verified from scratch"] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "statements": [r.to_dict() for r in self.statements],
            "summary": {
                "alpha": self.alpha, "seed": self.seed, "elapsed": round(self.elapsed, 3), "counts": self.counts(),
                "unexpected": [s.step.id for s in self.unexpected],
                "error_rate": f"family-wise error rate <= {self.alpha:g} over all Monte Carlo checks (Bonferroni)",
            },
        }
        if self.mutants is not None:
            out["mutants"] = [m.to_dict() for m in self.mutants]
            out["summary"]["mutation"] = mutation_table(self.mutants)
            out["summary"]["survivors"] = [m.step_id for m in self.survivors]
        return out


class Ledger:
    """Runs statements' checks and collects the evidence.

    Args:
        statements: the statements to run.
        alpha: the family-wise error budget, split evenly over all steps and corrections (Bonferroni).
        seed: the run's seed; each step's seed is derived from it and the step id.
        thorough: ask checkers for their long versions; ``scale`` multiplies sample budgets.
    """

    def __init__(
        self, statements: Sequence[Statement], *, alpha: float = 1e-3, seed: int = 0, thorough: bool = False,
        scale: float | None = None,
    ) -> None:
        if isinstance(statements, (str, bytes, Statement)) or not isinstance(statements, Iterable):
            raise TypeError(f"statements must be a sequence of Statement objects, got {type(statements).__name__}")
        statements = list(statements)
        for i, s in enumerate(statements):
            if not isinstance(s, Statement):
                raise TypeError(f"statements[{i}] must be a Statement, got {type(s).__name__}")
        ids = [s.id for s in statements]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise InvalidParameter(f"statements have duplicate ids: {sorted(dup)}")
        self.statements = sorted(statements, key=lambda s: (s.order, s.id))
        self.alpha = check_open_unit("alpha", alpha)
        self.seed = check_int("seed", seed, minimum=0)
        self.thorough = check_bool("thorough", thorough)
        self.scale = check_positive("scale", scale) if scale is not None else (10.0 if thorough else 1.0)

    @classmethod
    def collect(cls, path: str | Path, **kw: Any) -> Ledger:
        return cls(collect_statements(path), **kw)

    def _checks(self) -> int:
        return sum(1 + (s.correction is not None) for st in self.statements for s in st.steps) or 1

    @property
    def ids(self) -> list[str]:
        """Every statement id and step id the ledger knows."""
        return [i for st in self.statements for i in (st.id, *(s.id for s in st.steps))]

    def claims(self) -> dict[str, Claim]:
        """Every claim of the ledger by step id (corrections as ``<step id>/correction``)."""
        out: dict[str, Claim] = {}
        for st in self.statements:
            for step in st.steps:
                out[step.id] = step.claim
                if step.correction is not None:
                    out[step.id + "/correction"] = step.correction.claim
        return out

    def context(self, step_id: str, *, alpha: float | None = None, seed: int | None = None, **changes: Any) -> Context:
        """The Context the ledger gives ``step_id`` (its claim, every claim of the ledger, its seed and alpha share),
        e.g. to call a step's checker by hand in a test or a notebook. ``changes`` replace claim values:
        ``ledger.context("lem-noise-correlation/step-1", const=8)`` is the context of that (false) variant."""
        claims = self.claims()
        if step_id not in claims:
            raise InvalidParameter(f"step_id {step_id!r} is not a step of the ledger; known: {sorted(claims)}")
        claim = claims[step_id].replace(**changes) if changes else claims[step_id]
        return Context(step_id=step_id, alpha=self.alpha / self._checks() if alpha is None else alpha,
                       seed=_derive_seed(self.seed if seed is None else seed, step_id), thorough=self.thorough,
                       scale=self.scale, claim=claim, claims={**claims, step_id: claim})

    def _wanted(self, only: Iterable[str] | None) -> set[str] | None:
        if only is None:
            return None
        if isinstance(only, (str, bytes)) or not isinstance(only, Iterable):
            raise TypeError(f"only must be a collection of step or statement ids, got {only!r}")
        wanted = set(only)
        known = set(self.ids)
        unknown = sorted(w for w in wanted if w not in known)
        if unknown:
            raise InvalidParameter(f"only: unknown ids {unknown}; known statement ids: "
                                   f"{[st.id for st in self.statements]} (step ids are <statement-id>/step-<k>)")
        return wanted

    def run(
        self, *, only: Iterable[str] | None = None, progress: Callable[[str], None] | None = None,
        mutants: bool = False, jobs: int = 1,
    ) -> LedgerResult:
        """Run every step (or those whose id or statement id is in ``only``); with ``mutants=True`` also every
        known-false mutant of their claims (see :meth:`run_mutants`)."""
        if progress is not None and not callable(progress):
            raise TypeError(f"progress must be callable as progress(step_id), got {type(progress).__name__}")
        mutants = check_bool("mutants", mutants)
        wanted = self._wanted(only)
        per = self.alpha / self._checks()
        claims = self.claims()
        start = time.perf_counter()
        results = []
        for st in self.statements:
            steps = []
            for step in st.steps:
                if wanted is not None and st.id not in wanted and step.id not in wanted:
                    continue
                if progress:
                    progress(step.id)
                ev = self._run_one(step.id, step.checker, per, step.claim, claims)
                cor = None
                if step.correction is not None:
                    cor = self._run_one(step.id + "/correction", step.correction.checker, per,
                                        step.correction.claim, claims)
                steps.append(StepResult(step, ev, cor))
            if steps:
                results.append(StatementResult(st, tuple(steps)))
        muts = self.run_mutants(only=only, progress=progress, jobs=jobs) if mutants else None
        return LedgerResult(tuple(results), self.alpha, self.seed, time.perf_counter() - start, muts)

    def mutants(self, *, only: Iterable[str] | None = None) -> list[tuple[str, Checker, Mutant, Claim]]:
        """The known-false mutants of the ledger's claims: (step id, checker, mutant, mutated claim)."""
        wanted = self._wanted(only)
        out = []
        for st in self.statements:
            for step in st.steps:
                if wanted is not None and st.id not in wanted and step.id not in wanted:
                    continue
                parts = [(step.id, step.checker, step.claim)]
                if step.correction is not None:
                    parts.append((step.id + "/correction", step.correction.checker, step.correction.claim))
                for sid, checker, claim in parts:
                    if checker is None:
                        continue
                    for m, mc in claim.mutated():
                        out.append((sid, checker, m, mc))
        return out

    def run_mutants(
        self, *, only: Iterable[str] | None = None, progress: Callable[[str], None] | None = None, jobs: int = 1,
    ) -> tuple[MutantResult, ...]:
        """Run each known-false mutant of each claim through the same checker, with the mutated claim in
        ``ctx.claim`` and in ``ctx.claims`` (so a checker that derives from other steps' claims sees it too), and the
        step's own seed (the same check; only the claim differs).

        A mutant that comes out verified or consistent is a defect of the check; ``refuted`` without a
        counterexample is reported ``inconclusive``, as in :meth:`run`. ``jobs > 1`` runs mutants in that many
        forked worker processes (POSIX); results do not depend on ``jobs``."""
        jobs = check_int("jobs", jobs, minimum=1)
        todo = self.mutants(only=only)
        per = self.alpha / max(1, len(todo))
        claims = self.claims()
        evidence: list[Evidence | None] = [None] * len(todo)
        if jobs > 1 and len(todo) > 1 and _can_fork():
            evidence = self._run_mutants_forked(todo, per, claims, jobs, progress)
        for i, (sid, checker, _m, mc) in enumerate(todo):
            if evidence[i] is None:
                if progress:
                    progress(f"{sid} mutant {i + 1}/{len(todo)}")
                evidence[i] = self._run_one(sid, checker, per, mc, {**claims, sid: mc})
        return tuple(MutantResult(sid, m, mc, ev) for (sid, _c, m, mc), ev in zip(todo, evidence))

    def _run_mutants_forked(self, todo: list, per: float, claims: dict, jobs: int,
                            progress: Callable[[str], None] | None) -> list[Evidence | None]:
        import concurrent.futures as cf
        import multiprocessing as mp
        import pickle

        global _FORKED
        _FORKED = (self, todo, per, claims)
        out: list[Evidence | None] = [None] * len(todo)
        try:
            with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("fork")) as pool:
                futures = {pool.submit(_run_forked_mutant, i): i for i in range(len(todo))}
                for fut in cf.as_completed(futures):
                    i = futures[fut]
                    try:
                        out[i] = pickle.loads(fut.result())
                    except Exception:  # a result that cannot cross processes is rerun in this one
                        out[i] = None
                    if progress:
                        progress(f"{todo[i][0]} mutant {i + 1}/{len(todo)}")
        finally:
            _FORKED = None
        return out

    def _run_one(self, sid: str, checker: Checker | None, alpha: float, claim: Claim | None = None,
                 claims: Mapping[str, Claim] | None = None) -> Evidence:
        if checker is None:
            return Evidence(Status.UNCHECKED, "none", "no check yet")
        # a mutant runs the same check as its step (same seed): only the claim differs
        seed = _derive_seed(self.seed, sid)
        ctx = Context(step_id=sid, alpha=alpha, seed=seed, thorough=self.thorough, scale=self.scale, claim=claim,
                      claims=claims or {})
        t0 = time.perf_counter()
        try:
            ev = checker(ctx)
        except Exception as exc:  # a crashing checker is reported, never hidden
            tb = traceback.format_exc(limit=4)
            return Evidence(Status.INCONCLUSIVE, "error", f"checker raised {type(exc).__name__}: {exc}\n{tb}",
                            elapsed=time.perf_counter() - t0, data={"error": True})
        if not isinstance(ev, Evidence):
            return Evidence(Status.INCONCLUSIVE, "error", f"checker returned {type(ev).__name__}, not Evidence",
                            data={"error": True})
        if ev.status is Status.REFUTED and not ev.counterexample:
            # DESIGN: refuted only with a counterexample; "this route does not derive it" is inconclusive
            ev = dataclasses.replace(
                ev, status=Status.INCONCLUSIVE,
                detail=f"[reported refuted without a counterexample, so inconclusive] {ev.detail}")
        return dataclasses.replace(
            ev, elapsed=time.perf_counter() - t0, seed=ctx.seed if ev.seed is None else ev.seed,
            cites=tuple(dict.fromkeys((claim.cites if claim is not None else ()) + ev.cites)),
        )


_FORKED: tuple | None = None


def _can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def _run_forked_mutant(i: int) -> bytes:
    import pickle

    ledger, todo, per, claims = _FORKED  # type: ignore[misc]
    sid, checker, _m, mc = todo[i]
    ev = ledger._run_one(sid, checker, per, mc, {**claims, sid: mc})
    try:
        return pickle.dumps(ev)
    except Exception:
        return pickle.dumps(dataclasses.replace(ev, data={}, counterexample=_jsonable(ev.counterexample)))


def collect_statements(path: str | Path) -> list[Statement]:
    """Import every statement module under ``path`` (a directory or a file) and return the Statements it defines.

    Modules whose names start with ``_`` are helpers and are not collected (they may still be imported by the
    statement modules, whose directory is put on ``sys.path`` while collecting, as pytest's rootdir insertion does).
    """
    if not isinstance(path, (str, PathLike)):
        raise TypeError(f"path must be a str or a path, got {type(path).__name__}")
    p = Path(path)
    if not p.exists():
        raise InvalidParameter(f"path {str(p)!r} does not exist")
    files = sorted(p.glob("*.py")) if p.is_dir() else [p]
    files = [f for f in files if not f.name.startswith("_")]
    directory = str((p if p.is_dir() else p.parent).resolve())
    added = directory not in sys.path
    if added:
        sys.path.insert(0, directory)
    found: list[Statement] = []
    try:
        for f in files:
            name = f"isoper_proofs_{f.stem}"
            spec = importlib.util.spec_from_file_location(name, f)
            if spec is None or spec.loader is None:
                raise InvalidParameter(f"cannot import {f}")
            mod = importlib.util.module_from_spec(spec)
            sys.modules[name] = mod
            spec.loader.exec_module(mod)
            for v in vars(mod).values():
                if isinstance(v, Statement) and all(v is not s for s in found):
                    found.append(v)
    finally:
        if added:
            sys.path.remove(directory)
    return found
