"""The overseer's exports: XLSX workbook or ZIP of CSV files, streamed and split to size.

`run_export(context, "xlsx" | "csv", folder, basename)` writes every sheet of
`providers.WORKBOOK`; see `services/exports/base.py` for the framework.
"""

from services.exports.base import (
    DEFAULT_PART_LIMIT,
    FORMATS,
    ExportContext,
    ExportResult,
    Format,
    MultiProvider,
    Provider,
    Sheet,
    export_basename,
    neutralise,
)
from services.exports.run import run_export, write_export

__all__ = [
    "DEFAULT_PART_LIMIT",
    "FORMATS",
    "ExportContext",
    "ExportResult",
    "Format",
    "MultiProvider",
    "Provider",
    "Sheet",
    "export_basename",
    "neutralise",
    "run_export",
    "write_export",
]
