"""styring — helhetlig styring for Norwegian municipalities, in notebooks.

The same engine as the ``styring`` command: models, stores, scorecards,
rhai rules and Excel workbooks, with pandas and polars views of the data::

    import styring
    model = styring.Model.example()
    store = styring.Store.example(model)
    styring.scorecard(model, store, "aurvoll", "2025-T2")

Messages are in Norwegian bokmål; ``styring.set_language("en")`` switches
to English.
"""

from ._errors import (
    ModelError,
    ScriptError,
    StyringError,
    ValidationError,
    WorkbookImportError,
)
from ._styring import (
    Economy,
    FileImport,
    FocusArea,
    Goal,
    ImportSummary,
    Indicator,
    Model,
    Overview,
    Section,
    Perspective,
    Problem,
    RecordSummary,
    Report,
    Revision,
    Row,
    Rule,
    Scorecard,
    Store,
    Unit,
    __version__,
    accounts,
    budget,
    check_budget,
    economy,
    evaluate,
    export_xlsx,
    get_language,
    import_accounts,
    import_budget,
    overview,
    plan_versions,
    scorecard,
    set_forecast,
    set_language,
    write_template,
)

__all__ = [
    "Economy",
    "FileImport",
    "FocusArea",
    "Goal",
    "ImportSummary",
    "Indicator",
    "Model",
    "ModelError",
    "Overview",
    "Section",
    "Perspective",
    "Problem",
    "RecordSummary",
    "Report",
    "Revision",
    "Row",
    "Rule",
    "Scorecard",
    "ScriptError",
    "Store",
    "StyringError",
    "Unit",
    "ValidationError",
    "WorkbookImportError",
    "__version__",
    "accounts",
    "budget",
    "check_budget",
    "economy",
    "evaluate",
    "export_xlsx",
    "get_language",
    "import_accounts",
    "import_budget",
    "overview",
    "plan_versions",
    "scorecard",
    "set_forecast",
    "set_language",
    "write_template",
]
