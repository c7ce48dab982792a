"""Paragraph and table-row shaping shared by every format, so the extractor sees one text layout.

Layout of `Article.text`: paragraphs separated by one blank line, whitespace collapsed inside a
paragraph; a table is one block of pipe rows (`| Vendor | 2017 (m) |`), one row per line, the
header row followed by a `|---|---|` separator row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SEPARATOR_CELL = re.compile(r":?-{1,}:?")


def collapse(text: str) -> str:
    """One space between words; non-breaking and zero-width spaces count as whitespace."""
    text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())  # str.split splits on exactly what \s matches in a str pattern


def pipe_row(cells: Sequence[str]) -> str:
    """`| a | b |`: cells collapsed; an empty cell reads `| |`."""
    cells = [collapse(c).replace("|", "/") for c in cells]
    return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|" if cells else ""


def separator_row(width: int) -> str:
    return "|" + "---|" * max(width, 1)


def split_pipe_line(line: str) -> list[str]:
    """Cells of a Markdown pipe-table line (outer pipes optional, `\\|` is a literal pipe)."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


def is_separator(cells: Sequence[str]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.fullmatch(c.strip()) for c in cells)


def table_block(rows: Sequence[Sequence[str]], header_rows: int = 1) -> str:
    """Rows as pipe lines; the separator follows the header (none when there is no header)."""
    lines = [pipe_row(r) for r in rows if any(collapse(c) for c in r)]
    if not lines:
        return ""
    width = max(len(r) for r in rows)
    if 0 < header_rows < len(lines):
        lines.insert(header_rows, separator_row(width))
    return "\n".join(lines)


def join_blocks(blocks: Iterable[str]) -> str:
    """Blocks (paragraphs or tables) separated by one blank line; empty ones dropped."""
    return "\n\n".join(b for b in (b.strip() for b in blocks) if b)


def with_title(title: str | None, blocks: list[str]) -> list[str]:
    """Put the title first unless the text already opens with it (headline repeated in the body)."""
    if not title:
        return blocks
    t = _norm_title(title)
    if blocks and _norm_title(blocks[0]) == t:
        return blocks
    return [collapse(title), *blocks]


def _norm_title(s: str) -> str:
    return collapse(s).casefold().rstrip(" .:")
