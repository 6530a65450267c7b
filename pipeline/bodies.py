"""The bodies an office reports for: ids, order, labels and colours, in one table.

Every module that names, orders, labels or colours a body reads it here: the
figures (``all`` = both together), the pages and charts, the workbook, the
report checker and the draft. Plain constants, no imports: the unchanged re-run
and the readers may use them without pandas.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Body:
    id: str
    label_vi: str
    """The name in a sentence ("của Đoàn ĐBQH") and in a draft."""
    short_vi: str
    """The name in a table header, a chart legend, a sheet name."""
    colour: str
    """Its colour in every chart, table header and sheet (Okabe–Ito, safe for colour-blind readers)."""
    tint: str
    """The same colour, light, for table header bands."""


TABLE = (
    Body("doan-dbqh", "Đoàn ĐBQH", "Đoàn ĐBQH", "#0072B2", "#DCEAF5"),
    Body("hdnd", "HĐND", "HĐND", "#D55E00", "#F8E3D6"),
    Body("all", "Cả hai (Đoàn ĐBQH và HĐND)", "Cả hai", "#5F5F5F", "#E8E8E8"),
)
"""Every table and chart lists the bodies in this order; the last is both together."""

ALL_BODIES = "all"
"""The id of both bodies together (the merged office's figures, and the union across the 2021 merger)."""

BODIES = tuple(b.id for b in TABLE if b.id != ALL_BODIES)
"""The bodies themselves, without ``all``."""

BODY_ORDER = tuple(b.id for b in TABLE)
"""Every body id, ``all`` last: the order of every table and chart."""

BODY_RANK = {body: rank for rank, body in enumerate(BODY_ORDER)}
"""A body's place in :data:`BODY_ORDER` (for sorting)."""

BODY_LABELS_VI = {b.id: b.label_vi for b in TABLE}
SHORT_BODY_LABELS_VI = {b.id: b.short_vi for b in TABLE}
BODY_COLOURS = {b.id: b.colour for b in TABLE}
BODY_TINTS = {b.id: b.tint for b in TABLE}
