"""The view a user is looking at, as one value that round-trips through the URL query string.

Pages, exports and the CLI all build charts from a `Filters`, so a bookmarked URL, an export
link and `phonedash export --vendor ...` describe the same chart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

SERIES = ("IDC", "Canalys", "Counterpoint", "Omdia", "Articles", "Consensus")
GRANULARITIES = ("quarter", "year")
MEASURES = ("units", "share")
MODES = ("lines", "stacked")

# Query-string key of each field; lists are comma-separated ("vendor=Apple,Xiaomi").
_KEYS = {
    "vendors": "vendor",
    "markets": "market",
    "period_from": "from",
    "period_to": "to",
    "series": "series",
    "granularity": "granularity",
    "measure": "measure",
    "mode": "mode",
    "prefer": "prefer",
}
_ALIASES = {"vendors": "vendor", "markets": "market", "period_from": "from", "period_to": "to"}
_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")
_CHOICES = {"series": SERIES, "granularity": GRANULARITIES, "measure": MEASURES, "mode": MODES}


class FilterError(ValueError):
    """A query value that names no known choice; the message is one line for the user."""


@dataclass(frozen=True)
class Filters:
    """What to show. Empty `vendors`/`markets` mean "no restriction" (charts pick sensible defaults)."""

    vendors: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    period_from: str | None = None
    period_to: str | None = None
    series: str = "IDC"
    granularity: str = "quarter"
    measure: str = "units"
    mode: str = "lines"
    # Order of sources for a target's actual (/targets); empty = the analytics' default order.
    prefer: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, query: str | Mapping | None, *, strict: bool = False) -> Filters:
        """Parse "?vendor=Apple,Xiaomi&series=Canalys" or a mapping (str or list values).

        Lenient by default (an old bookmark with a bad value still opens, with the default);
        `strict=True` raises `FilterError` instead, for the CLI.
        """
        raw = _as_mapping(query)
        values: dict[str, object] = {}
        for name, key in _KEYS.items():
            found = raw.get(key, raw.get(name, raw.get(_ALIASES.get(name, key))))
            if found is None:
                continue
            if name in ("vendors", "markets", "prefer"):
                values[name] = _split(found)
                continue
            text = _last(found).strip()
            if not text:
                continue
            if name in ("period_from", "period_to"):
                if _is_period(text):
                    values[name] = text
                elif strict:
                    raise FilterError(f"{key}: {text!r} is not a period (YYYY, YYYY-QN, YYYY-HN, YYYY-MM)")
                continue
            choice = _match_choice(text, _CHOICES[name])
            if choice is not None:
                values[name] = choice
            elif strict:
                raise FilterError(f"{key}: {text!r} is not one of {', '.join(_CHOICES[name])}")
        return cls(**values)

    def to_query(self) -> str:
        """The query string (without "?") holding every non-default field, in a stable order."""
        default = Filters()
        pairs = []
        for name, key in _KEYS.items():
            value = getattr(self, name)
            if value == getattr(default, name):
                continue
            pairs.append((key, ",".join(value) if isinstance(value, tuple) else value))
        return urlencode(pairs, safe=",")

    def with_(self, **changes) -> Filters:
        """A copy with some fields changed (lists given as any iterable)."""
        for name in ("vendors", "markets", "prefer"):
            if name in changes:
                changes[name] = _split(changes[name] or ())
        return replace(self, **changes)

    @property
    def start_date(self) -> date | None:
        """First day of `period_from`, for comparing with figures' `period_start`."""
        return period_bounds(self.period_from)[0] if self.period_from else None

    @property
    def end_date(self) -> date | None:
        """Last day of `period_to`, for comparing with figures' `period_end`."""
        return period_bounds(self.period_to)[1] if self.period_to else None


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a calendar period label (YYYY, YYYY-QN, YYYY-HN, YYYY-MM)."""
    m = _PERIOD.match(period)
    if not m:
        raise FilterError(f"{period!r} is not a period")
    year, part = int(m.group(1)), m.group(2)
    if part is None:
        first, last = 1, 12
    elif part[0] == "Q":
        first = 3 * int(part[1]) - 2
        last = first + 2
    elif part[0] == "H":
        first = 6 * int(part[1]) - 5
        last = first + 5
    else:
        first = last = int(part)
    end_year, end_month = (year + 1, 1) if last == 12 else (year, last + 1)
    try:
        return date(year, first, 1), date.fromordinal(date(end_year, end_month, 1).toordinal() - 1)
    except ValueError as exc:  # year 0000 or 9999-12: outside what `date` holds
        raise FilterError(f"{period!r} is not a period ({exc})") from None


def _is_period(text: str) -> bool:
    try:
        period_bounds(text)
    except FilterError:
        return False
    return True


def _as_mapping(query: str | Mapping | None) -> Mapping:
    if query is None:
        return {}
    if isinstance(query, Mapping):
        return query
    text = query.split("?", 1)[1] if "?" in query else query
    return parse_qs(text, keep_blank_values=False)


def _last(value: object) -> str:
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return str(value)


def _split(value: object) -> tuple[str, ...]:
    items: Iterable = value if isinstance(value, list | tuple | set | frozenset) else [value]
    out: list[str] = []
    for item in items:
        for part in str(item).split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return tuple(out)


def _match_choice(text: str, choices: tuple[str, ...]) -> str | None:
    for choice in choices:
        if choice.lower() == text.lower():
            return choice
    return None
