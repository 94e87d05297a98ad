from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    marketplace_out_of_stock_display = fields.Selection(
        related="marketplace_hub_id.marketplace_out_of_stock_display", readonly=False
    )
