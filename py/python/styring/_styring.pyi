"""Type stubs for the native module ``styring._styring`` (checked against
the built module by ``mypy.stubtest`` in the test suite)."""

from os import PathLike
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union, final

_StrPath = Union[str, "PathLike[str]"]

__version__: str
__all__ = [
    "Model",
    "Unit",
    "Indicator",
    "Perspective",
    "FocusArea",
    "Goal",
    "Rule",
    "Problem",
    "Store",
    "RecordSummary",
    "ImportSummary",
    "FileImport",
    "Revision",
    "Scorecard",
    "Section",
    "Row",
    "Overview",
    "Report",
    "Economy",
    "scorecard",
    "overview",
    "evaluate",
    "export_xlsx",
    "write_template",
    "set_language",
    "get_language",
    "import_budget",
    "plan_versions",
    "check_budget",
    "budget",
    "import_accounts",
    "set_forecast",
    "accounts",
    "economy",
    "import_deviations",
    "deviations",
    "add_deviation",
    "move_deviation",
    "deviations_report",
    "deviation",
    "whistleblowing_cases",
    "add_case",
    "whistleblowing",
    "access_log",
    "import_benefit_plan",
    "benefit_plans",
    "benefits",
    "benefit_values",
    "record_benefit_value",
    "benefit_report",
    "read_kostra",
    "import_kostra",
    "fetch_kostra",
    "kostra_tables",
    "kostra_values",
    "kostra_comparison",
    "__version__",
]

def set_language(language: str) -> None:
    """Sets the language of messages, reasons and workbooks: ``"nb"``
    (Norwegian bokmål, the default) or ``"en"``."""

def get_language() -> str:
    """The language of messages: ``"nb"`` or ``"en"``."""

@final
class Problem:
    """One problem found in a model, workbook, frame or script: where it is
    and what is wrong."""

    @property
    def kind(self) -> str:
        """What kind of problem (`unknown_indicator`, `out_of_range`,
        `bad_period`, `locked`, `damaged` …; `other` when none fits), to
        branch on."""
    @property
    def file(self) -> Optional[str]:
        """The file, if the problem is in a file."""
    @property
    def sheet(self) -> Optional[str]:
        """The sheet, for workbooks."""
    @property
    def cell(self) -> Optional[str]:
        """The cell (``D7``), for workbooks."""
    @property
    def entry(self) -> Optional[str]:
        """The model entry (``indicators[4] (M.1.5)``), frame row or value."""
    @property
    def message(self) -> str:
        """What is wrong, in the language set by ``set_language``."""
    @property
    def message_nb(self) -> str:
        """What is wrong, in Norwegian bokmål."""
    @property
    def message_en(self) -> str:
        """What is wrong, in English."""

@final
class Model:
    """A municipality's management model: perspectives, focus areas, units,
    indicators, targets and the goal tree (``model.toml``)."""

    @staticmethod
    def example() -> Model:
        """The built-in example: Øyer kommune."""
    @staticmethod
    def load(path: _StrPath) -> Model:
        """Loads and checks ``model.toml``; raises ``ModelError``."""
    @staticmethod
    def from_toml(text: str, name: str = "model.toml", base_dir: Optional[_StrPath] = None) -> Model:
        """Reads a model from TOML text."""
    def to_toml(self) -> str:
        """The model as ``model.toml`` text."""
    def save(self, path: _StrPath) -> None:
        """Saves the model to ``path`` atomically."""
    def check(self) -> List[Problem]:
        """Advice and script problems that do not stop the model loading."""
    @property
    def name(self) -> str:
        """The municipality's name."""
    @property
    def municipality_id(self) -> str:
        """The municipality's id."""
    @property
    def units(self) -> List[Unit]:
        """Every unit: sectors and service units."""
    @property
    def indicators(self) -> List[Indicator]:
        """Every indicator."""
    @property
    def perspectives(self) -> List[Perspective]:
        """The perspectives."""
    @property
    def focus_areas(self) -> List[FocusArea]:
        """The focus areas."""
    @property
    def goals(self) -> List[Goal]:
        """The goal tree."""
    def unit(self, id: str) -> Unit:
        """One unit by id; raises ``ValidationError`` when unknown."""
    def indicator(self, code: str) -> Indicator:
        """One indicator by code; raises ``ValidationError`` when unknown."""
    def set_rule(self, code: str, rule: Rule) -> None:
        """Sets an indicator's traffic-light rule."""
    def set_computed(self, code: str, script: Optional[str]) -> None:
        """Makes an indicator computed by a rhai script (``None``: reported)."""
    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]: ...

@final
class Unit:
    """A sector or service unit."""

    @property
    def id(self) -> str:
        """Its id, e.g. `aurvoll`."""
    @property
    def name(self) -> str:
        """Its name, e.g. `Aurvoll skole`."""
    @property
    def kind(self) -> str:
        """Its kind, e.g. `skole` or `sektor`."""
    @property
    def parent(self) -> Optional[str]:
        """The sector (or municipality) it belongs to."""
    @property
    def leader(self) -> str:
        """Its leader."""
    @property
    def fte(self) -> float:
        """Full-time equivalents (årsverk)."""
    @property
    def is_sector(self) -> bool:
        """Whether it is a sector (values roll up into it)."""

@final
class Indicator:
    """An indicator: what is measured, how, and how it is judged."""

    @property
    def code(self) -> str:
        """Its code, e.g. `M.1.5`."""
    @property
    def name(self) -> str:
        """Its name."""
    @property
    def description(self) -> str:
        """How it is measured."""
    @property
    def focus_area(self) -> str:
        """Its focus area's id."""
    @property
    def perspective(self) -> str:
        """Its perspective's id."""
    @property
    def measure(self) -> str:
        """`percent`, `number`, `score`, `nok` or `count`."""
    @property
    def decimals(self) -> int:
        """Decimals shown."""
    @property
    def min(self) -> Optional[float]:
        """Smallest valid value, if any (percentages are fractions)."""
    @property
    def max(self) -> Optional[float]:
        """Largest valid value, if any."""
    @property
    def direction(self) -> str:
        """`higher_is_better`, `lower_is_better` or `within_range`."""
    @property
    def frequency(self) -> str:
        """`month`, `tertial` or `year`."""
    @property
    def source(self) -> str:
        """Where the numbers come from."""
    @property
    def computed(self) -> Optional[str]:
        """The script that computes it, if it is computed (inline text, or the file's
        path)."""
    @property
    def rule(self) -> Rule:
        """How a value becomes a traffic light."""

@final
class Perspective:
    """A perspective of the balanced scorecard."""

    @property
    def id(self) -> str:
        """Its id, e.g. `okonomi`."""
    @property
    def name(self) -> str:
        """Its name, e.g. `Økonomi`."""

@final
class FocusArea:
    """A focus area within a perspective."""

    @property
    def id(self) -> str:
        """Its id, e.g. `M.1`."""
    @property
    def perspective(self) -> str:
        """The perspective's id."""
    @property
    def name(self) -> str:
        """Its name."""
    @property
    def cross_cutting(self) -> bool:
        """Whether every unit works on it (gjennomgående)."""

@final
class Goal:
    """A goal in the goal tree."""

    @property
    def id(self) -> str:
        """Its id, e.g. `KP.3`."""
    @property
    def level(self) -> str:
        """`kommuneplan`, `temaplan`, `virksomhetsplan`, `lederavtale` …"""
    @property
    def title(self) -> str:
        """What the goal says."""
    @property
    def parent(self) -> Optional[str]:
        """The goal it serves, if any."""
    @property
    def unit(self) -> Optional[str]:
        """The unit it belongs to, if any."""
    @property
    def indicators(self) -> List[str]:
        """The indicators that measure it."""

@final
class Rule:
    """A traffic-light rule; set it with ``Model.set_rule``."""

    @staticmethod
    def tolerance(absolute: Optional[float] = None, relative: Optional[float] = None) -> Rule:
        """Green on or better than the target, yellow within the tolerance, red
        beyond it. `absolute` is in the indicator's units (0.005 is half a
        percent point); `relative` is a share of the target."""
    @staticmethod
    def range(absolute: Optional[float] = None, relative: Optional[float] = None) -> Rule:
        """For a target range: green inside it, yellow within the tolerance outside
        it, red beyond."""
    @staticmethod
    def kostra_group(absolute: Optional[float] = None, relative: Optional[float] = None) -> Rule:
        """Against the KOSTRA group's average for the year: green at or
        better than it (by the indicator's direction), yellow worse within
        the tolerance, red beyond. The indicator needs a `kostra` source
        and the model a `[kostra] group`."""
    @staticmethod
    def bands(yellow: float, green: float) -> Rule:
        """Fixed bands: green from `green`, yellow from `yellow` (below them for
        indicators where lower is better)."""
    @staticmethod
    def script(source: str) -> Rule:
        """A rule written in rhai (see the scripts README): it sees `value`,
        `target`, `previous`, `history`, `unit`, `indicator`, `period` and
        returns `green()`, `yellow()`, `red()` or `no_data()`. Raises
        `ScriptError` with line and column when it does not compile."""
    @property
    def kind(self) -> str:
        """`tolerance`, `range`, `bands`, `kostra_group` or `script`."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class RecordSummary:
    """The counts of one recording."""

    @property
    def new(self) -> int:
        """Values that were not in the store."""
    @property
    def changed(self) -> int:
        """Values that replaced another (the old one is kept as a revision)."""
    @property
    def unchanged(self) -> int:
        """Values equal to the stored one (not stored again)."""

@final
class FileImport:
    """What one workbook gave in an import."""

    @property
    def file(self) -> str:
        """The file as named in messages."""
    @property
    def shape(self) -> str:
        """`template` (one of ours) or `long_table`."""
    @property
    def values(self) -> int:
        """Values read from it."""
    @property
    def new(self) -> int:
        """Values new to the store (0 in a dry run)."""
    @property
    def changed(self) -> int:
        """Values that changed a stored one (0 in a dry run)."""
    @property
    def unchanged(self) -> int:
        """Values equal to the stored one (0 in a dry run)."""

@final
class ImportSummary:
    """The result of ``Store.import_xlsx``."""

    @property
    def files(self) -> List[FileImport]:
        """Each file's counts, in the order given."""
    @property
    def dry_run(self) -> bool:
        """Whether this was a dry run (nothing written)."""
    @property
    def values(self) -> int:
        """Values read from all files."""
    @property
    def new(self) -> int:
        """New values in all files."""
    @property
    def changed(self) -> int:
        """Changed values in all files."""
    @property
    def unchanged(self) -> int:
        """Unchanged values in all files."""
    def __len__(self) -> int: ...

@final
class Revision:
    """One stored version of a value, with where it came from."""

    @property
    def period(self) -> str:
        """The period, e.g. `2025-03`."""
    @property
    def value(self) -> Optional[float]:
        """The value (`None` when reported missing)."""
    @property
    def comment(self) -> Optional[str]:
        """The unit's comment, if any."""
    @property
    def recorded_at(self) -> str:
        """When it was recorded (UTC, ISO 8601)."""
    @property
    def actor(self) -> Optional[str]:
        """Who recorded it (`None` for values from before actors were kept)."""
    @property
    def source(self) -> str:
        """How it came: `import` (a workbook), `python`, `demo`, `manual` …"""
    @property
    def file(self) -> Optional[str]:
        """The file it came from, if any."""
    @property
    def sheet(self) -> Optional[str]:
        """The sheet, for workbooks."""
    @property
    def cell(self) -> Optional[str]:
        """The cell, for workbooks."""
    @property
    def batch(self) -> int:
        """The store batch it was recorded in."""
    @property
    def current(self) -> bool:
        """Whether this is the value in force (the latest version)."""

@final
class Store:
    """Where values live, with every revision and its provenance."""

    def __new__(cls, model: Optional[Model] = None) -> Store:
        """Where values live: an SQLite file (`Store.open(path)`) or memory
        (`Store()`). Every change is kept as a revision with its
        provenance."""
    @staticmethod
    def open(
        path: _StrPath,
        model: Optional[Model] = None,
        *,
        wait: float = 30.0,
        actor: Optional[str] = None,
    ) -> Store:
        """Opens the SQLite store at `path`, creating it when missing. A write
        waits up to `wait` seconds while another program writes to the
        store; `actor` is who the writes are recorded as (else
        `STYRING_ACTOR`, else the user name)."""
    @staticmethod
    def example(model: Model) -> Store:
        """A store in memory with the example's sample data for `model` (2023–2025,
        recorded as it arrived, with 2025-T1 and T2 locked)."""
    @staticmethod
    def from_bytes(data: bytes, model: Optional[Model] = None) -> Store:
        """A store in memory from the bytes of a store (see `to_bytes`)."""
    def to_bytes(self) -> bytes:
        """The whole store as the bytes of an SQLite file."""
    def save(self, path: _StrPath) -> None:
        """Writes a copy of the store to `path` (atomically)."""
    @property
    def model(self) -> Optional[Model]:
        """The model values are checked against, if bound."""
    @model.setter
    def model(self, model: Optional[Model]) -> None:
        """The model values are checked against, if bound."""
    @property
    def path(self) -> str:
        """The file the store lives in, or `:memory:`."""
    def record(
        self,
        indicator: str,
        unit: str,
        period: str,
        value: float,
        comment: Optional[str] = None,
        *,
        model: Optional[Model] = None,
    ) -> RecordSummary:
        """Records one value (checked against the model; all or nothing). `period` is
        text such as `2025-03`, `2025-T2` or `2025`."""
    def record_frame(self, frame: Any, *, model: Optional[Model] = None) -> RecordSummary:
        """Records every row of a pandas or polars DataFrame with columns `indicator,
        unit, period, value[, comment]`, as one batch: when any row has a
        problem, nothing is stored and `ValidationError` lists every
        problem with its row."""
    def import_xlsx(
        self,
        paths: Union[_StrPath, Sequence[_StrPath], Model],
        old_paths: Optional[Union[_StrPath, Sequence[_StrPath]]] = None,
        *,
        model: Optional[Model] = None,
        dry_run: bool = False,
        unit: Optional[str] = None,
    ) -> ImportSummary:
        """Reads unit workbooks (.xlsx, .xlsm, .xls, .ods; our templates or
        long tables) and records them, one batch per file, checked against
        the store's model (or `model=`). Every file is checked first: any
        problem raises `WorkbookImportError` listing each with file, sheet
        and cell, and nothing is stored. With `dry_run` nothing is written
        either way. (`import_xlsx(model, paths)`, the older form, still works
        and warns.)"""
    def history(self, indicator: str, unit: str) -> List[Revision]:
        """Every version of every period of one series (indicator, unit), oldest
        period first and, within it, oldest version first."""
    def lock_period(self, period: str, reason: str) -> None:
        """Locks a period as reported (changes to it then need `reopen`)."""
    def reopen_period(self, period: str, reason: str) -> None:
        """Reopens a locked period, with a reason."""
    def _columns(self) -> Dict[str, Any]:
        """The columns of `to_pandas`/`to_polars`, as buffers (internal)."""
    def to_pandas(self) -> Any:
        """One row per value in force: indicator, unit, period, start (the period's
        first day), value, comment and provenance (recorded_at, source,
        file, sheet, cell, batch). Needs pandas."""
    def to_polars(self) -> Any:
        """As `to_pandas`, as a polars DataFrame. Needs polars."""
    def __len__(self) -> int: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]: ...

@final
class Row:
    """One row of a scorecard."""

    @property
    def indicator(self) -> str:
        """Indicator code."""
    @property
    def name(self) -> str:
        """Indicator name."""
    @property
    def perspective(self) -> str:
        """Perspective id."""
    @property
    def focus_area(self) -> str:
        """Focus area id."""
    @property
    def value(self) -> Optional[float]:
        """The value (percentages as fractions), or `None`."""
    @property
    def value_text(self) -> str:
        """The value as shown, e.g. `5,3 %`."""
    @property
    def value_period(self) -> str:
        """The period the value is for (a yearly indicator shows its year)."""
    @property
    def target(self) -> Optional[float]:
        """The target (the middle of a target range), or `None`."""
    @property
    def target_min(self) -> Optional[float]:
        """The lower end of a target range (the target itself otherwise)."""
    @property
    def target_max(self) -> Optional[float]:
        """The upper end of a target range (the target itself otherwise)."""
    @property
    def target_text(self) -> str:
        """The target as shown, e.g. `−1,0 % til 1,0 %`."""
    @property
    def status(self) -> Optional[str]:
        """`green`, `yellow`, `red`, `no_data` or `error`; `None` for a value
        with no target to judge it by (no light)."""
    @property
    def reason(self) -> str:
        """Why, in words."""
    @property
    def trend(self) -> str:
        """`improving`, `worsening`, `stable` or `unknown`, against the previous
        period."""
    @property
    def trend_arrow(self) -> str:
        """The arrow for the trend (↑ ↓ →)."""
    @property
    def trend_word(self) -> str:
        """The trend in words, e.g. `bedre`."""
    @property
    def trend_last_year(self) -> str:
        """Trend against the same period last year."""
    @property
    def previous(self) -> Optional[float]:
        """The previous period's value."""
    @property
    def last_year(self) -> Optional[float]:
        """The same period last year."""
    @property
    def comment(self) -> Optional[str]:
        """The unit's comment (analysis), if any."""
    @property
    def history(self) -> List[Tuple[str, Optional[float]]]:
        """The last values, oldest first: `(period, value)`."""
    @property
    def computed_by(self) -> Optional[str]:
        """The script that computed the value, for computed indicators."""
    @property
    def late(self) -> bool:
        """Whether the value is missing though the period is due."""
    @property
    def from_kostra(self) -> bool:
        """Whether the value is KOSTRA's figure for the whole municipality."""
    @property
    def breaks(self) -> List[Tuple[str, str]]:
        """Where the series breaks within the history: `(period, note)`; no
        trend crosses a break."""
    @property
    def measure(self) -> str:
        """`percent`, `number`, `score`, `nok` or `count`."""
    def to_dict(self) -> Dict[str, Any]:
        """The row as a dict (one DataFrame row)."""

@final
class Scorecard:
    """A scorecard (styringskort) for a unit, sector or the municipality."""

    @property
    def unit(self) -> str:
        """The unit's id, or `all` for the municipality."""
    @property
    def unit_name(self) -> str:
        """The unit's (or municipality's) name."""
    @property
    def period(self) -> str:
        """The period, e.g. `2025-T2`."""
    @property
    def rows(self) -> List[Row]:
        """Every row, grouped by perspective and focus area."""
    @property
    def counts(self) -> List[Tuple[str, int]]:
        """How many rows have each status."""
    def row(self, indicator: str) -> Optional[Row]:
        """The row for an indicator code, or `None`."""
    def records(self) -> List[Dict[str, Any]]:
        """The rows as dicts (for `pandas.DataFrame(...)` and the like)."""
    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame, one row per indicator. Needs pandas."""
    def to_polars(self) -> Any:
        """The rows as a polars DataFrame. Needs polars."""
    @property
    def sections(self) -> List[Section]:
        """The scorecard's sections in order: a summary, then one table per
        perspective (`card.sections[1].to_pandas()`)."""
    @property
    def title(self) -> str:
        """The report's title, e.g. `Styringskort — Aurvoll skole`."""
    def _repr_html_(self) -> str:
        """The scorecard as HTML (the same page `styring scorecard --format
        html` writes): grouped by perspective and focus area, with lights,
        trend arrows and each row's history as a small chart."""
    def to_html(self, path: _StrPath) -> None:
        """Writes the scorecard as one self-contained HTML page to `path`,
        atomically."""
    def __len__(self) -> int: ...

@final
class Section:
    """One section of a report: a heading and a table or a paragraph."""

    @property
    def title(self) -> str:
        """The heading, e.g. `Medarbeidere`."""
    @property
    def status(self) -> Optional[str]:
        """The section's combined status (`green` …), if it has one."""
    @property
    def kind(self) -> str:
        """`table` or `paragraph`."""
    @property
    def text(self) -> Optional[str]:
        """The paragraph's text (`None` for a table)."""
    @property
    def columns(self) -> List[str]:
        """The table's column keys (empty for a paragraph)."""
    @property
    def headings(self) -> List[str]:
        """The table's column headings in the report's language."""
    def records(self) -> List[Dict[str, Any]]:
        """The table's data rows as dicts keyed by column: a number where the
        cell holds one (values, money, percent), the status key for a
        status, else the cell's text. Each row also has `group`, the focus
        area (or other heading) it stands under."""
    def texts(self) -> List[List[str]]:
        """The cells as the report shows them (`5,3 %`, `▲ gul`), one list per
        data row."""
    def to_pandas(self) -> Any:
        """The table as a pandas DataFrame (one row per data row). Needs pandas."""
    def to_polars(self) -> Any:
        """The table as a polars DataFrame. Needs polars."""
    def __len__(self) -> int: ...

@final
class Overview:
    """The units × indicators matrix for a period."""

    @property
    def period(self) -> str:
        """The period, e.g. `2025-T2`."""
    @property
    def units(self) -> List[str]:
        """Unit ids (`all` for the municipality), one per matrix row."""
    @property
    def unit_names(self) -> List[str]:
        """Unit names, one per matrix row."""
    @property
    def indicators(self) -> List[str]:
        """Indicator codes, one per matrix column."""
    @property
    def statuses(self) -> List[List[Optional[str]]]:
        """Status keys (`None` where the indicator does not apply)."""
    @property
    def values(self) -> List[List[Optional[float]]]:
        """Values (`None` where missing or not applicable)."""
    def to_pandas(self, what: str = "status") -> Any:
        """The matrix as a pandas DataFrame: units × indicators, of statuses
        (`what="status"`) or values (`what="value"`). Needs pandas."""
    def to_polars(self, what: str = "status") -> Any:
        """As `to_pandas`, as a polars DataFrame with a `unit` column. Needs polars."""
    def status(self, unit: str, indicator: str) -> Optional[str]:
        """The status of one cell, or `None` where the indicator does not apply."""
    @property
    def sections(self) -> List[Section]:
        """The overview's sections (one table: a row per unit, a column per
        indicator)."""
    def _repr_html_(self) -> str:
        """The matrix as HTML, each cell coloured by its status."""

def scorecard(
    model: Model,
    store: Store,
    unit: str,
    period: str,
    *,
    history: int = 6,
    as_of: Optional[str] = None,
    as_reported: Optional[str] = None,
) -> Scorecard:
    """The scorecard for a unit, a sector or ``"all"`` and a period."""

def overview(model: Model, store: Store, period: str) -> Overview:
    """The units × indicators matrix for a period."""

@final
class Report:
    """Any report of the library (a plan's statement, the economy table):
    its sections as DataFrames, its page as HTML."""

    @property
    def title(self) -> str:
        """The title."""
    @property
    def subtitle(self) -> Optional[str]:
        """The line under the title, if any."""
    @property
    def sections(self) -> List[Section]:
        """The sections, in order (`report.sections[1].to_pandas()`)."""
    def _repr_html_(self) -> str:
        """The report as HTML, for notebooks."""
    def to_html(self, path: Union[str, PathLike[str]]) -> None:
        """Writes the report as one self-contained HTML page to `path`."""
    def to_xlsx(self, path: Union[str, PathLike[str]]) -> None:
        """Writes the report as a workbook to `path`."""

@final
class Economy:
    """The economy table for a period: per unit and budget area the frame,
    the budget and accounts to date, the deviation and the forecasts."""

    @property
    def period(self) -> str:
        """The period, e.g. `2025-T2`."""
    @property
    def version(self) -> str:
        """The plan version the accounts are measured against."""
    def records(self) -> List[Dict[str, Any]]:
        """One dict per row: `unit`, `name`, `level`, `frame`,
        `budget_to_date`, `accounts_to_date`, `deviation`, `deviation_pct`,
        `forecast_mechanical`, `forecast_entered`, `status` … (kroner,
        expenses positive; fractions for percentages)."""
    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame. Needs pandas."""
    @property
    def sections(self) -> List[Section]:
        """The report's sections."""
    def _repr_html_(self) -> str:
        """The table as HTML, for notebooks."""
    def __len__(self) -> int: ...

def import_budget(
    model: Model, store: Store, path: Union[str, PathLike[str]], *, dry_run: bool = False
) -> Tuple[Dict[str, Any], List[Problem]]:
    """Reads the plan version in the workbook at `path` into `store` (unless
    `dry_run`): returns `(version, problems)`, the version as a dict and the
    balance check's problems (an unbalanced plan is stored: it is what was
    decided)."""

def plan_versions(store: Store) -> List[Dict[str, Any]]:
    """Every plan version in the store, as dicts, in the order entered."""

def check_budget(model: Model, store: Store, version: Optional[str] = None) -> List[Problem]:
    """The balance check of a version (the last entered without `version`):
    each unbalanced year with its gap, each unspecified saving, each area
    whose units' frames do not add up. Empty when the plan balances."""

def budget(
    model: Model, store: Store, version: Optional[str] = None, year: Optional[int] = None
) -> Report:
    """A version's budget statement, frames, balance and targets as a report
    (`version`, or the one accounts for `year` are measured by, or the last)."""

def import_accounts(
    model: Model,
    store: Store,
    paths: Sequence[Union[str, PathLike[str]]],
    *,
    sign: Optional[str] = None,
    dry_run: bool = False,
) -> Dict[str, Any]:
    """Reads accounting exports into `store` (unless `dry_run`). `sign` is
    `"expenses-positive"` or `"expenses-negative"` unless each file states
    its own. Returns a dict of counts and the sign warnings."""

def set_forecast(
    model: Model, store: Store, unit: str, period: str, amount: float, comment: str
) -> None:
    """Records the forecast of a unit's (or budget area's) year-end deviation
    in kroner (an overspend positive), made in the tertial `period`."""

def accounts(store: Store) -> List[Dict[str, Any]]:
    """The current account lines (the latest revision of each unit, month and
    category) as dicts: `unit`, `month`, `category`, `amount` (kroner,
    expenses positive), `file`, `sheet`, `cell` — `pandas.DataFrame(...)`
    away."""

def economy(model: Model, store: Store, period: str) -> Economy:
    """The economy table for `period` (`2025-T2`, `2025-05`, `2025`)."""

def import_deviations(
    model: Model,
    store: Store,
    paths: Sequence[Union[str, PathLike[str]]],
    *,
    dry_run: bool = False,
) -> Dict[str, int]:
    """Imports deviations from quality-system exports (`dry_run`: check only).
    Gives `new`, `extended`, `new_steps` and `unchanged`; a problem in any
    row raises `WorkbookImportError` with every problem at its cell, and
    nothing is stored."""

def deviations(model: Model, store: Store) -> List[Dict[str, Any]]:
    """Every deviation as a record (`id`, `unit`, `category`, `description`,
    `registered`, `risk_score`, `risk_level`, `state`, `deadline`,
    `closed`, `closed_in_time`, `days_to_close`, `overdue`, `duty`,
    `notified` …) — `pandas.DataFrame(...)` away. Never who reported it."""

def add_deviation(
    model: Model,
    store: Store,
    unit: str,
    category: str,
    description: str,
    consequence: int,
    likelihood: int,
    *,
    happened: Optional[str] = None,
    duty: Optional[str] = None,
    deadline: Optional[str] = None,
    id: Optional[str] = None,
    at: Optional[str] = None,
) -> Dict[str, Any]:
    """Registers a deviation (as the store's actor; its deadline from the
    model's risk matrix unless given) and gives its record."""

def move_deviation(
    model: Model,
    store: Store,
    id: str,
    to: str,
    *,
    reason: Optional[str] = None,
    at: Optional[str] = None,
) -> Dict[str, Any]:
    """Moves a deviation to `to` (`mottatt`, `under_behandling`, `lukket`; a
    closed one back with a `reason`) and gives its record."""

def deviations_report(model: Model, store: Store, period: str) -> Report:
    """The period's deviations and the statistics per unit, as a report."""

def deviation(model: Model, store: Store, id: str) -> Report:
    """One deviation as a report for the leader who handles it: what
    happened, its risk, handler, deadline and notification, every step and
    its measures (never its reporter). An unknown id raises
    `ValidationError` with «mente du»."""

def whistleblowing_cases(model: Model, store: Store) -> List[Dict[str, Any]]:
    """Every whistleblowing case as a record (`id`, `channel`, `received`,
    `unit`, `handler`, `state`, `anonymous`, and whether its deadlines were
    met) — never its subject, description or reporter."""

def add_case(
    model: Model,
    store: Store,
    channel: str,
    subject: str,
    description: str,
    *,
    unit: Optional[str] = None,
    handler: Optional[str] = None,
    reporter_name: Optional[str] = None,
    reporter_contact: Optional[str] = None,
    id: Optional[str] = None,
    at: Optional[str] = None,
) -> Dict[str, Any]:
    """Registers a whistleblowing case received at `at` (now by default), the
    reporter's identity sealed to the model's `[whistleblowing] recipient`
    before it is stored (no `reporter_name`: anonymous), and gives its
    record (without texts or identity)."""

def whistleblowing(model: Model, store: Store, period: str) -> Report:
    """The period's cases and the counts per channel, as a report."""

def access_log(store: Store) -> List[Dict[str, Any]]:
    """The access log: every unsealing of a reporter's identity, as records
    (`case`, `actor`, `at`, `reason`)."""

def import_benefit_plan(
    model: Model, store: Store, path: _StrPath, *, dry_run: bool = False
) -> Tuple[Dict[str, Any], List[Problem]]:
    """Reads the benefit plan in the workbook at `path` and stores it as the
    plan's next version (unless `dry_run`, or it is the same as the last):
    returns `(plan, warnings)`, the plan as a record with `version` (None
    when nothing was stored) and what the benefit map lacks (stored, and
    listed). A problem in the workbook raises `WorkbookImportError` with
    every problem at its cell; a unit, indicator or goal the model does not
    have raises `ValidationError`; nothing is stored."""

def benefit_plans(
    model: Model, store: Store, *, today: Optional[str] = None
) -> List[Dict[str, Any]]:
    """Every benefit plan at its latest version as a record (`id`, `project`,
    `owner`, `units`, `kind`, `benefits` (how many), `status` rolled up
    from its benefits at `today`, `YYYY-MM-DD`, today by default)."""

def benefits(
    model: Model, store: Store, plan: Optional[str] = None, *, today: Optional[str] = None
) -> List[Dict[str, Any]]:
    """Every benefit of plan `plan` (of every plan without it) as a record:
    `plan`, `benefit`, `kind`, `measure_unit`, `baseline`, `baseline_date`,
    `baseline_source`, `expected`, `due`, the latest realised value
    (`latest_period`, `latest_value`), `progress` (the share of the way
    from baseline to expected, may pass 1), `time_passed`, `status` and its
    `reason` at `today`, `owner`, `indicator`, `goals`, `measure`, `effect`."""

def benefit_values(
    model: Model, store: Store, plan: Optional[str] = None
) -> List[Dict[str, Any]]:
    """Every realised value of plan `plan` (of every plan without it) as a
    record: `plan`, `benefit`, `period`, `start` (`YYYY-MM-DD`), `value`,
    and `source` — `recorded` by hand, or from the benefit's `indicator`
    rolled up over the plan's units."""

def record_benefit_value(
    store: Store, plan: str, benefit: str, period: str, value: float
) -> None:
    """Records a realised value of benefit `benefit` of plan `plan` for
    `period` (`2025-T2`, `2025-05`, `2025`), as the store's actor. An
    unknown plan or benefit (with «mente du») or a value that is not a
    finite number raises `ValidationError`."""

def benefit_report(
    model: Model, store: Store, plan: str, *, today: Optional[str] = None
) -> Report:
    """Plan `plan` as a report for the year of `today` (`YYYY-MM-DD`, today
    by default), judged at `today`: each benefit with its baseline,
    expected and realised values, status and reason, the plan's roll-up and
    the benefit map."""

def read_kostra(path: _StrPath, *, encoding: str = "auto") -> List[Dict[str, Any]]:
    """Every cell of a table saved from SSB (JSON-stat 2.0 or CSV, `encoding`
    `auto`, `utf-8` or `iso-8859-1` for CSV) as a record: each dimension's
    code under the dimension's id, its label under `<id>_label`, `value`
    (None where missing), `status` (SSB's symbol, or None) and
    `status_text` (what the symbol means). A bad file raises
    `ValidationError` with every problem at its JSON path or line."""

def import_kostra(
    model: Model,
    store: Store,
    paths: Sequence[_StrPath],
    *,
    table: Optional[str] = None,
    encoding: str = "auto",
    dry_run: bool = False,
) -> Dict[str, Any]:
    """Reads the model's KOSTRA figures from saved SSB tables (JSON-stat or
    CSV) into the store — only what is new or revised — unless `dry_run`.
    Gives `new`, `changed`, `unchanged` and per file its `table` and
    number of `values`. A file that does not fit the model raises
    `ValidationError` with every problem, and nothing is stored."""

def kostra_values(store: Store) -> List[Dict[str, Any]]:
    """The KOSTRA figures in the store (the latest of each indicator, region
    and year) as records: `indicator`, `region`, `year`, `value`,
    `status`, `code_in_table`, `break`, `table`, `source`, `read_at`."""

def kostra_comparison(
    model: Model, store: Store, year: int, *, indicator: Optional[str] = None
) -> Report:
    """The municipality against its KOSTRA group, the country and the chosen
    municipalities in `year` (every KOSTRA indicator, or `indicator`), as
    a report."""

def fetch_kostra(
    model: Model,
    store: Store,
    *,
    table: Optional[Sequence[str]] = None,
    region: Optional[str] = None,
    years: Optional[str] = None,
    contents: Optional[str] = None,
    select: Optional[Dict[str, str]] = None,
    codelist: Optional[Dict[str, str]] = None,
    base_url: Optional[str] = None,
    cache: Optional[_StrPath] = None,
    refresh: bool = False,
    timeout: float = 60.0,
    dry_run: bool = False,
) -> Dict[str, Any]:
    """Fetches the model's KOSTRA figures from SSB's PxWebApi v2 (or
    `base_url`) into the store — only what is new or revised — unless
    `dry_run`. Without choices it fetches every table the model's
    indicators read, for the municipality, its KOSTRA group, the country
    and the chosen municipalities, every year; `table`, `region`,
    `years` (`2020-2025`, `2020-`, `top(5)` …), `contents` and `select`
    (variable → selection) choose otherwise, `codelist` gives a variable
    a code list. The API's limits are read from its `/config` and kept;
    answers are kept in `cache` (a folder) while SSB has not updated the
    table. Gives `new`, `changed`, `unchanged` and per table its
    `table`, `label`, `values` and `calls` (`url`, `cells`, `fetched`,
    `from_cache`). A time-out raises `TimeoutError`, no connection
    `ConnectionError`, a selection the table lacks `ValidationError`,
    the API's own errors `StyringError`; nothing is stored then."""

def kostra_tables(
    *, query: Optional[str] = None, base_url: Optional[str] = None, timeout: float = 60.0
) -> List[Dict[str, Any]]:
    """The tables of SSB's PxWebApi v2 (or `base_url`) matching `query`,
    every page, as records: `id`, `label`, `updated`, `first_period`,
    `last_period`, `discontinued`."""

def evaluate(model: Model, store: Store, period: str) -> List[Dict[str, Any]]:
    """Every (unit, indicator) status for a period, as records."""

def export_xlsx(
    model: Model, store: Store, path: _StrPath, period: str, *, language: Optional[str] = None
) -> List[str]:
    """Writes the scorecard workbook; returns its sheet names."""

def write_template(
    model: Model, unit: str, year: int, path: _StrPath, *, store: Optional[Store] = None
) -> int:
    """Writes a unit's input workbook; returns the number of indicator rows."""
