"""The curated reference tables in data/reference/, loaded as checked frames for the store.

Every vendor and market named in shipments.csv, targets.csv and events.csv must be a canonical
name of vendors.csv / markets.csv, so the dashboard can join them with article figures.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from etl import settings
from etl.frames import UNITS
from etl.model import METRICS, QUALIFIERS, STATUSES

# store table -> file in data/reference/
REFERENCE_FILES = {
    "ref_shipments": "shipments.csv",
    "ref_targets": "targets.csv",
    "ref_events": "events.csv",
}
PERIOD = r"^(FY)?\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$"


class ReferenceDataError(ValueError):
    """A reference file is missing or breaks its schema; the message is one line naming the file."""


def _text(nullable: bool = True, *checks: pa.Check) -> pa.Column:
    return pa.Column(str, list(checks), nullable=nullable)


def _schemas(vendors: list[str], markets: list[str]) -> dict[str, pa.DataFrameSchema]:
    """Column order and names follow etl/schema.py's ref_* tables."""
    vendor = _text(False, pa.Check.isin(vendors))
    market = _text(False, pa.Check.isin(markets))
    period = _text(False, pa.Check.str_matches(PERIOD))
    date = pa.Column("datetime64[us]", nullable=True)
    common = {"strict": True, "coerce": True, "ordered": True}
    return {
        "ref_shipments": pa.DataFrameSchema(
            {
                "source_firm": _text(False),
                "vendor": vendor,
                "market": market,
                "period": period,
                "metric": _text(False, pa.Check.isin(["shipments", "market_share"])),
                "value": pa.Column(float, pa.Check.ge(0)),
                "unit": _text(False, pa.Check.isin(UNITS)),
                "url": _text(),
                "published": _text(),
                "note": _text(),
                "as_of": date,
                "as_of_estimated": pa.Column("boolean", nullable=True),
            },
            name="ref_shipments",
            **common,
        ),
        "ref_targets": pa.DataFrameSchema(
            {
                "vendor": vendor,
                "market": market,
                "period": period,
                "metric": _text(False, pa.Check.isin(METRICS)),
                "value": pa.Column(float),
                "unit": _text(False, pa.Check.isin(UNITS)),
                "qualifier": _text(False, pa.Check.isin(QUALIFIERS)),
                "stated_by": _text(),
                "stated_on": date,
                "url": _text(),
                "actual_value": pa.Column(float, nullable=True),
                "actual_url": _text(),
                "note": _text(),
            },
            name="ref_targets",
            **common,
        ),
        "ref_events": pa.DataFrameSchema(
            {
                "vendor": vendor,
                "market": market,
                "period": period,
                "status": _text(False, pa.Check.isin(STATUSES)),
                "description": _text(),
                "url": _text(),
                "published": _text(),
            },
            name="ref_events",
            **common,
        ),
    }


def _read_csv(path: Path) -> pd.DataFrame:
    """Every cell as text, empty cells as missing: the schema then coerces the typed columns."""
    if not path.is_file():
        raise ReferenceDataError(f"{path}: reference file missing")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReferenceDataError(f"{path}: not a readable CSV ({problem})") from None
    return df.replace("", None)


def canonical_names(reference_dir: Path | None = None) -> tuple[list[str], list[str]]:
    """Canonical vendor names (vendors.csv) and market names (markets.csv)."""
    root = Path(reference_dir or settings.REFERENCE_DIR)
    names = []
    for name, column in (("vendors.csv", "vendor"), ("markets.csv", "market")):
        df = _read_csv(root / name)
        if column not in df.columns or df[column].isna().any():
            raise ReferenceDataError(f"{root / name}: needs a '{column}' column with no empty cells")
        names.append(sorted(df[column]))
    return names[0], names[1]


def load_reference(reference_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """The ref_* tables as validated frames, keyed by store table name."""
    root = Path(reference_dir or settings.REFERENCE_DIR)
    vendors, markets = canonical_names(root)
    schemas = _schemas(vendors, markets)
    frames = {}
    for table, filename in REFERENCE_FILES.items():
        path = root / filename
        df = _read_csv(path)
        if "as_of_estimated" in df.columns:
            df["as_of_estimated"] = df["as_of_estimated"].str.lower().map({"true": True, "false": False})
        try:
            frames[table] = schemas[table].validate(df, lazy=True)
        except pa.errors.SchemaErrors as exc:
            case = exc.failure_cases.iloc[0]
            where = str(path) if pd.isna(case["index"]) else f"{path}: line {int(case['index']) + 2}"
            problem = f"{case['column']} failed {case['check']} (value {case['failure_case']!r})"
            raise ReferenceDataError(f"{where}: {problem}") from None
    return frames


def reference_hash(reference_dir: Path | None = None) -> str:
    """One hash over the reference files, so a refresh knows whether to reload them."""
    root = Path(reference_dir or settings.REFERENCE_DIR)
    digest = hashlib.sha256()
    for name in ("vendors.csv", "markets.csv", *REFERENCE_FILES.values()):
        path = root / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()
