from odoo import api, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    # ---------------------------------------------------------------- onchange
    @api.onchange("product_id")
    def _onchange_product_id(self):
        """A Point of Sale line typed in the back office: catalogue products take the store's
        catalogue VAT, the price staying VAT included."""
        res = super()._onchange_product_id()
        if self.product_id.marketplace_catalog and not self.tax_ids:
            price = self.order_id.pricelist_id._get_product_price(self.product_id, self.qty or 1.0,
                                                                 currency=self.currency_id)
            self.tax_ids = self.product_id._marketplace_taxes(self.company_id)
            after_fiscal_position = self.order_id.fiscal_position_id.map_tax(self.tax_ids)
            self.price_unit = self.env["account.tax"]._fix_tax_included_price_company(
                price, self.tax_ids, after_fiscal_position, self.company_id)
            self._onchange_qty()
        return res
