"""Claims as data: what a step claims, as values its checker consumes and a text rendered from them.

A :class:`Claim` is a text template and the named values it depends on (constants, exponents, thresholds, net
scales, measure parameters). The checker reads the values from ``ctx.claim``; the ledger renders the text from the
same values, so a constant cannot live only in prose or only in the checker. A claim also lists its known-false
:class:`Mutant` s (a changed value and the reason the changed claim is false); ``isoper verify --mutants`` runs each
one through the same checker, and a mutant that comes out verified or consistent is a defect of the check.

Kinds: ``"inequality"`` (sympy expressions on a domain, :class:`Inequality`), ``"probability"`` (a measure, an event
or statistic, a bound), ``"chain"`` (named constants, each an expression of earlier ones and of free choices,
:class:`Chain`), ``"existence"`` (a construction), ``"experiment"`` (a measured trend), ``"identity"`` and
``"citation"`` (a cited theorem applied: its hypotheses and the arithmetic of the application are checked).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from ._validate import InvalidParameter

__all__ = ["Claim", "Mutant", "Inequality", "Chain", "KINDS", "as_claim"]

KINDS = ("inequality", "probability", "chain", "existence", "experiment", "identity", "citation", "statement")


def _render(v: Any) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, Fraction):
        return str(v) if v.denominator == 1 else f"({v})"
    if isinstance(v, (tuple, list)):
        return "(" + ", ".join(_render(x) for x in v) + ")"
    if isinstance(v, sp.Basic):
        text = sp.sstr(v)
        return text if re.fullmatch(r"[\w.]+(\([^()]*\))?(\*\*\d+)?", text) else f"({text})"
    return str(v)


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec:
            try:
                return format(value, format_spec)
            except (TypeError, ValueError):
                return format(float(value), format_spec)
        return _render(value)


_FMT = _Formatter()


def _fields(template: str) -> list[str]:
    try:
        return [name for _, name, _, _ in _FMT.parse(template) if name]
    except ValueError as exc:
        raise InvalidParameter(f"text is not a valid template ({exc}): {template!r}") from None


@dataclass(frozen=True)
class Mutant:
    """A known-false variant of a claim: the values it changes and why the changed claim is false."""

    changes: Mapping[str, Any]
    why_false: str

    def __post_init__(self) -> None:
        if not isinstance(self.changes, Mapping) or not self.changes:
            raise InvalidParameter(f"changes must be a non-empty mapping of value names, got {self.changes!r}")
        if not isinstance(self.why_false, str) or not self.why_false.strip():
            raise InvalidParameter("why_false must say why the mutant is false (a non-empty string)")
        object.__setattr__(self, "changes", dict(self.changes))


@dataclass(frozen=True)
class Claim:
    """A claim as data: ``text`` is a template whose ``{name}`` fields are filled from ``values``.

    Every value must appear in the text (nothing the checker reads is hidden from the reader), and every field of the
    text must be a value. ``cites`` names the theorems the claim rests on (e.g. ``"Hoeffding's inequality"``);
    ``mutants`` are known-false variants that the ledger runs through the same checker.
    """

    text: str
    values: Mapping[str, Any] = field(default_factory=dict)
    kind: str = "statement"
    cites: tuple[str, ...] = ()
    mutants: tuple[Mutant, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise InvalidParameter(f"text must be a non-empty string, got {self.text!r}")
        if not isinstance(self.values, Mapping):
            raise TypeError(f"values must be a mapping of names to values, got {type(self.values).__name__}")
        object.__setattr__(self, "values", dict(self.values))
        if self.kind not in KINDS:
            raise InvalidParameter(f"kind={self.kind!r} is not a claim kind; choose one of {list(KINDS)}")
        if isinstance(self.cites, str) or not isinstance(self.cites, Iterable):
            raise TypeError(f"cites must be a sequence of theorem names, got {self.cites!r}")
        object.__setattr__(self, "cites", tuple(self.cites))
        for c in self.cites:
            if not isinstance(c, str) or not c:
                raise TypeError(f"cites must hold non-empty strings, got {c!r}")
        if isinstance(self.mutants, Mutant) or not isinstance(self.mutants, Iterable):
            raise TypeError(f"mutants must be a sequence of Mutant, got {self.mutants!r}")
        object.__setattr__(self, "mutants", tuple(self.mutants))
        self._check_fields()

    def _rendered_names(self) -> set[str]:
        return {f.split(".")[0].split("[")[0] for f in _fields(self.text)}

    def _check_fields(self) -> None:
        names = self._rendered_names()
        missing = sorted(n for n in names if n not in self.values)
        if missing:
            raise InvalidParameter(f"values must define {missing}, which the claim's text uses: {self.text!r}")
        hidden = sorted(n for n in self.values if n not in names)
        if hidden:
            raise InvalidParameter(f"values: {hidden} must appear in the claim's text (a claim's constants are "
                                   f"rendered, not hidden in the checker): {self.text!r}")
        for i, m in enumerate(self.mutants):
            if not isinstance(m, Mutant):
                raise TypeError(f"mutants[{i}] must be a Mutant, got {type(m).__name__}")
            unknown = sorted(k for k in m.changes if k not in self.values)
            if unknown:
                raise InvalidParameter(f"mutants[{i}] changes {unknown}, which are not values of the claim "
                                       f"(values: {sorted(self.values)})")

    # values read like attributes: ctx.claim.const
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        values = object.__getattribute__(self, "values")
        if name in values:
            return values[name]
        raise AttributeError(f"claim has no value {name!r} (values: {sorted(values)})")

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __str__(self) -> str:
        return _FMT.format(self.text, **self.values)

    def replace(self, **changes: Any) -> Claim:
        """The same claim with some values changed (and no mutants: a variant is not the claim of record)."""
        unknown = sorted(k for k in changes if k not in self.values)
        if unknown:
            raise InvalidParameter(f"{unknown} are not values of the claim (values: {sorted(self.values)})")
        return self._with({**self.values, **changes})

    def _with(self, values: dict[str, Any]) -> Claim:
        return type(self)(**{**self._fields_dict(), "values": values, "mutants": ()})

    def _fields_dict(self) -> dict[str, Any]:
        return {"text": self.text, "values": self.values, "kind": self.kind, "cites": self.cites,
                "mutants": self.mutants}

    def mutated(self) -> Iterator[tuple[Mutant, Claim]]:
        """Each known-false mutant with the claim it makes."""
        for m in self.mutants:
            yield m, self.replace(**m.changes)

    def to_dict(self) -> dict[str, Any]:
        return {"text": str(self), "kind": self.kind, "values": {k: _render(v) for k, v in self.values.items()},
                "cites": list(self.cites)}


@dataclass(frozen=True)
class Inequality(Claim):
    """``lhs op rhs`` for every point of ``domain``; lhs and rhs are sympy expressions (or strings) in the domain's
    variables and in the claim's values (a value ``c`` appears as the symbol ``c``).

    :meth:`expressions` substitutes the values and returns ``(lhs, op, rhs, domain)`` ready for
    :func:`isoper.certify.check_inequality`.
    """

    lhs: Any = None
    op: str = "<="
    rhs: Any = None
    domain: Mapping[str, Any] = field(default_factory=dict)
    kind: str = "inequality"

    def __post_init__(self) -> None:
        if self.lhs is None or self.rhs is None:
            raise InvalidParameter("an Inequality needs lhs and rhs")
        if self.op not in ("<", "<=", ">", ">="):
            raise InvalidParameter(f"op={self.op!r} must be one of '<', '<=', '>', '>='")
        object.__setattr__(self, "domain", dict(self.domain))
        super().__post_init__()

    def _rendered_names(self) -> set[str]:
        names = super()._rendered_names()
        free = set()
        for e in (self.lhs, self.rhs):
            free |= {s.name for s in sp.sympify(e).free_symbols}
        return names | (free & set(self.values))

    def _fields_dict(self) -> dict[str, Any]:
        return {**super()._fields_dict(), "lhs": self.lhs, "op": self.op, "rhs": self.rhs, "domain": self.domain}

    def expressions(self) -> tuple[sp.Expr, str, sp.Expr, dict[str, Any]]:
        subs = {sp.Symbol(k): sp.sympify(v) for k, v in self.values.items() if _is_number(v)}
        lhs = sp.sympify(self.lhs)
        rhs = sp.sympify(self.rhs)
        return _subs_by_name(lhs, subs), self.op, _subs_by_name(rhs, subs), dict(self.domain)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, Fraction, sp.Basic)) and not isinstance(v, bool)


def _subs_by_name(e: sp.Expr, subs: Mapping[sp.Symbol, Any]) -> sp.Expr:
    by_name = {s.name: v for s, v in subs.items()}
    return e.xreplace({s: by_name[s.name] for s in e.free_symbols if s.name in by_name})


@dataclass(frozen=True)
class Chain(Claim):
    """A chain of named constants: each value is a sympy expression of earlier values and of free choices.

    :meth:`evaluate` substitutes the chain in order (and the free choices given) and returns every constant.
    """

    kind: str = "chain"

    def evaluate(self, **free: Any) -> dict[str, sp.Expr]:
        out: dict[str, sp.Expr] = {}
        subs: dict[str, Any] = {k: sp.sympify(v) for k, v in free.items()}
        for name, expr in self.values.items():
            e = sp.sympify(expr)
            e = e.xreplace({s: subs[s.name] for s in e.free_symbols if s.name in subs})
            out[name] = sp.simplify(e) if e.free_symbols else sp.nsimplify(e) if e.is_Float else e
            subs[name] = out[name]
        return out


def as_claim(claim: Any, *, where: str = "claim") -> Claim:
    """A Claim from a Claim or a plain string (a string becomes a claim with no values and no mutants)."""
    if isinstance(claim, Claim):
        return claim
    if isinstance(claim, str):
        if not claim.strip():
            raise InvalidParameter(f"{where} must be a non-empty string or a Claim")
        return Claim(claim.replace("{", "{{").replace("}", "}}"))
    raise TypeError(f"{where} must be a Claim or a str, got {type(claim).__name__}")
