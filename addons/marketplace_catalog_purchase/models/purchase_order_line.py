from odoo import api, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # ----------------------------------------------------------------- compute
    def _compute_tax_id(self):
        """Catalogue products carry no taxes: their purchase lines take the company's purchase
        tax (``product.template._marketplace_taxes``), mapped by the fiscal position. The network
        purchase price excludes VAT, so the price needs no adjustment."""
        res = super()._compute_tax_id()
        for line in self.filtered(lambda line: line.product_id.marketplace_catalog):
            line.taxes_id = line._marketplace_fiscal_position().map_tax(
                line.product_id._marketplace_taxes(line.company_id, "purchase"))
        return res

    # ---------------------------------------------------------------- business
    @api.model
    def _prepare_purchase_order_line(self, product_id, product_qty, product_uom, company_id, supplier, po):
        """Replenishment's purchase lines of catalogue products, likewise."""
        values = super()._prepare_purchase_order_line(product_id, product_qty, product_uom, company_id, supplier, po)
        if product_id.marketplace_catalog:
            taxes = po.fiscal_position_id.map_tax(product_id._marketplace_taxes(company_id, "purchase"))
            values["taxes_id"] = [(6, 0, taxes.ids)]
        return values

    def _marketplace_fiscal_position(self):
        order = self.order_id
        return order.fiscal_position_id or order.fiscal_position_id._get_fiscal_position(order.partner_id)
