"""Turning the date strings sources carry into `date`s, keeping the day as the source wrote it."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_date(value: object) -> date:
    """A YAML/ISO/RFC 822 date or datetime as a calendar date; ValueError when it is none of these.

    The day is the one in the source's own time zone (an item stamped 23:30-05:00 stays on its day).
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a date: {value!r}")
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if _ISO_DAY.match(s):
        return date.fromisoformat(s[:10])
    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"not a date: {value!r}") from None


def maybe_date(value: object) -> date | None:
    """Like to_date, but None for anything unreadable (metadata from pages is best effort)."""
    try:
        return to_date(value)
    except ValueError:
        return None
