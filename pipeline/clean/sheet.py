"""Sheet grid + located header → register records, rejects, totals checks.

Pure functions: nothing here reads or writes files. :func:`clean_sheet` is the
recipe; each step is a small function of its own, testable alone:

1. rows (:mod:`pipeline.clean.rows`): blank text → None, merged blocks spread
   (``fill_merged``), each row classified as record / total / blank /
   signature-and-below (``classify_rows``);
2. columns (:mod:`pipeline.clean.columns`): each plain column parsed, each
   distinct raw value once (``parse_columns``); x-marked sub-columns
   (``resolve_marks``); the combined "Phân loại đơn/Số người" cell
   (``split_category_people``); the records frame, defaults, derivations,
   districts (``build_frame``, ``apply_defaults``, ``apply_derivations``,
   ``settle_districts``);
3. checks (:mod:`pipeline.clean.checks`): required values (``check_required``),
   body (``attribute_bodies``), year (``check_year``), the accepted records
   (``drop_rejected``), totals (``reconcile_totals``); failures are
   :class:`Reject` records, remarks :class:`Note` records, turned into the
   rejects and notices tables here.

It keeps the row accounting:

    rows read = accepted + rejected + total rows + blank rows + signature/ignored rows
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.clean.checks import (
    NUMERIC_TYPES,
    Note,
    Reject,
    attribute_bodies,
    body_from_text,
    check_required,
    check_year,
    drop_rejected,
    failed_cells,
    merge_covered,
    reconcile_totals,
    reject_records,
    rejected_rows,
    sheet_body,
    total_note,
)
from pipeline.clean.columns import (
    DERIVATIONS,
    VALUE_PARSERS,
    apply_defaults,
    apply_derivations,
    build_frame,
    cell_parser,
    header_layout,
    parse_columns,
    resolve_marks,
    settle_districts,
    split_category_people,
)
from pipeline.clean.locate import Located
from pipeline.clean.rows import (
    TOTAL_LABELS,
    cell_matrix,
    classify_rows,
    fill_merged,
    is_signature_marker,
    is_total_label,
    normalise_rows,
    record_rows,
    row_accounting,
    total_rows,
)
from pipeline.specs.registers import Schema

__all__ = [  # what other modules and tests use besides the steps themselves
    "DERIVATIONS", "NUMERIC_TYPES", "TOTAL_LABELS", "VALUE_PARSERS", "Note", "Reject", "SheetResult",
    "body_from_text", "cell_parser", "clean_sheet", "is_signature_marker", "is_total_label",
]


@dataclass
class SheetResult:
    register: str
    file: str
    sheet: str
    records: pd.DataFrame
    rejects: list[dict] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    totals: list[dict] = field(default_factory=list)
    accounting: dict = field(default_factory=dict)
    sheet_body: str | None = None
    body_scope: tuple[str, ...] = ()


def clean_sheet(
    rows: list[list[Any]],
    merged,
    row_numbers: list[int],
    located: Located,
    schema: Schema,
    *,
    file: str,
    sheet: str,
    folder_year: int,
    office: str,
    office_bodies: tuple[str, ...],
    normalised: bool = False,
) -> SheetResult:
    """Turn the data rows under a located header into typed records.

    Adds the columns ``_file, _sheet, _row`` (Excel row as shown), ``office``,
    ``year`` and ``body`` to the register's keys. Rows that cannot be read go
    to rejects with the Excel row number and the header text as written.
    """
    register = schema.registers[located.register]
    layout = header_layout(located, register)
    # rows from read.Grid are already rectangular with blank cells as None (``normalised``)
    rows = fill_merged(rows if normalised else normalise_rows(rows), merged, located, register)
    cells = cell_matrix(rows, located.data_start)
    kinds = classify_rows(cells, located.data_start, layout.required_index, layout.required_marks)
    grid_rows = record_rows(kinds)
    records = cells[[i - located.data_start for i in grid_rows]]

    parsers = [cell_parser(register.column(m.key), schema) for m in layout.plain]
    data, rejects, notes = parse_columns(records, layout.plain, parsers, register, grid_rows, row_numbers)
    marked, mark_rejects = resolve_marks(records, layout.marks, register, grid_rows)
    rejects += mark_rejects
    data = split_category_people({**data, **marked}, register)
    rejects += check_required(data, grid_rows, register, layout.headers,
                              merge_covered(merged, layout.plain) | failed_cells(rejects))

    frame = build_frame(data, grid_rows, row_numbers, file, sheet)
    frame = apply_derivations(apply_defaults(frame, register), register, schema)
    frame, district_notes = settle_districts(frame, register)
    notes += district_notes

    body = sheet_body(sheet, schema, office_bodies)
    frame, body_scope, body_rejects, body_notes = attribute_bodies(
        frame, schema, office_bodies, body, layout.headers.get("body"), rejected_rows(rejects))
    rejects += body_rejects
    notes += body_notes
    frame = frame.assign(office=office, year=folder_year)
    year_header = layout.headers.get(register.year_column, register.year_column)
    rejects += check_year(frame, register, folder_year, year_header, rejected_rows(rejects))

    rejected = rejected_rows(rejects)
    accepted = drop_rejected(frame, rejected)
    totals = [{"file": file, "sheet": sheet, **t} for t in reconcile_totals(
        rows, row_numbers, total_rows(kinds), grid_rows, rejected, accepted, located, register)]
    notes += [total_note(t) for t in totals]
    return SheetResult(
        register.name, file, sheet, accepted.drop(columns=["_grid_index"]),
        rejects=reject_records(rejects, register, row_numbers, file, sheet),
        notices=[_notice(n.level, file, sheet, n.message, n.row) for n in notes],
        totals=totals,
        accounting=row_accounting(kinds, len(rejected)),
        sheet_body=body,
        body_scope=body_scope,
    )


def _notice(level: str, file: str, sheet: str, message: str, row: int | None = None) -> dict:
    return {"level": level, "file": file, "sheet": sheet, "row": row, "message": message}

