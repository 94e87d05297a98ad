from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ----------------------------------------------------------------- compute
    def _get_computed_taxes(self):
        """Invoice and bill lines of catalogue products take the company's catalogue VAT (or its
        purchase tax), before any default tax of the income or expense account, mapped by the
        fiscal position (``product.template._marketplace_taxes``)."""
        move = self.move_id
        if not self.product_id.marketplace_catalog:
            return super()._get_computed_taxes()
        if move.is_sale_document(include_receipts=True):
            kind = "sale"
        elif move.is_purchase_document(include_receipts=True):
            kind = "purchase"
        else:
            return super()._get_computed_taxes()
        taxes = self.product_id._marketplace_taxes(move.company_id, kind)
        if taxes and move.fiscal_position_id:
            taxes = move.fiscal_position_id.map_tax(taxes)
        return taxes
