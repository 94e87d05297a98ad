from odoo import models


class Website(models.Model):
    _inherit = "website"

    # ---------------------------------------------------------------- business
    def _get_product_available_qty(self, product, **kwargs):
        """The shop sells the network's stock of the catalogue: what the open stores publish (one
        query), not the hub's own warehouse (website_sale_stock). Other products, or without a
        hub: Odoo's way."""
        if not (product.marketplace_catalog and self.env["res.company"]._marketplace_hub()):
            return super()._get_product_available_qty(product, **kwargs)
        return self.env["stock.warehouse"].sudo()._marketplace_network_availability(product).get(product.id, 0)
