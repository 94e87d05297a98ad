from odoo import models


class MarketplaceBrand(models.Model):
    _inherit = "marketplace.brand"

    def write(self, vals):
        res = super().write(vals)
        if "name" in vals:  # the shop's brand filter follows
            self.env["product.template"].sudo().with_context(active_test=False).search(
                [("marketplace_brand_id", "in", self.ids)])._marketplace_sync_filter_attributes()
        return res
