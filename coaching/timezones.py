"""The time zones a person can choose, and reading the one their browser reports.

The list is the IANA database's own list of places (zone.tab: one zone per country and
region), so the picker offers "Paris, France" and not the ~600 raw names zoneinfo knows,
which include aliases with no place behind them ("Factory", "localtime", "EST5EDT",
"Etc/GMT+5", "US/Pacific"). It is computed when asked (a callable on the model field),
never frozen into a migration: a host with newer tzdata simply offers the newer list.
"""

from __future__ import annotations

import functools
import zoneinfo
from importlib import resources
from pathlib import Path

DEFAULT_ZONE = "UTC"
# The first part of every geographic zone name.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def _read_table(name: str) -> str:
    """A table shipped with the time zone database: the tzdata package's copy (a
    declared dependency, so always there), else the system's."""
    try:
        return (resources.files("tzdata.zoneinfo") / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return ""


def _rows(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _read_table(name).splitlines() if line and line[0] != "#"]


@functools.cache
def _available() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def _places() -> dict[str, str]:
    """Zone name -> the country it is in ("Europe/Paris" -> "France")."""
    countries = {row[0]: row[1] for row in _rows("iso3166.tab") if len(row) > 1}
    places = {}
    for row in _rows("zone.tab"):
        if len(row) >= 3 and row[2] in _available():
            places[row[2]] = countries.get(row[0], row[0])
    if not places:  # no tables at all: fall back to the region prefix alone
        places = {name: "" for name in _available() if name.split("/", 1)[0] in REGIONS}
    return places


def zone_label(name: str) -> str:
    """ "America/Argentina/Buenos_Aires" -> "Argentina / Buenos Aires", with its country."""
    city = name.split("/", 1)[-1].replace("_", " ").replace("/", " / ")
    country = _places().get(name, "")
    return f"{city}, {country}" if country and country not in city else city


@functools.cache
def time_zone_choices() -> list:
    """Grouped choices for the picker: UTC, then each region's places sorted by name."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in _places():
        region = name.split("/", 1)[0]
        groups.setdefault(region, []).append((name, zone_label(name)))
    return [
        (DEFAULT_ZONE, "UTC (no daylight saving)"),
        *[(region, sorted(groups[region], key=lambda c: c[1])) for region in sorted(groups)],
    ]


def is_listed(name: str) -> bool:
    return name == DEFAULT_ZONE or name in _places()


@functools.cache
def _links() -> dict[str, str]:
    """Older names -> the zone they now point to ("Asia/Calcutta" -> "Asia/Kolkata"),
    from the database's own link lines ("L target alias" in tzdata.zi)."""
    links = {}
    for line in _read_table("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            links[alias] = target
    return links


def listed_zone(name: str) -> str | None:
    """`name` if the picker lists it, else the listed zone it is another name for."""
    if is_listed(name):
        return name
    target = _links().get(name)
    return target if target and is_listed(target) else None


def browser_time_zone(value: object) -> str | None:
    """The zone a browser reported, as one the picker lists; None if it names no place.

    Browsers report IANA names (`Intl.DateTimeFormat().resolvedOptions().timeZone`),
    some still an older name of a place ("Asia/Calcutta", saved as "Asia/Kolkata").
    Anything else (empty, made-up, "Factory", "Etc/GMT+5", far too long) gives None,
    and the caller keeps UTC.
    """
    if not isinstance(value, str) or not value or len(value) > 64:
        return None
    return listed_zone(value)
