"""Who stated a figure in the curated tables: the company itself, a research firm, or a third
party. The word lists are data files beside this module, so they grow without code changes."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMPANY = "company"
FIRM = "firm"
ANALYST = "analyst"


def _words(name: str) -> tuple[str, ...]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _spokespeople() -> dict[str, tuple[str, ...]]:
    people: dict[str, list[str]] = {}
    with (HERE / "spokespeople.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            people.setdefault(row["vendor"], []).append(row["person"])
    return {vendor: tuple(names) for vendor, names in people.items()}


@cache
def research_firms() -> tuple[str, ...]:
    return _words("research_firms.txt")


def _mentions(text: str, names: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE) for n in names)


@cache
def stater_kind(vendor: str, stated_by: str | None) -> str:
    """`company` where the stater is the vendor (by name or a known spokesperson) and no
    third-party word hedges it; `firm` for a research firm; `analyst` otherwise."""
    text = (stated_by or "").strip()
    if not text:
        return ANALYST
    head = re.split(r"[(,]", text, maxsplit=1)[0].strip()
    if head.lower() in {firm.lower() for firm in research_firms()}:
        return FIRM
    if _mentions(text, _words("third_party_words.txt")):
        return ANALYST
    if _mentions(text, (vendor,)) or _mentions(text, _spokespeople().get(vendor, ())):
        return COMPANY
    return ANALYST


def firm_name(stated_by: str) -> str:
    """The canonical firm name of a firm stater (`IDC` for "IDC")."""
    head = re.split(r"[(,]", stated_by, maxsplit=1)[0].strip()
    for firm in research_firms():
        if firm.lower() == head.lower():
            return firm
    return head
