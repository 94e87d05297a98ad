import base64
import csv
import io

import xlsxwriter

from odoo import fields, models
from odoo.addons.marketplace_base.utils import spreadsheet_safe
from odoo.exceptions import UserError

# One row per invoice line of the period's marketplace invoices (DESIGN.md: accountants' export).
COLUMNS = ("date", "number", "journal", "member_code", "partner", "account", "tax", "untaxed", "tax_amount", "total")
REFUNDS = ("in_refund", "out_refund")


class MarketplaceInvoiceExport(models.TransientModel):
    _name = "marketplace.invoice.export"
    _description = "Marketplace Invoices Export"

    # ------------------------------------------------------------------ fields
    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    file_format = fields.Selection(selection=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")], default="xlsx",
                                   required=True)
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    # ----------------------------------------------------------------- actions
    def action_export(self):
        """Build the file and download it."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        rows = self._marketplace_rows()
        content = self._marketplace_xlsx(rows) if self.file_format == "xlsx" else self._marketplace_csv(rows)
        self.write({
            "file": base64.b64encode(content),
            "filename": f"marketplace_invoices_{self.date_from}_{self.date_to}.{self.file_format}",
        })
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file/{self.filename}?download=true",
            "target": "download",
        }

    # ---------------------------------------------------------------- business
    def _marketplace_headers(self):
        return [
            self.env._("Date"), self.env._("Number"), self.env._("Journal"), self.env._("Member Code"),
            self.env._("Partner"), self.env._("Account"), self.env._("Tax"), self.env._("Untaxed Amount"),
            self.env._("Tax Amount"), self.env._("Total"),
        ]

    def _marketplace_rows(self):
        """The period's posted marketplace invoices (settlements' bills, commission invoices and
        their credit notes), one row per invoice line, credit notes negative."""
        moves = self.env["account.move"].search([
            ("marketplace_settlement_id", "!=", False), ("state", "=", "posted"),
            ("date", ">=", self.date_from), ("date", "<=", self.date_to),
        ], order="date, name, id")
        rows = []
        # The moves are the user's to read; their member (another company) is read on their behalf.
        for move in moves.sudo():
            sign = -1 if move.move_type in REFUNDS else 1
            member_code = move.marketplace_settlement_id.member_id.marketplace_member_code or ""
            for line in move.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
                rows.append({
                    "date": move.date, "number": move.name, "journal": move.journal_id.code,
                    "member_code": member_code, "partner": move.partner_id.name,
                    "account": line.account_id.code, "tax": ", ".join(line.tax_ids.mapped("name")),
                    "untaxed": sign * line.price_subtotal,
                    "tax_amount": sign * (line.price_total - line.price_subtotal),
                    "total": sign * line.price_total,
                })
        return rows

    def _marketplace_csv(self, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(self._marketplace_headers())
        for row in rows:
            writer.writerow([fields.Date.to_string(row["date"]) if name == "date"
                             else f"{row[name]:.2f}" if name in ("untaxed", "tax_amount", "total")
                             else spreadsheet_safe(row[name]) for name in COLUMNS])
        return buffer.getvalue().encode("utf-8-sig")

    def _marketplace_xlsx(self, rows):
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Invoices"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        day = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write_row(0, 0, self._marketplace_headers(), bold)
        for number, row in enumerate(rows, start=1):
            for column, name in enumerate(COLUMNS):
                if name == "date":
                    sheet.write_datetime(number, column, fields.Datetime.to_datetime(row[name]), day)
                elif name in ("untaxed", "tax_amount", "total"):
                    sheet.write_number(number, column, row[name], money)
                else:
                    sheet.write_string(number, column, spreadsheet_safe(row[name] or ""))
        workbook.close()
        return buffer.getvalue()
