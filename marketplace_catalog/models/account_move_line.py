from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ----------------------------------------------------------------- compute
    def _get_computed_taxes(self):
        """Catalogue products carry no taxes: a sale or purchase line takes its company's default
        tax (``product.product._marketplace_taxes``), mapped by the fiscal position."""
        taxes = super()._get_computed_taxes()
        move = self.move_id
        if taxes or not self.product_id.marketplace_catalog:
            return taxes
        if move.is_sale_document(include_receipts=True):
            kind = "sale"
        elif move.is_purchase_document(include_receipts=True):
            kind = "purchase"
        else:
            return taxes
        taxes = self.product_id._marketplace_taxes(move.company_id, kind)
        if taxes and move.fiscal_position_id:
            taxes = move.fiscal_position_id.map_tax(taxes)
        return taxes
