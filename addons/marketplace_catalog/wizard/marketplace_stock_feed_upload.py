import base64
import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError

REFERENCE_COLUMNS = {
    "barcode": ("barcode", "ean", "ean13", "code_barre", "code-barre", "code barre", "gencod"),
    "default_code": ("default_code", "reference", "référence", "ref", "internal_reference"),
}
QUANTITY_COLUMNS = ("quantity", "qty", "quantite", "quantité", "stock")


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
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        if not text.strip():
            raise UserError(self.env._("The file is empty."))
        try:
            dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        header = [h.strip().lower() for h in next(reader)]

        def column(names):
            return next((i for i, h in enumerate(header) if h in names), None)

        columns = {kind: column(names) for kind, names in REFERENCE_COLUMNS.items()}
        qty_col = column(QUANTITY_COLUMNS)
        if qty_col is None or all(c is None for c in columns.values()):
            raise UserError(self.env._(
                "The file needs a header with a 'barcode' (or 'default_code') column and a 'quantity' "
                "column. Found: %(header)s", header=", ".join(header),
            ))
        lines = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = {"quantity": row[qty_col] if qty_col < len(row) else None}
            for kind, col in columns.items():
                if col is not None and col < len(row) and row[col].strip():
                    line[kind] = row[col].strip()
            lines.append(line)
        return lines
