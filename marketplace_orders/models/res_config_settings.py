from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    marketplace_auto_deliver_days = fields.Integer(
        related="marketplace_hub_id.marketplace_auto_deliver_days", readonly=False
    )
