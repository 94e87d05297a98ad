from odoo import fields, models


class MarketplaceMirroredCategory(models.AbstractModel):
    """A category that mirrors one of the catalogue's nomenclature."""

    _name = "marketplace.mirrored.category"
    _description = "Category Mirroring the Nomenclature"

    marketplace_categ_id = fields.Many2one(
        "product.category", string="Nomenclature", readonly=True, index="btree_not_null", ondelete="set null",
        help="The catalogue's category this one follows: its catalogue models are here, its name too.")
