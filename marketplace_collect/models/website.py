from odoo import models


class Website(models.Model):
    _inherit = "website"

    # ---------------------------------------------------------------- business
    def _get_max_in_store_product_available_qty(self, product):
        """The network's pick-up: the most any open shop offering click & collect publishes
        (one query; website_sale_collect asks each listed warehouse)."""
        carrier = self.sudo().in_store_dm_id
        if not carrier.marketplace_network:
            return super()._get_max_in_store_product_available_qty(product)
        stock = carrier._marketplace_pickup_stock({product.id: 1.0})
        return max((qty.get(product.id, 0) for qty in stock.values()), default=0)
