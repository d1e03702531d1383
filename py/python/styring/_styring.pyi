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
    "Row",
    "Overview",
    "scorecard",
    "overview",
    "evaluate",
    "export_xlsx",
    "write_template",
    "set_language",
    "get_language",
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
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def parent(self) -> Optional[str]: ...
    @property
    def leader(self) -> str: ...
    @property
    def fte(self) -> float: ...
    @property
    def is_sector(self) -> bool: ...

@final
class Indicator:
    """An indicator: what is measured, how, and how it is judged."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def focus_area(self) -> str: ...
    @property
    def perspective(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def decimals(self) -> int: ...
    @property
    def min(self) -> Optional[float]: ...
    @property
    def max(self) -> Optional[float]: ...
    @property
    def direction(self) -> str: ...
    @property
    def frequency(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def computed(self) -> Optional[str]: ...
    @property
    def rule(self) -> Rule: ...

@final
class Perspective:
    """A perspective of the balanced scorecard."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...

@final
class FocusArea:
    """A focus area within a perspective."""

    @property
    def id(self) -> str: ...
    @property
    def perspective(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def cross_cutting(self) -> bool: ...

@final
class Goal:
    """A goal in the goal tree."""

    @property
    def id(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def parent(self) -> Optional[str]: ...
    @property
    def unit(self) -> Optional[str]: ...
    @property
    def indicators(self) -> List[str]: ...

@final
class Rule:
    """A traffic-light rule; set it with ``Model.set_rule``."""

    @staticmethod
    def tolerance(absolute: Optional[float] = None, relative: Optional[float] = None) -> Rule: ...
    @staticmethod
    def range(absolute: Optional[float] = None, relative: Optional[float] = None) -> Rule: ...
    @staticmethod
    def bands(yellow: float, green: float) -> Rule: ...
    @staticmethod
    def script(source: str) -> Rule: ...
    @property
    def kind(self) -> str: ...
    def __eq__(self, other: object, /) -> bool: ...

@final
class RecordSummary:
    """The counts of one recording."""

    @property
    def new(self) -> int: ...
    @property
    def changed(self) -> int: ...
    @property
    def unchanged(self) -> int: ...

@final
class FileImport:
    """What one workbook gave in an import."""

    @property
    def file(self) -> str: ...
    @property
    def shape(self) -> str: ...
    @property
    def values(self) -> int: ...
    @property
    def new(self) -> int: ...
    @property
    def changed(self) -> int: ...
    @property
    def unchanged(self) -> int: ...

@final
class ImportSummary:
    """The result of ``Store.import_xlsx``."""

    @property
    def files(self) -> List[FileImport]: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def values(self) -> int: ...
    @property
    def new(self) -> int: ...
    @property
    def changed(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    def __len__(self) -> int: ...

@final
class Revision:
    """One stored version of a value, with where it came from."""

    @property
    def period(self) -> str: ...
    @property
    def value(self) -> Optional[float]: ...
    @property
    def comment(self) -> Optional[str]: ...
    @property
    def recorded_at(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def file(self) -> Optional[str]: ...
    @property
    def sheet(self) -> Optional[str]: ...
    @property
    def cell(self) -> Optional[str]: ...
    @property
    def batch(self) -> int: ...
    @property
    def current(self) -> bool: ...

@final
class Store:
    """Where values live, with every revision and its provenance."""

    def __new__(cls, model: Optional[Model] = None) -> Store: ...
    @staticmethod
    def open(path: _StrPath, model: Optional[Model] = None) -> Store: ...
    @staticmethod
    def example(model: Model) -> Store: ...
    @staticmethod
    def from_bytes(data: bytes, model: Optional[Model] = None) -> Store: ...
    def to_bytes(self) -> bytes: ...
    def save(self, path: _StrPath) -> None: ...
    @property
    def model(self) -> Optional[Model]: ...
    @model.setter
    def model(self, model: Optional[Model]) -> None: ...
    @property
    def path(self) -> str: ...
    def record(
        self,
        indicator: str,
        unit: str,
        period: str,
        value: float,
        comment: Optional[str] = None,
        *,
        model: Optional[Model] = None,
    ) -> RecordSummary: ...
    def record_frame(self, frame: Any, *, model: Optional[Model] = None) -> RecordSummary: ...
    def import_xlsx(
        self,
        model: Model,
        paths: Union[_StrPath, Sequence[_StrPath]],
        *,
        dry_run: bool = False,
        unit: Optional[str] = None,
    ) -> ImportSummary: ...
    def history(self, indicator: str, unit: str) -> List[Revision]: ...
    def lock_period(self, period: str, reason: str) -> None: ...
    def reopen_period(self, period: str, reason: str) -> None: ...
    def _columns(self) -> Dict[str, Any]: ...
    def to_pandas(self) -> Any: ...
    def to_polars(self) -> Any: ...
    def __len__(self) -> int: ...
    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]: ...

@final
class Row:
    """One row of a scorecard."""

    @property
    def indicator(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def perspective(self) -> str: ...
    @property
    def focus_area(self) -> str: ...
    @property
    def value(self) -> Optional[float]: ...
    @property
    def value_text(self) -> str: ...
    @property
    def value_period(self) -> str: ...
    @property
    def target(self) -> Optional[float]: ...
    @property
    def target_min(self) -> Optional[float]: ...
    @property
    def target_max(self) -> Optional[float]: ...
    @property
    def target_text(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def trend(self) -> str: ...
    @property
    def trend_arrow(self) -> str: ...
    @property
    def trend_word(self) -> str: ...
    @property
    def trend_last_year(self) -> str: ...
    @property
    def previous(self) -> Optional[float]: ...
    @property
    def last_year(self) -> Optional[float]: ...
    @property
    def comment(self) -> Optional[str]: ...
    @property
    def history(self) -> List[Tuple[str, Optional[float]]]: ...
    @property
    def computed_by(self) -> Optional[str]: ...
    @property
    def late(self) -> bool: ...
    @property
    def measure(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Scorecard:
    """A scorecard (styringskort) for a unit, sector or the municipality."""

    @property
    def unit(self) -> str: ...
    @property
    def unit_name(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def rows(self) -> List[Row]: ...
    @property
    def counts(self) -> List[Tuple[str, int]]: ...
    def row(self, indicator: str) -> Optional[Row]: ...
    def records(self) -> List[Dict[str, Any]]: ...
    def to_pandas(self) -> Any: ...
    def to_polars(self) -> Any: ...
    def _repr_html_(self) -> str: ...
    def __len__(self) -> int: ...

@final
class Overview:
    """The units × indicators matrix for a period."""

    @property
    def period(self) -> str: ...
    @property
    def units(self) -> List[str]: ...
    @property
    def unit_names(self) -> List[str]: ...
    @property
    def indicators(self) -> List[str]: ...
    @property
    def statuses(self) -> List[List[Optional[str]]]: ...
    @property
    def values(self) -> List[List[Optional[float]]]: ...
    def to_pandas(self, what: str = "status") -> Any: ...
    def to_polars(self, what: str = "status") -> Any: ...
    def status(self, unit: str, indicator: str) -> Optional[str]: ...
    def _repr_html_(self) -> str: ...

def scorecard(
    model: Model,
    store: Store,
    unit: str,
    period: str,
    *,
    history: int = 5,
    as_of: Optional[str] = None,
    as_reported: Optional[str] = None,
) -> Scorecard:
    """The scorecard for a unit, a sector or ``"all"`` and a period."""

def overview(model: Model, store: Store, period: str) -> Overview:
    """The units × indicators matrix for a period."""

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
