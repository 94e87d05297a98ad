"""Pure helpers of the catalogue and stock feeds: no ORM."""
import csv
import io
import math
import re
import zipfile
import zlib

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


# What PostgreSQL's JSON refuses in a text: the NUL character and lone surrogates (JSON-RPC
# carries both).
_JSON_UNSAFE_TEXT = re.compile("[\x00\ud800-\udfff]")


def json_safe(value, depth=4):
    """``value`` as plain JSON data, for a queued feed's lines kept in a JSON column: PostgreSQL's
    JSON has no NaN nor Infinity, so a number that is not finite becomes its text ("nan"), which
    the feed's checks reject as they reject the number; a NUL character or a lone surrogate in a
    text becomes another control character (rejected as unprintable, as in a small feed);
    anything else JSON cannot hold becomes its text (XML-RPC's base64 included), and what is
    nested deeper than ``depth`` levels nothing."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return _JSON_UNSAFE_TEXT.sub("\x01", value)
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, dict | list | tuple):
        if depth <= 0:
            return None
        if isinstance(value, dict):
            return {json_safe(str(key)): json_safe(item, depth - 1) for key, item in value.items()}
        return [json_safe(item, depth - 1) for item in value]
    return json_safe(str(value))


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
    if isinstance(raw, bool) or not isinstance(raw, str | int) or (isinstance(raw, int) and raw.bit_length() > 400):
        return "", "malformed"
    text = str(raw).strip()
    if len(text) > REFERENCE_MAX_LENGTH or not text.isprintable():
        return printable_excerpt(text), "malformed"
    return text, None


def printable_excerpt(raw, length=REFERENCE_MAX_LENGTH):
    """What a report may show of a value a client sent: its printable characters (PostgreSQL
    refuses NUL), at most ``length`` of them; ``""`` for nothing."""
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() > 400:
        return "…"  # a number longer than any quantity (and than Python prints)
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
    ``errors`` as ``(line_number, reason, {column: value})`` for the records that cannot be
    used — a cell beyond ``CSV_CELL_LIMIT`` (``too_large``), a quoted cell left open to the end of
    the file (``malformed``, plus an entry naming nothing for the lines it swallowed), a record
    the csv module refuses — with the cells still readable (a cell with a NUL or a line break
    left out): a reference there names the line's product. The file is read whole (no cell
    limit while reading), so a bad record never makes the reader lose its place. Line numbers
    are the file's own: where each record starts, blank lines and cells written over several
    lines counted."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        return _read_records(text, delimiter, aliases)
    finally:
        csv.field_size_limit(limit)


CSV_CELL_LIMIT = 131072  # the csv module's own default field limit


def _read_records(text, delimiter, aliases):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    physical = io.StringIO(text, newline="").readlines()
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
        except csv.Error:
            line = physical[start - 1] if start <= len(physical) else ""
            errors.append((start, "malformed", _salvage_cells(line, delimiter, header)))
            end = reader.line_num
            continue
        end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}
        if any(len(cell) > CSV_CELL_LIMIT for cell in row):
            errors.append((start, "too_large", _readable(cells)))
            continue
        rows.append((start, cells))
    if rows and _open_quote_at_end(text, delimiter):
        # The last record's quoted cell runs to the end of the file: it swallowed the lines
        # after it, which name nothing any more.
        number, cells = rows.pop()
        errors += [(number, "malformed", _readable(cells)), (number, "malformed", {})]
    return header, rows, errors


def _open_quote_at_end(text, delimiter):
    try:
        for _row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def _readable(cells):
    """The cells a report may still read a reference from."""
    return {name: cell for name, cell in cells.items()
            if cell and len(cell) <= 128 and not any(c in cell for c in "\x00\r\n")}


def _salvage_cells(line, delimiter, header):
    """The cells of an unreadable record's first line, read alone (quotes honoured):
    ``{column: value}`` for the cells a report may still read a reference from."""
    try:
        row = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:
        return {}
    return _readable({name: cell.strip() for name, cell in zip(header, row, strict=False)})


# A ZIP of pictures read at most this far (files, bytes unpacked): beyond, it is refused whole.
ZIP_MAX_FILES = 20000
ZIP_MAX_BYTES = 2 * 1024 ** 3
PICTURE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def read_zip(data):
    """The files of a ZIP archive as ``[(name, size, read)]`` (``read()`` gives the bytes), the
    folders, hidden files and macOS resource forks left out; ``None`` when ``data`` is not a
    ZIP. Raises ``ValueError`` for an archive too large to unpack (more than ``ZIP_MAX_FILES``
    files or ``ZIP_MAX_BYTES`` bytes unpacked)."""
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        return None
    archive = zipfile.ZipFile(io.BytesIO(data))
    members = [info for info in archive.infolist()
               if not info.is_dir() and not info.filename.startswith("__MACOSX/")
               and not info.filename.rsplit("/", 1)[-1].startswith(".")]
    if len(members) > ZIP_MAX_FILES or sum(info.file_size for info in members) > ZIP_MAX_BYTES:
        raise ValueError("archive too large")
    return [(re.split(r"[/\\]", info.filename)[-1], info.file_size, lambda info=info: _read_member(archive, info))
            for info in members]


def _read_member(archive, info):
    """The bytes of a member of ``archive``; ``ValueError`` for one that cannot be read (a
    checksum that fails, encrypted, an unknown compression)."""
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as error:
        raise ValueError(f"unreadable member {info.filename}") from error


# What the pictures of the catalogue may be, read from their bytes (not their names).
PICTURE_MIMETYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
PICTURE_MAX_PIXELS = 50e6  # Odoo's own limit (odoo.tools.image.IMAGE_MAX_RESOLUTION)


def clean_picture(data):
    """``data`` as a picture Odoo resizes: a JPEG, PNG or GIF as it is, a WebP converted to PNG
    (Odoo keeps a WebP whole, never resized). Raises ``ValueError`` for what is not a picture by
    its bytes, cannot be decoded, or has more than ``PICTURE_MAX_PIXELS`` pixels."""
    from PIL import Image, WebPImagePlugin  # noqa: F401, PLC0415 -- Odoo leaves the WebP plugin out

    from odoo.tools.mimetypes import guess_mimetype  # noqa: PLC0415

    mimetype = guess_mimetype(data or b"")
    if mimetype not in PICTURE_MIMETYPES:
        raise ValueError(f"not a picture: {mimetype}")
    try:
        image = Image.open(io.BytesIO(data))
        if image.size[0] * image.size[1] > PICTURE_MAX_PIXELS:
            raise ValueError("too many pixels")
        image.load()
    except (OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValueError("not decodable") from error
    if mimetype == "image/webp":
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        return buffer.getvalue()
    return data


def picture_key(filename):
    """``(stem, view)`` of a picture's file name: ``PAT-JULES-BL_2.jpg`` → ``("PAT-JULES-BL", 2)``,
    ``PAT-JULES-BL.jpg`` → ``("PAT-JULES-BL", 1)``; the stem whole as its own key first (a
    reference may hold an underscore), see ``picture_keys``."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    match = re.fullmatch(r"(.+?)_(\d{1,2})", stem)
    return (match.group(1), int(match.group(2))) if match else (stem, 1)


def picture_keys(filename):
    """The ``(stem, view)`` a picture may stand for, the likeliest first: the whole stem, then
    the stem less its ``_N`` view number."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    keys = [(stem, 1)]
    split = picture_key(filename)
    if split != keys[0]:
        keys.append(split)
    return keys


# Colours of the catalogue (French, as suppliers write them) → RGB, for the demo's drawn pictures.
DEMO_COLOURS = {
    "noir": (35, 35, 38), "blanc": (236, 236, 230), "marron": (110, 66, 38), "camel": (193, 140, 82),
    "beige": (214, 192, 154), "rose": (226, 128, 160), "kaki": (112, 112, 64), "bleu marine": (30, 45, 90),
    "bleu": (52, 92, 170), "rouge": (178, 34, 40), "gris": (130, 130, 130), "vert": (50, 120, 70),
}


def draw_shoe(colour, kind="shoe", size=(800, 600)):
    """A PNG of a shoe seen from the side, in ``colour`` (a catalogue colour name): the demo's
    pictures, drawn rather than downloaded. ``kind``: ``shoe``, ``boot`` or ``sandal``."""
    from PIL import Image, ImageDraw  # noqa: PLC0415 -- Pillow comes with Odoo

    rgb = DEMO_COLOURS.get((colour or "").strip().lower(), (120, 100, 90))
    width, height = size
    image = Image.new("RGB", size, (248, 246, 242))
    draw = ImageDraw.Draw(image)

    def at(x, y):
        return (int(x * width / 100), int(y * height / 100))

    sole = [at(10, 78), at(90, 78), at(92, 84), at(10, 84)]
    if kind == "boot":
        upper = [at(12, 78), at(12, 22), at(40, 20), at(44, 52), at(70, 58), at(86, 64), at(90, 78)]
    elif kind == "sandal":
        upper = [at(14, 78), at(20, 66), at(30, 72), at(46, 60), at(60, 70), at(80, 66), at(90, 78)]
    else:
        upper = [at(12, 78), at(14, 50), at(34, 46), at(52, 56), at(74, 60), at(88, 66), at(90, 78)]
    draw.polygon(upper, fill=rgb, outline=(60, 50, 45))
    draw.polygon(sole, fill=(60, 50, 45))
    draw.ellipse([at(14, 82), at(22, 88)], fill=(60, 50, 45))  # the heel
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
