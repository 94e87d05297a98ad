from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    marketplace_auto_deliver_days = fields.Integer(
        related="marketplace_hub_id.marketplace_auto_deliver_days", readonly=False
    )
    marketplace_unassigned_hours = fields.Integer(
        related="marketplace_hub_id.marketplace_unassigned_hours", readonly=False
    )
