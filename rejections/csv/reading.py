"""From an uploaded file to a table of text cells, whatever shape the file arrives in.

CSV in UTF-8 (with or without a byte-order mark), UTF-16, or a legacy single-byte
encoding such as Windows-1252 (Excel's default on Windows; found by charset-normalizer and
named to the person), separated by commas, semicolons or tabs (or as a `sep=` first line
says), with any line ends; or an Excel workbook (.xlsx, read with openpyxl).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import PurePath

import charset_normalizer

from .columns import FORMULA_TRIGGERS, MAX_DATA_ROWS, MAX_UPLOAD_BYTES, PLACEHOLDERS

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
OTHER_SPREADSHEETS = {".xls", ".ods", ".numbers"}
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


class CsvFileError(Exception):
    """A problem with the whole file (not one row); the message is shown to the person."""


@dataclasses.dataclass
class Table:
    """A file's header and data rows as text, with the line each row starts on."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    delimiter: str = ","
    notices: list[str] = dataclasses.field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "header": self.header,
            "rows": [[line, cells] for line, cells in self.rows],
            "delimiter": self.delimiter,
            "notices": self.notices,
        }

    @classmethod
    def from_json(cls, data: dict) -> Table:
        return cls(
            header=list(data["header"]),
            rows=[(line, list(cells)) for line, cells in data["rows"]],
            delimiter=data.get("delimiter", ","),
            notices=list(data.get("notices", [])),
        )


def plain_cell(value: str) -> str:
    """A cell's text: trimmed, with the apostrophe our export puts before formulas removed."""
    if len(value) > 1 and value[0] == "'" and value[1] in "".join(FORMULA_TRIGGERS):
        value = value[1:]
    return value.strip()


def optional_cell(value: str) -> str:
    """A cell where '-', 'n/a' or '—' stand for nothing."""
    return "" if value.casefold() in PLACEHOLDERS else value


def read_upload(uploaded) -> Table:
    """The table in an uploaded file, or CsvFileError saying kindly what is wrong."""
    name = uploaded.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix in OTHER_SPREADSHEETS:
        raise CsvFileError(
            "This spreadsheet format can't be read here. In your spreadsheet choose “Save as” "
            "or “Download” and pick Excel workbook (.xlsx) or CSV, then upload that file."
        )
    if suffix not in CSV_SUFFIXES | WORKBOOK_SUFFIXES:
        raise CsvFileError("Please upload a CSV file or an Excel workbook (.csv or .xlsx).")
    if uploaded.size is not None and uploaded.size > MAX_UPLOAD_BYTES:
        raise CsvFileError(
            f"This file is {uploaded.size / 1024 / 1024:.1f} MB; the limit is 5 MB. "
            "Split it into smaller files and import them one after the other."
        )
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise CsvFileError("This file is larger than 5 MB. Split it into smaller files.")
    if not data.strip():
        raise CsvFileError("This file is empty.")
    if data.startswith(b"PK\x03\x04"):
        return read_workbook(data)
    if suffix in WORKBOOK_SUFFIXES:
        raise CsvFileError(
            "This file's name ends in .xlsx, but it is not an Excel workbook. Open it in your "
            "spreadsheet and save it again as a workbook or as CSV."
        )
    text, notices = decode(data)
    return read_csv_text(text, notices=notices)


def decode(data: bytes) -> tuple[str, list[str]]:
    """The file's text and, when it was not UTF-8, a note saying what it was converted from."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["This file was saved as UTF-16; we converted it."]
        except UnicodeDecodeError as error:
            raise CsvFileError(
                "This file says it is UTF-16 text but parts of it are not. Save it again as "
                "“CSV UTF-8” and upload that."
            ) from error
    if b"\x00" in data:
        raise CsvFileError(
            "This file contains NUL bytes, so it looks like a binary file rather than CSV "
            "text. Save it from your spreadsheet as CSV (UTF-8) and try again."
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        guess = charset_normalizer.from_bytes(data).best()
        if guess is None or guess.encoding in {"utf_8", "utf_16", "utf_32"}:
            raise CsvFileError(
                f"Line {line} has characters that are not UTF-8 text, and we could not tell "
                "which encoding the file uses. Save it as “CSV UTF-8” in your spreadsheet "
                "and upload it again."
            ) from error
        # A Western-European file decodes the same in Windows-1252 as in most single-byte
        # guesses; Excel on Windows writes Windows-1252, so prefer it when it fits.
        encoding = guess.encoding
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            text = str(guess)
        label = "Windows-1252" if encoding == "cp1252" else encoding.replace("_", "-")
        return text, [
            f"This file was not saved as UTF-8 but as {label} (common for Excel on "
            "Windows); we converted it. Check a few names with accents in the preview."
        ]


def detect_delimiter(first_line: str) -> str:
    """Comma, semicolon or tab: whichever splits the header line into the most columns."""
    counts = {
        delimiter: len(next(csv.reader([first_line], delimiter=delimiter), []))
        for delimiter in (",", ";", "\t")
    }
    best = max(counts.values())
    return next(d for d in (",", ";", "\t") if counts[d] == best)


def read_csv_text(text: str, *, notices: list[str] | None = None) -> Table:
    """Split CSV text into header and rows; raise CsvFileError for a file that is not a table."""
    notices = list(notices or [])
    lines = text.splitlines(keepends=True)
    offset = 0
    first = next((line for line in lines if line.strip()), "")
    if first.strip().casefold().startswith("sep=") and len(first.strip()) == 5:
        # Excel's own hint line: "sep=;" names the delimiter and is not the header.
        delimiter = first.strip()[4]
        offset = lines.index(first) + 1
        text = "".join(lines[offset:])
        first = next((line for line in lines[offset:] if line.strip()), "")
    else:
        delimiter = detect_delimiter(first.rstrip("\r\n"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            start_line, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [plain_cell(cell) for cell in record]
                continue
            if len(rows) >= MAX_DATA_ROWS:
                raise CsvFileError(
                    f"This file has more than {MAX_DATA_ROWS:,} rows. Split it into smaller "
                    "files and import them one after the other."
                )
            rows.append((start_line + offset, [plain_cell(cell) for cell in record]))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # Python's csv module stops at 131,072 characters in one cell.
            raise CsvFileError(
                f"Line {line + offset} has a cell longer than {csv.field_size_limit():,} "
                "characters, far more than any column takes (notes: up to 10,000). "
                "Shorten that cell, or check for a quote that is opened but never closed."
            ) from error
        raise CsvFileError(
            f"Line {line + offset} could not be read as CSV ({error}). Check for a quote "
            "that is opened but never closed."
        ) from error
    return _table(header, rows, delimiter, notices)


def _table(header, rows, delimiter, notices) -> Table:
    if header is None:
        raise CsvFileError("This file is empty.")
    if not rows:
        raise CsvFileError("This file has a header row but no applications under it.")
    return Table(header=header, rows=rows, delimiter=delimiter, notices=notices)


def _workbook_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_workbook(data: bytes) -> Table:
    """The first sheet of an .xlsx workbook, as text cells (dates as ISO dates)."""
    import openpyxl  # imported here: only a workbook upload pays for loading it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise CsvFileError(
            "This looks like a spreadsheet workbook, but it could not be opened. Open it in "
            "your spreadsheet and save it again as .xlsx or as CSV (UTF-8)."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, record in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [plain_cell(_workbook_cell(value)) for value in record]
            if "\x00" in "".join(cells):
                raise CsvFileError(f"Row {number} of the workbook contains NUL characters.")
            if not any(cells):
                continue
            if header is None:
                header = cells
                continue
            if len(rows) >= MAX_DATA_ROWS:
                raise CsvFileError(
                    f"This file has more than {MAX_DATA_ROWS:,} rows. Split it into smaller "
                    "files and import them one after the other."
                )
            rows.append((number, cells))
    finally:
        workbook.close()
    return _table(header, rows, ",", ["Read from the first sheet of the Excel workbook."])
