"""Conversions to and from pandas and polars. Both are optional: they are
imported only when asked for, with a clear error naming the package."""

from __future__ import annotations

import importlib
from typing import Any, Dict, List


def _need(package: str, what: str) -> Any:
    try:
        return importlib.import_module(package)
    except ImportError:
        raise ModuleNotFoundError(
            f"{what} needs the package {package!r}, which is not installed; "
            f"install it with: pip install {package}",
            name=package,
        ) from None


def _numpy(what: str) -> Any:
    return _need("numpy", what)


def _codes(np: Any, data: bytes) -> Any:
    return np.frombuffer(data, dtype="<i4")


_STORE_ORDER = [
    "indicator",
    "unit",
    "period",
    "start",
    "value",
    "comment",
    "recorded_at",
    "source",
    "file",
    "sheet",
    "cell",
    "batch",
]


def store_to_pandas(store: Any) -> Any:
    pd = _need("pandas", "Store.to_pandas()")
    np = _numpy("Store.to_pandas()")
    c = store._columns()
    cols: Dict[str, Any] = {}
    for name in ("indicator", "unit"):
        codes, cats = c[name]
        cols[name] = pd.Categorical.from_codes(_codes(np, codes), categories=cats)
    codes, cats = c["period"]
    pcodes = _codes(np, codes)
    cols["period"] = pd.Categorical.from_codes(pcodes, categories=cats, ordered=True)
    starts = pd.to_datetime(pd.Series(c["period_start"], dtype="object"))
    cols["start"] = starts.to_numpy()[pcodes] if len(pcodes) else starts.to_numpy()[:0]
    cols["value"] = np.frombuffer(c["value"], dtype="<f8")
    for name in ("comment", "recorded_at", "source", "file", "sheet", "cell"):
        codes, cats = c[name]
        cols[name] = pd.Categorical.from_codes(_codes(np, codes), categories=cats)
    cols["batch"] = np.frombuffer(c["batch"], dtype="<i8")
    # Parse each batch's time once, then spread it by code (NaT for none).
    codes, cats = c["recorded_at"]
    times = pd.to_datetime(pd.Series(list(cats) + [None], dtype="object"), utc=True, format="ISO8601")
    idx = _codes(np, codes)
    cols["recorded_at"] = times.iloc[np.where(idx < 0, len(cats), idx)].reset_index(drop=True)
    return pd.DataFrame({k: cols[k] for k in _STORE_ORDER})


def store_to_polars(store: Any) -> Any:
    pl = _need("polars", "Store.to_polars()")
    np = _numpy("Store.to_polars()")
    c = store._columns()

    def strings(name: str) -> Any:
        codes, cats = c[name]
        idx = _codes(np, codes).astype("int64")
        idx = np.where(idx < 0, len(cats), idx)
        table = pl.Series(name, list(cats) + [None], dtype=pl.String)
        return table.gather(pl.Series(idx))

    def times(name: str) -> Any:
        # Parse each batch's time once, then spread it by code.
        codes, cats = c[name]
        idx = _codes(np, codes).astype("int64")
        idx = np.where(idx < 0, len(cats), idx)
        table = pl.Series(name, list(cats) + [None], dtype=pl.String).str.to_datetime(
            time_zone="UTC"
        )
        return table.gather(pl.Series(idx))

    codes, cats = c["period"]
    idx = _codes(np, codes).astype("int64")
    period = pl.Series("period", cats, dtype=pl.String).gather(pl.Series(idx))
    starts = pl.Series("start", c["period_start"], dtype=pl.String).str.to_date()
    frame = pl.DataFrame(
        {
            "indicator": strings("indicator"),
            "unit": strings("unit"),
            "period": period,
            "start": starts.gather(pl.Series(idx)),
            "value": pl.Series("value", np.frombuffer(c["value"], dtype="<f8")).fill_nan(None),
            "comment": strings("comment"),
            "recorded_at": times("recorded_at"),
            "source": strings("source"),
            "file": strings("file"),
            "sheet": strings("sheet"),
            "cell": strings("cell"),
            "batch": pl.Series("batch", np.frombuffer(c["batch"], dtype="<i8")),
        }
    )
    return frame


def records_to_pandas(records: List[Dict[str, Any]]) -> Any:
    pd = _need("pandas", "to_pandas()")
    return pd.DataFrame.from_records(records)


def records_to_polars(records: List[Dict[str, Any]]) -> Any:
    pl = _need("polars", "to_polars()")
    return pl.DataFrame(records, infer_schema_length=None)


def overview_to_pandas(overview: Any, what: str) -> Any:
    pd = _need("pandas", "Overview.to_pandas()")
    matrix = _overview_matrix(overview, what)
    return pd.DataFrame(matrix, index=pd.Index(overview.units, name="unit"), columns=overview.indicators)


def overview_to_polars(overview: Any, what: str) -> Any:
    pl = _need("polars", "Overview.to_polars()")
    matrix = _overview_matrix(overview, what)
    data: Dict[str, Any] = {"unit": list(overview.units)}
    for k, code in enumerate(overview.indicators):
        data[code] = [row[k] for row in matrix]
    return pl.DataFrame(data, infer_schema_length=None)


def _overview_matrix(overview: Any, what: str) -> Any:
    if what == "status":
        return overview.statuses
    if what == "value":
        return overview.values
    raise ValueError(f'what must be "status" or "value", not {what!r}')


def frame_columns(frame: Any) -> Dict[str, Any]:
    """The columns of a pandas or polars DataFrame, or a dict of columns,
    as plain lists (``None`` for a missing column)."""
    names = ("indicator", "unit", "period", "value", "comment")
    if isinstance(frame, dict):
        return {n: (list(frame[n]) if n in frame else None) for n in names}
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        cols = set(frame.columns)
        return {n: (frame[n].tolist() if n in cols else None) for n in names}
    if module == "polars":
        cols = set(frame.columns)
        return {n: (frame.get_column(n).to_list() if n in cols else None) for n in names}
    raise TypeError(
        "record_frame() needs a pandas or polars DataFrame (or a dict of columns) "
        f"with columns indicator, unit, period, value[, comment], not {type(frame).__name__}"
    )
