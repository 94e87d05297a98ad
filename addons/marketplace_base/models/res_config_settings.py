from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    marketplace_hub_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env["res.company"]._marketplace_hub(),
        readonly=True,
    )
    marketplace_accept_delay = fields.Integer(
        related="marketplace_hub_id.marketplace_accept_delay", readonly=False
    )
    marketplace_prepare_delay = fields.Integer(
        related="marketplace_hub_id.marketplace_prepare_delay", readonly=False
    )
    marketplace_post_delay = fields.Integer(
        related="marketplace_hub_id.marketplace_post_delay", readonly=False
    )
    marketplace_collect_delay = fields.Integer(
        related="marketplace_hub_id.marketplace_collect_delay", readonly=False
    )
    marketplace_withdrawal_days = fields.Integer(
        related="marketplace_hub_id.marketplace_withdrawal_days", readonly=False
    )
    marketplace_feed_qty_ceiling = fields.Integer(
        related="marketplace_hub_id.marketplace_feed_qty_ceiling", readonly=False
    )
    marketplace_feed_async_threshold = fields.Integer(
        related="marketplace_hub_id.marketplace_feed_async_threshold", readonly=False
    )
    marketplace_safety_stock = fields.Integer(
        related="marketplace_hub_id.marketplace_safety_stock", readonly=False
    )
