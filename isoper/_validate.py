"""Small validators that always name the offending parameter.

Every public function of isoper validates its arguments eagerly, before any sampling, with these helpers. They raise
:class:`InvalidParameter` (a ``ValueError``) for values outside a domain and ``TypeError`` for values of the wrong kind.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

__all__ = [
    "InvalidParameter",
    "check_int",
    "check_real",
    "check_open_unit",
    "check_positive",
    "check_nonnegative",
    "check_probability",
    "check_seed",
    "check_rng",
    "check_bool",
    "check_array",
    "check_pair",
]


class InvalidParameter(ValueError):
    """An isoper function or object was called with a parameter outside its domain."""


def _is_bool(x: Any) -> bool:
    return isinstance(x, (bool, np.bool_))


def check_int(name: str, value: Any, *, minimum: int | None = None, where: str = "") -> int:
    """Return ``value`` as an ``int`` if it is an integer (or an integral float) at least ``minimum``."""
    if _is_bool(value):
        raise TypeError(f"{name} must be an integer, got the bool {value!r}{_where(where)}")
    if isinstance(value, numbers.Integral):
        out = int(value)
    elif isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v) or math.isinf(v):
            raise InvalidParameter(f"{name}={value!r} must be a finite integer{_where(where)}")
        if not v.is_integer():
            raise TypeError(f"{name} must be an integer, got {value!r}{_where(where)}")
        out = int(v)
    else:
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}{_where(where)}")
    if minimum is not None and out < minimum:
        raise InvalidParameter(f"{name}={value!r} must be >= {minimum}{_where(where)}")
    return out


def check_real(name: str, value: Any, *, where: str = "", allow_inf: bool = False) -> float:
    """Return ``value`` as a finite ``float``; reject NaN (and inf unless ``allow_inf``) and non-numbers."""
    if _is_bool(value) or not isinstance(value, numbers.Real):
        # sympy numbers and mpmath mpf are accepted through float() if they convert
        try:
            import mpmath

            if isinstance(value, mpmath.mpf):
                value = float(value)
            else:
                import sympy

                if isinstance(value, sympy.Basic) and value.is_number and value.is_real:
                    value = float(value)
                else:
                    raise TypeError
        except TypeError:
            raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}{_where(where)}") from None
    v = float(value)
    if math.isnan(v):
        raise InvalidParameter(f"{name} is NaN{_where(where)}")
    if math.isinf(v) and not allow_inf:
        raise InvalidParameter(f"{name}={v!r} must be finite{_where(where)}")
    return v


def check_positive(name: str, value: Any, *, where: str = "", allow_inf: bool = False) -> float:
    """A finite real number > 0."""
    v = check_real(name, value, where=where, allow_inf=allow_inf)
    if not v > 0:
        raise InvalidParameter(f"{name}={value!r} must be > 0{_where(where)}")
    return v


def check_nonnegative(name: str, value: Any, *, where: str = "") -> float:
    """A finite real number >= 0."""
    v = check_real(name, value, where=where)
    if v < 0:
        raise InvalidParameter(f"{name}={value!r} must be >= 0{_where(where)}")
    return v


def check_open_unit(name: str, value: Any, *, where: str = "") -> float:
    """A real number in the open interval (0, 1), e.g. ``eps``, ``delta``, ``alpha``."""
    v = check_real(name, value, where=where)
    if not 0.0 < v < 1.0:
        raise InvalidParameter(f"{name}={value!r} is outside {name} in (0, 1){_where(where)}")
    return v


def check_probability(name: str, value: Any, *, where: str = "") -> float:
    """A real number in the closed interval [0, 1] (a claimed bound on a probability may be >= 1: see callers)."""
    v = check_real(name, value, where=where)
    if not 0.0 <= v <= 1.0:
        raise InvalidParameter(f"{name}={value!r} is outside [0, 1]{_where(where)}")
    return v


def check_seed(name: str, value: Any) -> int | None:
    """``None`` or a non-negative integer seed."""
    if value is None:
        return None
    return check_int(name, value, minimum=0)


def check_rng(name: str, value: Any) -> np.random.Generator:
    """A ``numpy.random.Generator`` (isoper never touches numpy's global state)."""
    if not isinstance(value, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (e.g. numpy.random.default_rng(seed)), "
            f"got {type(value).__name__}"
        )
    return value


def check_bool(name: str, value: Any) -> bool:
    """A ``bool`` (or ``numpy.bool_``), never a truthy stand-in such as ``1`` or ``"yes"``."""
    if not _is_bool(value):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}")
    return bool(value)


def check_array(
    name: str, value: Any, *, ndim: tuple[int, ...] | None = None, allow_empty: bool = False, finite: bool = True
) -> np.ndarray:
    """``value`` as a float64 array; rejects None, bools, strings, complex and non-numeric entries, NaN and inf.

    ``ndim`` lists the allowed numbers of dimensions (None: any). Complex input is refused rather than cast, since
    numpy's cast would silently drop the imaginary part.
    """
    if value is None or _is_bool(value) or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a real array, got {type(value).__name__}")
    if np.iscomplexobj(value):
        raise TypeError(f"{name} must be a real array, got complex values")
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real array, got {type(value).__name__}") from None
    if ndim is not None and arr.ndim not in ndim:
        raise InvalidParameter(f"{name} must have {' or '.join(map(str, ndim))} dimensions, got shape {arr.shape}")
    if arr.size == 0 and not allow_empty:
        raise InvalidParameter(f"{name} is empty (shape {arr.shape})")
    if finite and not np.all(np.isfinite(arr)):
        raise InvalidParameter(f"{name} contains NaN or inf")
    return arr


def check_pair(name: str, value: Any) -> tuple[float, float]:
    """A pair ``(lo, hi)`` of finite real numbers (the order of the two is the caller's to check)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(f"{name} must be a pair (lo, hi) of real numbers, got {type(value).__name__} {value!r}")
    items = list(value)
    if len(items) != 2:
        raise InvalidParameter(f"{name} must be a pair (lo, hi), got {len(items)} entries: {value!r}")
    lo, hi = (check_real(name, v) for v in items)
    return lo, hi


def _where(where: str) -> str:
    return f" ({where})" if where else ""
