"""Which folder under ``data/raw/<year>/`` is which office (``specs/offices.toml``).

The three codes of :data:`pipeline.config.OFFICE_FOLDERS` are the canonical
names; offices also call the same folder "VP HĐND tỉnh", "Van phong Doan DBQH"
or "hdnd 2020". Those names are declared as data (aliases, and the parts of a
name to ignore such as the province), matched after folding, so a folder is
never guessed: it matches a declared name or it is not read, and the run says so.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline import config
from pipeline.vi.text import fold

_SEPARATORS = re.compile(r"[^a-z0-9]+")


def folder_key(name: str) -> str:
    """'VP_HĐND-tỉnh' → 'vp hdnd tinh': folded, separators as single spaces."""
    return " ".join(_SEPARATORS.sub(" ", fold(name)).split())


@dataclass(frozen=True)
class OfficeNames:
    """Folder-name keys → office code, and the patterns stripped before matching."""

    aliases: dict[str, str]
    strip: tuple[re.Pattern, ...] = ()

    def office_of(self, folder: str) -> tuple[str | None, bool]:
        """(office code, True if matched by an alias) — (None, False) when no declared name matches."""
        if folder in config.OFFICE_FOLDERS:
            return folder, False
        key = folder_key(folder)
        for pattern in self.strip:
            key = " ".join(pattern.sub(" ", key).split())
        if key in config.OFFICE_FOLDERS:
            return key, True
        office = self.aliases.get(key) or self.aliases.get(key.replace(" ", "-"))
        return (office, True) if office else (None, False)

    @property
    def known(self) -> str:
        """The canonical folder names, for messages."""
        return ", ".join(config.OFFICE_FOLDERS)


def parse_offices(data: dict, source: str = "offices.toml") -> OfficeNames:
    """Build the folder names from a parsed ``offices.toml``; unknown office codes fail, naming the file."""
    aliases: dict[str, str] = {}
    for office, names in data.get("aliases", {}).items():
        if office not in config.OFFICE_FOLDERS:
            raise ValueError(
                f"{source}: [aliases] nêu văn phòng «{office}» không có; chỉ được: {', '.join(config.OFFICE_FOLDERS)}"
            )
        for name in names:
            aliases[folder_key(name)] = office
    try:
        strip = tuple(re.compile(p) for p in data.get("strip", ()))
    except re.error as exc:
        raise ValueError(f"{source}: mẫu trong «strip» sai cú pháp ({exc})") from None
    return OfficeNames(aliases=aliases, strip=strip)


def load_offices(path: Path = config.SPECS_DIR / "offices.toml") -> OfficeNames:
    with open(path, "rb") as fh:
        return parse_offices(tomllib.load(fh), path.name)
