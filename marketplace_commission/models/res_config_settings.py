from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    marketplace_commission_rate = fields.Float(
        related="marketplace_hub_id.marketplace_commission_rate", readonly=False)
    marketplace_subscription_fee = fields.Monetary(
        related="marketplace_hub_id.marketplace_subscription_fee", readonly=False)
    marketplace_goods_account_id = fields.Many2one(
        related="marketplace_hub_id.marketplace_goods_account_id", readonly=False)
    marketplace_commission_account_id = fields.Many2one(
        related="marketplace_hub_id.marketplace_commission_account_id", readonly=False)
