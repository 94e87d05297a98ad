from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ---------------------------------------------------------------- business
    def _get_cart_and_free_qty(self, product, line=None):
        """The cart's checks (quantity added, "only N left", before payment) read the network's
        published stock of a catalogue product, as the product page does."""
        cart_qty, free_qty = super()._get_cart_and_free_qty(product, line=line)
        product = product or line.product_id
        if self.website_id and product.marketplace_catalog and self.env["res.company"]._marketplace_hub():
            free_qty = self.website_id._get_product_available_qty(product.sudo())
        return cart_qty, free_qty
