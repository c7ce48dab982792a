"""Markdown and plain text to paragraphs: markup stripped, pipe tables kept as pipe rows.

Deliberately a small line-based reader rather than a full CommonMark renderer: articles use
headings, emphasis, links, lists and tables, and the extractor needs the words, not the layout.
"""

from __future__ import annotations

import re

from etl.sources.textblocks import collapse, is_separator, split_pipe_line, table_block

_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+\s*)?$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")

_MARKUP_CHAR = re.compile(r"[*_\[\]`<>~\\]")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"`+([^`]+)`+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def strip_inline(text: str) -> str:
    """Words of a Markdown line: links keep their text, emphasis and code marks go."""
    if not _MARKUP_CHAR.search(text):
        return text  # most lines of prose carry no markup: skip the substitutions
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _CODE.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text)
    for pattern in (_STRONG, _STRIKE):
        text = pattern.sub(lambda m: m.group(2) if m.re is _STRONG else m.group(1), text)
    text = _EM_STAR.sub(lambda m: m.group(1), text)
    text = _EM_UNDER.sub(lambda m: m.group(1), text)
    return _ESCAPE.sub(lambda m: m.group(1), text)


def text_blocks(body: str, *, markdown: bool) -> list[str]:
    """Paragraphs and tables of a body; `markdown=False` keeps every character but tables and layout."""
    clean = strip_inline if markdown else (lambda s: s)
    blocks: list[str] = []
    para: list[str] = []
    table: list[list[str]] = []
    header_rows = 0
    in_fence = False

    def flush_para() -> None:
        if para:
            blocks.append(collapse(" ".join(para)))
            para.clear()

    def flush_table() -> None:
        nonlocal header_rows
        if table:
            blocks.append(table_block(table, header_rows))
            table.clear()
            header_rows = 0

    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        if markdown and _FENCE.match(line):
            flush_para()
            flush_table()
            in_fence = not in_fence
            continue
        if in_fence:
            blocks.append(collapse(line))
            continue
        if markdown:
            line = _QUOTE.sub("", line)
        if not line.strip():
            flush_para()
            flush_table()
            continue
        if (table and "|" in line) or _is_table_line(line, lines, i):
            flush_para()
            cells = split_pipe_line(line)
            if is_separator(cells):
                header_rows = header_rows or len(table)
                continue
            table.append([clean(c) for c in cells])
            continue
        flush_table()
        if not markdown:
            para.append(line)
            continue
        if _RULE.match(line) or _REF_DEF.match(line):
            flush_para()
            continue
        if para and _SETEXT.match(line):  # underline of a setext heading: the words above are the heading
            flush_para()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush_para()
            blocks.append(collapse(clean(heading.group(1))))
            continue
        if _BULLET.match(line):
            flush_para()
            para.append(clean(_BULLET.sub("", line, count=1)))
            continue
        para.append(clean(line))
    flush_para()
    flush_table()
    return [b for b in blocks if b]


def _is_table_line(line: str, lines: list[str], i: int) -> bool:
    """A pipe row: starts with `|`, or has pipes and sits next to a `---|---` separator line."""
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 2:
        return True
    if "|" not in s:
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and "|" in lines[j] and is_separator(split_pipe_line(lines[j])):
            return True
    return is_separator(split_pipe_line(s)) and i + 1 < len(lines) and "|" in lines[i + 1]
