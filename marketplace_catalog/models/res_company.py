from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    marketplace_feed_jump_ratio = fields.Float(
        string="Stock Jump Ratio",
        default=10.0,
        help="A stock feed quantity this many times above the store's previous quantity is "
        "applied but flagged for the member and the animators.",
    )

    @api.model
    def _marketplace_setting_fields(self):
        return super()._marketplace_setting_fields() + ("marketplace_feed_jump_ratio",)

