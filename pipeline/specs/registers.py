"""Load the declared registers and categories (``specs/registers.toml``).

The engine never branches on a register's name: everything it needs to know
about a register — its columns, aliases, types, categories, PII flags — comes
from this spec.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline import config

COLUMN_TYPES = {
    "date", "text", "whole", "money", "category", "session", "round", "district",
    "flag", "presence", "body", "symbol", "category_people", "pii",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    type: str = "text"
    required: bool = False
    categories: str | None = None
    default: object = None
    merged_fill: str = "block"
    derive: str | None = None
    scrub: bool = False
    targets: tuple[str, ...] = ()
    key_normalised: bool = False
    own_key: str | None = None
    blank_when: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

    @property
    def pii(self) -> bool:
        return self.type == "pii"


@dataclass(frozen=True)
class MarkGroup:
    """A category column that may be written as x-marked sub-columns under a group header."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Register:
    name: str
    label_vi: str
    columns: tuple[Column, ...]
    year_column: str | None = None
    mark_groups: tuple[MarkGroup, ...] = ()
    identity: tuple[str, ...] = ()
    identity_key: str | None = None
    person: tuple[str, ...] = ()
    breakdowns: tuple[str, ...] = ()
    crosstab: tuple[str, ...] = ()

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.required)

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name} has no column {key!r}")

    @property
    def pii_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns if c.pii)

    @property
    def table_columns(self) -> tuple[str, ...]:
        """The columns of this register's tidy table, known without data (filters are checked on them).

        The register's keys without personal ones (dropped before anything is
        kept) and without a combined column (its targets stand for it), the
        keys cleaning derives, and the ones every record gets.
        """
        keys = ["_file", "_sheet", "_row"]
        for col in self.columns:
            if col.pii:
                continue
            keys.extend(t for t in col.targets if t not in keys) if col.targets else keys.append(col.key)
            if col.own_key:
                keys.append(col.own_key)
            if col.key_normalised:
                keys.append(f"{col.key}_key")
        keys += ["office", "year"]
        if self.person:
            keys.append("person_hash")
        if self.identity_key:
            keys.append(self.identity_key)
        return tuple(dict.fromkeys(keys))


@dataclass(frozen=True)
class Category:
    code: str
    label_vi: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Schema:
    registers: dict[str, Register]
    categories: dict[str, dict[str, Category]]
    body_words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def variants(self, categories: str) -> dict[str, tuple[str, ...]]:
        """Category set → {code: variants}, the shape the category matcher takes."""
        return {code: cat.variants for code, cat in self.categories[categories].items()}

    def label(self, categories: str, code: str) -> str:
        cat = self.categories.get(categories, {}).get(code)
        return cat.label_vi if cat else code


def _column(spec: dict) -> Column:
    kind = spec.get("type", "text")
    if kind not in COLUMN_TYPES:
        raise ValueError(f"unknown column type {kind!r} for {spec.get('key')!r}")
    return Column(
        key=spec["key"],
        header=spec["header"],
        aliases=tuple(spec.get("aliases", ())),
        type=kind,
        required=bool(spec.get("required", False)),
        categories=spec.get("categories"),
        default=spec.get("default"),
        merged_fill=spec.get("merged_fill", "block"),
        derive=spec.get("derive"),
        scrub=bool(spec.get("scrub", False)),
        targets=tuple(spec.get("targets", ())),
        key_normalised=bool(spec.get("key_normalised", False)),
        own_key=spec.get("own_key"),
        blank_when=tuple((k, tuple(v)) for k, v in spec.get("blank_when", {}).items()),
    )


def parse_schema(data: dict) -> Schema:
    """Build a Schema from the parsed TOML document (validated: unknown category sets fail)."""
    categories = {
        name: {
            code: Category(code, c["label_vi"], tuple(c["variants"])) for code, c in cats.items()
        }
        for name, cats in data.get("categories", {}).items()
    }
    registers = {}
    common = [{"key": key, **spec} for key, spec in data.get("common_columns", {}).items()]
    for name, spec in data["registers"].items():
        own = list(spec["columns"])
        own += [c for c in common if c["key"] not in {o["key"] for o in own}]
        columns = tuple(_column(c) for c in own)
        for col in columns:
            if col.categories and col.categories not in categories:
                raise ValueError(f"{name}.{col.key}: unknown category set {col.categories!r}")
        registers[name] = Register(
            name=name,
            label_vi=spec["label_vi"],
            columns=columns,
            year_column=spec.get("year_column"),
            mark_groups=tuple(
                MarkGroup(g["key"], g["header"], tuple(g.get("aliases", ())))
                for g in spec.get("mark_groups", ())
            ),
            identity=tuple(spec.get("identity", ())),
            identity_key=spec.get("identity_key"),
            person=tuple(spec.get("person", ())),
            breakdowns=tuple(spec.get("breakdowns", ())),
            crosstab=tuple(spec.get("crosstab", ())),
        )
    body_words = {body: tuple(words) for body, words in data.get("body_words", {}).items()}
    return Schema(registers=registers, categories=categories, body_words=body_words)


@lru_cache(maxsize=4)
def load_schema(path: Path = config.REGISTERS_SPEC) -> Schema:
    with open(path, "rb") as fh:
        return parse_schema(tomllib.load(fh))
