"""The benchmark's tables, each row with its verdict against the targets of issue #18."""

from __future__ import annotations

from .measure import Measurement
from .pages import ADMIN, FEED, FEED_304, FLOOR

# Every page within 3x the floor, except these (the pages with a whole report, and the
# calendar feed, whose repeated request must answer 304 almost as cheaply as the floor).
FLOOR_TARGET = 3.0
FLOOR_TARGETS = {
    "dashboard": 5.0,
    "caseload": 5.0,
    "client page": 5.0,
    FEED: 5.0,
    FEED_304: 1.5,
}
GROWTH_TARGET = 1.2  # full size over 1/10 size
TODAY_PAGE = "today page"
TODAY_PAGE_KB = 60
BATCH_TARGET_S = 10
REFERENCES = (FLOOR, ADMIN)


def floor_target(name: str) -> float:
    return FLOOR_TARGETS.get(name, FLOOR_TARGET)


def verdict(
    name: str, x_floor: float, growth: float, queries: tuple[int, int] | None = None
) -> str:
    if name in REFERENCES:
        return "reference"
    misses = []
    if queries is not None and queries[1] > queries[0]:
        misses.append(f"queries grow {queries[0]}->{queries[1]}")
    if x_floor > floor_target(name):
        misses.append(f"{x_floor:.1f}x floor")
    if growth > GROWTH_TARGET:
        misses.append(f"grows {growth:.2f}x")
    return "on target" if not misses else "MISS: " + "; ".join(misses)


def _growth(small: float, full: float) -> float:
    return full / small if small else float("nan")


def print_pages(stdout, results: dict[str, dict[str, Measurement]], repeat: int) -> None:
    small, full = results["1/10"], results["full"]
    floor = full[FLOOR].ms
    stdout.write(
        f"\nMedian server time of {repeat} requests (in-process test client), SQL queries "
        "per request, HTML at full size."
    )
    stdout.write(
        f"Targets: queries flat; full <= {GROWTH_TARGET}x 1/10 size; <= {FLOOR_TARGET:g}x "
        "floor (dashboard, caseload, client page, full feed 5x; feed 304 1.5x).\n"
    )
    header = (
        f"{'page':28} {'1/10 ms':>8} {'q':>3} {'full ms':>8} {'q':>3} {'growth':>6} "
        f"{'x floor':>7} {'target':>6} {'KB':>5}  verdict"
    )
    stdout.write(header)
    stdout.write("-" * len(header))
    for name, big in full.items():
        little = small[name]
        growth = _growth(little.ms, big.ms)
        x_floor = big.ms / floor
        target = "" if name in REFERENCES else f"{floor_target(name):g}x"
        stdout.write(
            f"{name:28} {little.ms:8.1f} {little.queries:3d} {big.ms:8.1f} {big.queries:3d} "
            f"{growth:6.2f} {x_floor:7.2f} {target:>6} {big.size / 1024:5.0f}  "
            + verdict(name, x_floor, growth, (little.queries, big.queries))
        )


def print_http(
    stdout, results: dict[str, dict[str, float]], throughputs: list, repeat: int, workers: int
) -> None:
    small, full = results["1/10"], results["full"]
    floor = full[FLOOR]
    stdout.write(
        f"\nOver HTTP: gunicorn ({workers} sync workers, DEBUG=0) on 127.0.0.1, one "
        f"keep-alive client; median of {repeat} interleaved rounds. Same targets."
    )
    header = (
        f"{'page':28} {'1/10 ms':>8} {'full ms':>8} {'growth':>6} {'x floor':>7} "
        f"{'target':>6}  verdict"
    )
    stdout.write(header)
    stdout.write("-" * len(header))
    for name, big in full.items():
        growth = _growth(small[name], big)
        x_floor = big / floor
        target = "" if name in REFERENCES else f"{floor_target(name):g}x"
        stdout.write(
            f"{name:28} {small[name]:8.1f} {big:8.1f} {growth:6.2f} {x_floor:7.2f} "
            f"{target:>6}  " + verdict(name, x_floor, growth)
        )
    for result in throughputs:
        stdout.write(
            f"{result.name + ', 8 clients':40} {result.per_second:7.1f} requests/s "
            f"(full size, {result.requests} requests)"
        )


def print_other(stdout, today_page_size: int, jobs: list[tuple[str, float]]) -> None:
    stdout.write(f"\nOther targets (full size): HTML size; batch jobs within {BATCH_TARGET_S} s.")
    kb = today_page_size / 1024
    ok = "on target" if kb <= TODAY_PAGE_KB else "MISS"
    stdout.write(f"{'today page HTML':40} {kb:7.0f} KB  (<= {TODAY_PAGE_KB} KB) {ok}")
    for name, seconds in jobs:
        ok = "on target" if seconds <= BATCH_TARGET_S else "MISS"
        stdout.write(f"{name:40} {seconds:7.2f} s   (<= {BATCH_TARGET_S} s)  {ok}")
