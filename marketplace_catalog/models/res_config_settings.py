from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    marketplace_feed_jump_ratio = fields.Float(
        related="marketplace_hub_id.marketplace_feed_jump_ratio", readonly=False
    )
    marketplace_catalog_tax_id = fields.Many2one(
        related="marketplace_hub_id.marketplace_catalog_tax_id", readonly=False
    )
    marketplace_picture_max_mb = fields.Integer(
        related="marketplace_hub_id.marketplace_picture_max_mb", readonly=False
    )
