"""Provenance: signatures built from settings objects, and the time a run is stamped with.

Each stage keeps its options in a frozen dataclass; `signature()` turns any number of them into a
compact, stable string (like sacrebleu's signature) that every output carries, so a reader of a TMX
or TEI file knows exactly what produced it. The signature is derived from the fields themselves, so
a new option can never be left out of it.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from datetime import datetime, timezone
from enum import Enum
from typing import Any

from corpus import __version__
from corpus.errors import InputError


def _format_value(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return "+".join(_format_value(v) for v in value) if value else "none"
    if value is None:
        return "none"
    return str(value)


def signature_fields(settings: Any) -> dict[str, str]:
    """Flatten a settings dataclass (nested ones included) into `prefix.field -> value` strings."""
    if not dataclasses.is_dataclass(settings):
        raise TypeError(f"not a settings dataclass: {settings!r}")
    prefix = getattr(settings, "SIGNATURE_PREFIX", type(settings).__name__.lower())
    out: dict[str, str] = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if dataclasses.is_dataclass(value):
            out.update(signature_fields(value))
        else:
            out[f"{prefix}.{f.name}"] = _format_value(value)
    return out


def signature(*settings: Any) -> str:
    """`corpus:0.1.0|seg.lang_rules:yes|align.max_bead:3|…`, stable for equal settings."""
    parts = [f"corpus:{__version__}"]
    for s in settings:
        parts.extend(f"{k}:{v}" for k, v in signature_fields(s).items())
    return "|".join(parts)


def creation_time(environ: Mapping[str, str] | None = None) -> str:
    """Now in UTC ISO 8601, or `SOURCE_DATE_EPOCH` when set (reproducible outputs).

    The variable must be ASCII digits only, as reproducible-builds.org specifies (a non-negative
    integer): `int()` alone would also take `-1` (1969), `+5`, ` 5`, `1_000` and other scripts'
    digits, so that two tools could read one value as two different times.
    """
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            if not (epoch.isascii() and epoch.isdigit()):
                raise ValueError(epoch)
            moment = datetime.fromtimestamp(int(epoch), timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise InputError("SOURCE_DATE_EPOCH must be a non-negative integer (seconds since "
                             f"1970), not {epoch!r}") from None
    else:
        moment = datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
