import csv
import hashlib
import io
import logging

from odoo import api, fields, models
from odoo.tools import file_open

from ..utils import normalize_city, normalize_postcode

_logger = logging.getLogger(__name__)

POSTCODE_FILE = "marketplace_base/data/fr_postcodes.csv"
POSTCODE_CHECKSUM_PARAM = "marketplace_base.postcode_table_sha1"


class MarketplacePostcode(models.Model):
    _name = "marketplace.postcode"
    _description = "French Postcode"
    _order = "name, city"
    _log_access = False

    # ------------------------------------------------------------------ fields
    name = fields.Char(string="Postcode", required=True, index=True)
    insee_code = fields.Char(string="INSEE Code", required=True, index=True)
    city = fields.Char(string="Town", required=True)
    city_key = fields.Char(string="Normalised Town", index=True)
    latitude = fields.Float(digits=(10, 6))
    longitude = fields.Float(digits=(10, 6))

    # --------------------------------------------------------------- business
    @api.model
    def _marketplace_lookup(self, postcode=None, city=None):
        """Locate a French address from its postcode and town, offline.

        Returns a dict ``{latitude, longitude, city, postcode, precision}`` or ``None``.
        ``precision`` is ``commune`` (the town served by the postcode was identified),
        ``postcode`` (several communes share the postcode: their centre) or ``town`` (no
        usable postcode: the town alone).
        """
        code = normalize_postcode(postcode)
        key = normalize_city(city)
        cr = self.env.cr
        if code:
            cr.execute(
                "SELECT name, city, city_key, latitude, longitude FROM marketplace_postcode"
                " WHERE name = %s ORDER BY insee_code",
                [code],
            )
            rows = cr.fetchall()
            if rows:
                match = [r for r in rows if key and r[2] == key] or (rows if len(rows) == 1 else [])
                if match:
                    name, city_name, _key, lat, lon = match[0]
                    return self._marketplace_result(lat, lon, city_name, name, "commune")
                lat = sum(r[3] for r in rows) / len(rows)
                lon = sum(r[4] for r in rows) / len(rows)
                return self._marketplace_result(lat, lon, rows[0][1], code, "postcode")
        if key:
            # Paris, Lyon and Marseille are listed by arrondissement ("PARIS 01"...).
            cr.execute(
                "SELECT name, city, latitude, longitude FROM marketplace_postcode"
                " WHERE city_key = %s OR city_key LIKE %s ORDER BY city_key = %s DESC, name"
                " LIMIT 1",
                [key, key + " __", key],
            )
            row = cr.fetchone()
            if row:
                return self._marketplace_result(row[2], row[3], row[1], row[0], "town")
        return None

    @api.model
    def _marketplace_result(self, lat, lon, city, postcode, precision):
        return {
            "latitude": round(lat, 6),
            "longitude": round(lon, 6),
            "city": city,
            "postcode": postcode,
            "precision": precision,
        }

    # ---------------------------------------------------------------- tooling
    @api.model
    def _load_postcodes(self, force=False):
        """(Re)load the postcode table from the CSV shipped with the module.

        One COPY, not 35,000 ORM creates; skipped when the file did not change."""
        with file_open(POSTCODE_FILE, "rb") as f:
            raw = f.read()
        checksum = hashlib.sha1(raw).hexdigest()
        params = self.env["ir.config_parameter"].sudo()
        if not force and params.get_param(POSTCODE_CHECKSUM_PARAM) == checksum:
            return 0
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
        count = 0
        for row in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
            writer.writerow([
                row["postcode"], row["insee_code"], row["city"], normalize_city(row["city"]),
                row["latitude"], row["longitude"],
            ])
            count += 1
        buffer.seek(0)
        cr = self.env.cr
        cr.execute("DELETE FROM marketplace_postcode")
        cr.copy_expert(
            "COPY marketplace_postcode (name, insee_code, city, city_key, latitude, longitude)"
            " FROM STDIN",
            buffer,
        )
        self.invalidate_model()
        params.set_param(POSTCODE_CHECKSUM_PARAM, checksum)
        _logger.info("Loaded %d French postcodes", count)
        return count
