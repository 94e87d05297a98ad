from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # ---------------------------------------------------------------- business
    def _sale_prepare_sale_line_values(self, order, price):
        """A catalogue product re-invoiced to a customer (an expense) takes the catalogue VAT."""
        values = super()._sale_prepare_sale_line_values(order, price)
        if self.product_id.marketplace_catalog:
            fiscal_position = order.fiscal_position_id or order.fiscal_position_id._get_fiscal_position(
                order.partner_id)
            values["tax_id"] = fiscal_position.map_tax(
                self.product_id._marketplace_taxes(order.company_id)).ids
        return values
