"""Market-entry events (placeholder until written)."""

from __future__ import annotations


def entry_events(sent, sentences, ctx) -> list[dict]:
    return []
