"""Small vectorised helpers the analytics share: keys, labels, per-group string joins, JSON.

Per-group joins run on contiguous groups with one `np.add.reduceat`, and JSON is assembled
column-wise (each distinct string encoded once), so a million rows never go through a
Python loop.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Key of "the same figure": margins of different bases are different figures.
KEY = ["vendor", "market", "period", "metric", "basis_key"]

SEP = "; "


def basis_key(frame: pd.DataFrame) -> pd.Series:
    """`basis` for margins, empty otherwise (a shipments basis is optional, so not a key)."""
    return frame["basis"].where(frame["metric"].eq("margin"), "").fillna("").astype("str")


def host(urls: pd.Series) -> pd.Series:
    """`https://www.example.com/a` -> `example.com`; NA where there is no URL. Parsed once
    per distinct URL."""
    distinct = pd.Series(urls.dropna().unique(), dtype="str")
    hosts = distinct.str.extract(r"^[A-Za-z]+://(?:www\.)?([^/?#:]+)", expand=False)
    return urls.map(dict(zip(distinct, hosts, strict=True))).astype("str")


def day(dates: pd.Series) -> pd.Series:
    """Dates as `YYYY-MM-DD` strings (NA stays NA): readable in exports and JSON."""
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d")


def format_values(values: pd.Series, metric: pd.Series) -> pd.Series:
    """Readable values: units in millions to two decimals (`394.6M`), percents with `%`."""
    units = metric.isin(["shipments", "shipments_target"])
    scaled = (values / np.where(units, 1e6, 1.0)).round(2)
    text = scaled.astype("str").str.removesuffix(".0")
    return (text + pd.Series(np.where(units, "M", "%"), index=values.index)).where(values.notna())


def join_codes(codes: np.ndarray, texts: pd.Series, sep: str = SEP) -> pd.Series:
    """`texts` joined by `sep` per integer group code, in row order; NA skipped. Indexed by
    code (only codes with at least one text)."""
    present = texts.notna().to_numpy()
    codes = np.asarray(codes)[present]
    values = texts.to_numpy(dtype=object)[present]
    if len(values) == 0:
        return pd.Series([], dtype="str")
    order = np.argsort(codes, kind="stable")
    codes, values = codes[order], values[order]
    first = np.r_[True, codes[1:] != codes[:-1]]
    pieces = np.where(first, "", sep).astype(object) + values
    joined = np.add.reduceat(pieces, np.flatnonzero(first))
    return pd.Series(joined, index=codes[first], dtype="str")


def join_per_group(frame: pd.DataFrame, keys: list[str], column: str, sep: str = SEP) -> pd.DataFrame:
    """One row per group of `keys` that has a non-NA `column`, the values joined by `sep`
    in the frame's row order."""
    if frame.empty:
        return pd.DataFrame({**{k: pd.Series(dtype="str") for k in keys}, column: pd.Series(dtype="str")})
    codes = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    joined = join_codes(codes, frame[column], sep)
    firsts = pd.Series(np.arange(len(frame))).groupby(codes).first()
    out = frame.iloc[firsts.loc[joined.index].to_numpy()][keys].reset_index(drop=True)
    out[column] = joined.to_numpy()
    return out


def _series(array: pa.Array, index: pd.Index) -> pd.Series:
    """An Arrow string array as a `str` Series on `index` (positionally, not by label)."""
    out = array.to_pandas().astype("str")
    out.index = index
    return out


def json_text(values: pd.Series) -> pd.Series:
    """Each value as a JSON literal (`null` for NA). Strings need escaping only where they
    hold a quote, a backslash or a control character: only those go through `json.dumps`,
    once per distinct value."""
    if pd.api.types.is_bool_dtype(values):
        return pd.Series(np.where(values, "true", "false"), index=values.index, dtype="str")
    if pd.api.types.is_numeric_dtype(values):
        text = pc.cast(pa.array(values, from_pandas=True), pa.large_string()).fill_null("null")
        return _series(text, values.index)
    if pd.api.types.is_datetime64_any_dtype(values):
        return ('"' + day(values) + '"').fillna("null")
    text = values.astype("str")
    unsafe = text.str.contains(r'["\\\x00-\x1f]', regex=True).fillna(False).astype(bool)
    out = '"' + text + '"'
    if unsafe.any():
        bad = text[unsafe]
        table = {v: json.dumps(v, ensure_ascii=False) for v in bad.unique().tolist()}
        out[unsafe] = bad.map(table)
    return out.fillna("null")


def json_objects(frame: pd.DataFrame) -> pd.Series:
    """One JSON object per row of `frame` (column names as keys), joined column-wise by
    Arrow."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype="str")
    pieces: list = []
    for i, name in enumerate(frame.columns):
        pieces.append(pa.scalar(("{" if i == 0 else ",") + json.dumps(name) + ":", pa.large_string()))
        pieces.append(pa.array(json_text(frame[name]), pa.large_string()))
    pieces += [pa.scalar("}", pa.large_string()), pa.scalar("", pa.large_string())]
    joined = pc.binary_join_element_wise(*pieces)
    return _series(joined, frame.index)


def json_list_per_group(frame: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Per group, `column` (already JSON-encoded items) as one JSON array string."""
    joined = join_per_group(frame, keys, column, sep=",")
    joined[column] = "[" + joined[column] + "]"
    return joined


def flag(values: pd.Series, missing: bool = False) -> pd.Series:
    """A boolean column with NA read as `missing` (whatever dtype a merge left behind)."""
    return values.astype("boolean").fillna(missing).astype(bool)


def conform(frame: pd.DataFrame | None, columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    """`frame` with exactly `columns`, each cast to its type in `types` (default `str`).

    Every result leaves typed, empty or not: a column of nothing but NA would otherwise reach
    DuckDB as a NULL- or DOUBLE-typed column.
    """
    out = (frame if frame is not None else pd.DataFrame()).reindex(columns=columns)
    for name in columns:
        kind = types.get(name, "str")
        if kind == "bool":
            out[name] = flag(out[name])
        elif kind.startswith("datetime"):
            out[name] = pd.to_datetime(out[name]).astype(kind)
        else:
            out[name] = out[name].astype(kind)
    return out.reset_index(drop=True)
