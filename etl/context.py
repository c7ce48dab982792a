"""What a reader carries from one sentence to the next: the period being talked about, the
company last named, the owner and market of the last figure, the product the paragraph is about,
and the article's own market (from its headline).

Kept in one small mutable object per article so the figure rules stay functions of
(sentence, context) and extraction stays a pure function of one article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from etl.periods import Period

PHONE = "phone"
_NO_FISCAL_YEAR = frozenset(("Market", "Others"))  # owners that keep no company's books
OTHER = "other"


@dataclass(slots=True)
class Context:
    published: date | None
    focus_market: str | None = None  # the market the headline is about, if exactly one
    main_market: str | None = None  # the market the article's first explicit statistic is about
    domain: str = PHONE  # the article's product domain, from the headline
    figure_frame: Period | None = None  # period of the last figure stated
    mention_frame: Period | None = None  # last period named in a sentence that stated no figure
    mention_block: int = -1
    mention_newer: bool = False  # named after the last figure
    calendar_frame: Period | None = None  # the last calendar (not fiscal) period that framed the talk
    fiscal_owner: str | None = None  # the company whose fiscal period framed the talk last
    vendor: str | None = None  # the company last named (antecedent of "it", "the company")
    last_vendors: list[str] = field(default_factory=list)  # vendors named in the last sentence that named any
    recent_vendors: list[str] = field(default_factory=list)  # every vendor named so far, most recent first
    speaker_vendor: str | None = None  # the company whose executive is speaking ("he expects ...")
    last_owner: str | None = None  # owner of the last figure ("That was a record")
    block: int = -1
    block_market: str | None = None  # market of the last figure in this paragraph with its own market
    block_domain: str = PHONE
    block_shift: int = 0  # years of the last "from X ... a year earlier" comparison in this paragraph
    carry_over: bool = False  # the last sentence introduced what follows ("... in India:", "And this year?")
    share_nearby: bool | None = None  # this sentence or a neighbour speaks of shares (None: not yet asked)
    sentences: list = field(default_factory=list)  # the article's sentences, and which one is read now
    index: int = 0

    @property
    def frame(self) -> Period | None:
        """The period the text is talking about: the last figure's, unless a period named since,
        in this paragraph, moved the talk on (or no figure has been stated yet)."""
        if self.mention_frame is not None and (
            self.figure_frame is None or (self.mention_newer and self.mention_block == self.block)
        ):
            return self.mention_frame
        return self.figure_frame

    def frame_for(self, owners: tuple[str, ...] | list[str] = ()) -> Period | None:
        """The frame as it applies to a figure of `owners`: a company's fiscal period is its own
        calendar, so for any other owner the talk's last calendar period stands instead."""
        frame = self.frame
        if frame is None or not frame.fiscal or not owners:
            return frame
        unowned = self.fiscal_owner is None and not _NO_FISCAL_YEAR.intersection(owners)
        if self.fiscal_owner in owners or unowned:
            return frame
        return self.calendar_frame

    def set_figure_frame(self, period: Period, owner: str | None = None) -> None:
        self.figure_frame = period
        self.mention_newer = False
        self._note(period, owner)

    def set_mention_frame(self, period: Period, owner: str | None = None) -> None:
        self.mention_frame = period
        self.mention_block = self.block
        self.mention_newer = True
        self._note(period, owner)

    def _note(self, period: Period, owner: str | None) -> None:
        if period.fiscal:
            self.fiscal_owner = owner
        else:
            self.calendar_frame = period

    def enter_block(self, block: int) -> None:
        """A new paragraph: paragraph-level carry-over starts afresh."""
        if block != self.block:
            introduced = self.carry_over and block == self.block + 1
            self.block = block
            if introduced:  # a lead-in line or a question frames the paragraph after it
                self.mention_block = block
                return
            self.block_market = None
            self.block_domain = self.domain
            self.block_shift = 0
