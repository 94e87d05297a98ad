from odoo import api, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    @api.model
    def _marketplace_mirror_fields(self):
        """The shop's categories follow the nomenclature too: its category pages."""
        return {**super()._marketplace_mirror_fields(), "product.public.category": "public_categ_ids"}
