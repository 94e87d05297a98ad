from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    marketplace_collect_reassign_km = fields.Integer(
        related="marketplace_hub_id.marketplace_collect_reassign_km", readonly=False
    )
