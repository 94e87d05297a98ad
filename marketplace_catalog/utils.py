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
        value = float(raw)
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
    tab separated) and yield ``(line_number, {column: value})`` with the header names mapped
    through ``aliases`` (``{alias: column}``). Returns ``(header, rows)``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        raw_header = next(reader)
    except StopIteration:
        return [], []
    header = [aliases.get(h.strip().lower(), h.strip().lower()) for h in raw_header]
    rows = []
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        rows.append((number, {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}))
    return header, rows
