import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..utils import read_csv

REFERENCE_COLUMNS = {
    "barcode": ("barcode", "ean", "ean13", "code_barre", "code-barre", "code barre", "gencod"),
    "default_code": ("default_code", "reference", "référence", "ref", "internal_reference"),
}
QUANTITY_COLUMNS = ("quantity", "qty", "quantite", "quantité", "stock")
ALIASES = {
    alias: column
    for column, names in {**REFERENCE_COLUMNS, "quantity": QUANTITY_COLUMNS}.items()
    for alias in names
}


class MarketplaceStockFeedUpload(models.TransientModel):
    _name = "marketplace.stock.feed.upload"
    _description = "Send a Stock File"

    store_id = fields.Many2one(
        "stock.warehouse", required=True, domain=[("marketplace_store", "=", True)],
        default=lambda self: self.env["stock.warehouse"].search([("marketplace_store", "=", True)], limit=1),
    )
    file = fields.Binary(required=True)
    filename = fields.Char()
    mode = fields.Selection(
        [("delta", "Delta: only the lines of the file"),
         ("full", "Full: products missing from the file go to zero")],
        required=True, default="delta",
    )

    # ----------------------------------------------------------------- actions
    def action_submit(self):
        self.ensure_one()
        lines = self._parse_csv(base64.b64decode(self.file))
        report = self.env["marketplace.stock.feed"].submit(
            self.store_id.marketplace_store_code, lines, mode=self.mode, source="csv",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "marketplace.stock.feed",
            "res_id": report["feed_id"],
            "view_mode": "form",
            "target": "current",
        }

    # ---------------------------------------------------------------- business
    @api.model
    def _parse_csv(self, data):
        """CSV with a header: a barcode or internal reference column and a quantity column;
        `;` or `,` separated, UTF-8 (with or without BOM) or Latin-1."""
        if not data.strip():
            raise UserError(self.env._("The file is empty."))
        header, rows, errors = read_csv(data, ALIASES)
        if "quantity" not in header or not {"barcode", "default_code"} & set(header):
            raise UserError(self.env._(
                "The file needs a header with a 'barcode' (or 'default_code') column and a 'quantity' "
                "column. Found: %(header)s", header=", ".join(header),
            ))
        lines = [
            {"line": number, "quantity": row.get("quantity") or None,
             **{kind: row[kind] for kind in ("barcode", "default_code") if row.get(kind)}}
            for number, row in rows
        ]
        lines += [{"line": number, "malformed": True,
                   **{kind: cells[kind] for kind in ("barcode", "default_code") if cells.get(kind)}}
                  for number, _reason, cells in errors]
        return sorted(lines, key=lambda line: line["line"])
