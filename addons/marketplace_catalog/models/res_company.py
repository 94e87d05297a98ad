from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    marketplace_feed_jump_ratio = fields.Float(
        string="Stock Jump Ratio",
        default=10.0,
        help="A stock feed quantity this many times above the store's previous quantity is "
        "applied but flagged for the member and the animators.",
    )

    def write(self, vals):
        if "marketplace_feed_jump_ratio" in vals:
            self.env["res.company"]._marketplace_check_admin()
        return super().write(vals)

