from odoo import fields, models


class MarketplaceBrand(models.Model):
    _name = "marketplace.brand"
    _description = "Brand"
    _order = "name"

    name = fields.Char(required=True, index=True)
    active = fields.Boolean(default=True)
    product_count = fields.Integer(compute="_compute_product_count", string="Products")

    _sql_constraints = [("name_uniq", "unique(name)", "This brand already exists.")]

    def _compute_product_count(self):
        counts = dict(self.env["product.template"]._read_group(
            [("marketplace_brand_id", "in", self.ids)], ["marketplace_brand_id"], ["__count"]
        ))
        for brand in self:
            brand.product_count = counts.get(brand, 0)
