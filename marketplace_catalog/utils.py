"""Pure helpers of the catalogue and stock feeds: no ORM."""
import csv
import io
import math
import re

from odoo.tools.barcode import get_barcode_check_digit


def is_ean13(barcode):
    """True for 13 digits whose check digit is right, a leading 0 included (American brands'
    UPC-A codes written as EAN-13, which Odoo's own "ean13" encoding check refuses)."""
    return (
        isinstance(barcode, str) and bool(re.fullmatch(r"\d{13}", barcode))
        and get_barcode_check_digit(barcode) == int(barcode[-1])
    )


def parse_quantity(raw, ceiling):
    """Read a stock quantity from a feed line.

    Returns ``(quantity, None)`` or ``(None, reason_code)`` with reason_code one of
    ``missing``, ``not_a_number``, ``negative``, ``fractional``, ``above_ceiling``.
    Accepts ``12``, ``12.0``, ``"12"``, ``"12,0"`` (French decimal comma)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "missing"
    if isinstance(raw, bool):
        return None, "not_a_number"
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return None, "not_a_number"
    elif isinstance(raw, int | float):
        try:
            value = float(raw)
        except OverflowError:  # a whole number beyond any float
            return None, "negative" if raw < 0 else "above_ceiling"
    else:
        return None, "not_a_number"
    if math.isnan(value) or math.isinf(value):
        return None, "not_a_number"
    if value < 0:
        return None, "negative"
    if value != int(value):
        return None, "fractional"
    if value > ceiling:
        return None, "above_ceiling"
    return int(value), None


def make_ean13(number, prefix="200"):
    """A valid EAN-13 from an integer, in the in-store numbering range 200-299 by default."""
    first12 = f"{prefix}{number:0{12 - len(prefix)}d}"
    return first12 + str(get_barcode_check_digit(first12 + "0"))


REFERENCE_MAX_LENGTH = 100


def parse_reference(raw):
    """Read a product reference (barcode or internal reference) or a feed reference sent by a
    client. Returns ``(text, None)`` or ``(printable_excerpt, reason_code)`` with reason_code
    ``no_reference`` or ``malformed`` (not text or a whole number, a control character such
    as NUL, which PostgreSQL refuses, or longer than any reference)."""
    if raw is None or raw is False or (isinstance(raw, str) and not raw.strip()):
        return "", "no_reference"
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return "", "malformed"
    text = str(raw).strip()
    if len(text) > REFERENCE_MAX_LENGTH or not text.isprintable():
        return printable_excerpt(text), "malformed"
    return text, None


def printable_excerpt(raw, length=REFERENCE_MAX_LENGTH):
    """What a report may show of a value a client sent: its printable characters (PostgreSQL
    refuses NUL), at most ``length`` of them; ``""`` for nothing."""
    text = "" if raw is None else str(raw)
    return "".join(c for c in text if c.isprintable())[:length]


def parse_price(raw):
    """A price from a supplier file: ``"42,50"``, ``"42.5"``, ``"1 042,50"``. Returns a float
    or ``None`` when the text is not a non-negative number (an empty cell is ``0.0``)."""
    text = str(raw or "").strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace(",", ".")
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        return None
    if math.isnan(value) or math.isinf(value) or value < 0:
        return None
    return round(value, 2)


def read_csv(data, aliases):
    """Decode a CSV file sent by a user (UTF-8 with or without BOM, else Latin-1; `;`, `,` or
    tab separated) and map its header names through ``aliases`` (``{alias: column}``).

    Returns ``(header, rows, errors)``: ``rows`` as ``(line_number, {column: value})`` and
    ``errors`` as ``(line_number, reason, {column: value})`` for the records the csv module
    cannot read (a cell beyond its field limit, a NUL character), reason ``too_large`` or
    ``malformed``, with the cells still readable on the record's first line (split on the
    separator, a cell with a NUL left out): a reference there names the line's product. Line
    numbers are the file's own: where each record starts, blank lines and cells written over
    several lines counted."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    physical = text.split("\n")
    try:
        raw_header = next(reader)
    except (StopIteration, csv.Error):
        return [], [], []
    header = [aliases.get(h.strip().lower(), h.strip().lower()) for h in raw_header]
    rows, errors = [], []
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append((start, "too_large" if "field limit" in str(error) else "malformed",
                           _salvage_cells(physical[start - 1] if start <= len(physical) else "", delimiter, header)))
            end = reader.line_num
            continue
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows.append((start, {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}))
    return header, rows, errors


def _salvage_cells(line, delimiter, header):
    """The cells of an unreadable record's first line, by plain splitting: ``{column: value}``
    for the cells without a NUL character and of a sane length."""
    cells = {}
    for name, cell in zip(header, line.rstrip("\r").split(delimiter), strict=False):
        cell = cell.strip().strip('"').strip()
        if cell and "\x00" not in cell and len(cell) <= 128:
            cells[name] = cell
    return cells
