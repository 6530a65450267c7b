"""The report checked against itself: small checks, each registered once.

A check is two functions: ``items(ctx)`` finds what there is to check (a
part-list, a share, a difference with its same-period value, …) and
``verify(ctx, item)`` checks one of them and returns result rows. The runner
calls every check on every item; an error inside one item becomes a note on
the figure it is about, and every other check still runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.report.data import Values
from pipeline.report.figures import Figure, Reading
from pipeline.report.numbers import lower_keep_length


@dataclass
class Context:
    reading: Reading
    catalogue: pd.DataFrame
    relations: pd.DataFrame  # report_checks.csv
    values: Values
    year: int
    seen: set[frozenset] = field(default_factory=set)  # figure sets already checked together

    @property
    def figures(self) -> list[Figure]:
        return self.reading.figures

    def fig(self, index: int | None) -> Figure | None:
        return None if index is None else self.reading.figures[index]

    def text(self, pi: int) -> str:
        return self.reading.paragraphs[pi].text

    def lower(self, pi: int) -> str:
        return lower_keep_length(self.text(pi))


@dataclass
class Item:
    anchor: Figure | None  # the figure a failure is noted on
    data: Any


@dataclass
class Check:
    name: str
    items: Callable[[Context], Iterable[Item]]
    verify: Callable[[Context, Item], list[dict]]


CHECKS: list[Check] = []


def check(name: str, items: Callable[[Context], Iterable[Item]]):
    """Register `verify` as the check `name` over `items(ctx)`."""

    def register(verify: Callable[[Context, Item], list[dict]]):
        CHECKS.append(Check(name, items, verify))
        return verify

    return register


def run_checks(ctx: Context) -> tuple[list[dict], dict[int, list[str]]]:
    """Every registered check on every item: (result rows, notes by figure index; -1: no figure)."""
    rows: list[dict] = []
    notes: dict[int, list[str]] = {}
    for chk in CHECKS:
        try:
            items = list(chk.items(ctx))
        except Exception as exc:  # noqa: BLE001 - one check failing must not stop the table
            notes.setdefault(-1, []).append(f"Kiểm tra «{chk.name}» không chạy được: {type(exc).__name__}: {exc}")
            continue
        for item in items:
            try:
                rows += chk.verify(ctx, item)
            except Exception as exc:  # noqa: BLE001
                key = item.anchor.index if item.anchor is not None else -1
                notes.setdefault(key, []).append(f"Không kiểm tra được ({chk.name}): {type(exc).__name__}: {exc}")
    return rows, notes


# The modules that register checks, in the order they run: part-lists first, so
# that a relation of the catalogue already checked as a part-list is not repeated.
CHECK_MODULES = ("sums", "shares", "pairs", "changes", "lists", "relations")


def _load_all() -> None:
    for name in CHECK_MODULES:
        importlib.import_module(f"pipeline.report.checks.{name}")


_load_all()
