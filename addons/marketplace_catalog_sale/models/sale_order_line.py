from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ----------------------------------------------------------------- compute
    def _compute_tax_id(self):
        """Catalogue products carry no taxes: their lines take the company's catalogue VAT
        (``product.template._marketplace_taxes``), mapped by the fiscal position. The price, VAT
        included, follows in ``_compute_price_unit``
        (``product.product._get_tax_included_unit_price_from_price``)."""
        res = super()._compute_tax_id()
        for line in self.filtered(lambda line: line.product_id.marketplace_catalog and line.product_type != "combo"):
            taxes = line.product_id._marketplace_taxes(line.company_id)
            line.tax_id = line.order_id.fiscal_position_id.map_tax(taxes)
        return res
