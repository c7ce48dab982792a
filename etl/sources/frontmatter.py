"""YAML front matter (between `---` lines at the top of a text or Markdown file)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import yaml

from etl.sources.dates import to_date

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster, same semantics
_FENCE = "---"
_CLOSERS = ("---", "...")


class FrontMatterError(ValueError):
    """Front matter present but unusable; the message is one line for the user."""


@dataclass
class FrontMatter:
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    updated: date | None = None
    extra: dict = field(default_factory=dict)


def split_front_matter(text: str) -> tuple[dict | None, str]:
    """(the YAML mapping or None, the body after it). Raises FrontMatterError on a broken block."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        return None, text
    for i in range(1, len(lines)):
        if lines[i].rstrip() in _CLOSERS:
            block, body = "\n".join(lines[1:i]), "\n".join(lines[i + 1 :])
            break
    else:
        raise FrontMatterError("front matter opened with --- is never closed")
    try:
        data = yaml.load(block, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise FrontMatterError(f"front matter is not valid YAML{where}: {problem}") from None
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter must be a YAML mapping, got {type(data).__name__}")
    return data, body


def read_fields(data: dict) -> FrontMatter:
    """The fields the spec names; anything else is kept in `extra`."""
    fm = FrontMatter()
    for key, value in data.items():
        name = str(key).strip().lower()
        if value is None:
            continue
        if name in ("title", "url", "publisher"):
            setattr(fm, name, " ".join(str(value).split()) or None)
        elif name in ("published", "updated"):
            try:
                setattr(fm, name, to_date(value))
            except ValueError:
                raise FrontMatterError(f"front matter {name} is not an ISO date: {value!r}") from None
        else:
            fm.extra[name] = value if isinstance(value, str | int | float | bool) else str(value)
    return fm
