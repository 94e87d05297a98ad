"""Pure helpers of the marketplace: no ORM, easy to test and to reuse."""
import math
import re
import unicodedata

EARTH_RADIUS_KM = 6371.0088

_CEDEX_RE = re.compile(r"\bCEDEX\b.*$")
_SAINT_RE = {"SAINT": "ST", "SAINTE": "STE"}


def normalize_city(name):
    """Return a city name in La Poste's postal form, to match the postcode table.

    Upper case, no accents, hyphens and apostrophes as spaces, SAINT/SAINTE as ST/STE,
    no CEDEX suffix: ``"Saint-Étienne Cedex 1"`` → ``"ST ETIENNE"``.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    text = re.sub(r"[-'’`.,/]", " ", text)
    text = _CEDEX_RE.sub("", text)
    words = [_SAINT_RE.get(word, word) for word in text.split()]
    return " ".join(words)


def normalize_code(code):
    """A member or store code as stored and compared everywhere: trimmed, upper case
    (``" a001-01 "`` → ``"A001-01"``); ``""`` for nothing, for what is not text and for text
    with control characters (no code has any; PostgreSQL refuses NUL)."""
    if not isinstance(code, str) or not code.isprintable():
        return ""
    return code.strip().upper()


def normalize_postcode(postcode):
    """Return a French postcode as 5 characters (``"6000"`` → ``"06000"``), or ``""``."""
    if not postcode:
        return ""
    code = re.sub(r"\s+", "", str(postcode)).upper()
    if code.isdigit() and len(code) == 4:
        code = "0" + code
    return code if re.fullmatch(r"\d{5}", code) else ""


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def without_none(value):
    """``value`` (an action, nested dicts and lists) without its None values, which XML-RPC
    cannot carry (Odoo's web client reads a missing key as None)."""
    if isinstance(value, dict):
        return {key: without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, (list, tuple)):
        return type(value)(without_none(item) for item in value if item is not None)
    return value


# What a spreadsheet runs as a formula when a text cell starts with it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell of a CSV or XLSX export that a spreadsheet never runs as a formula: text
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe (``'=HYPERLINK(...)``); anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
