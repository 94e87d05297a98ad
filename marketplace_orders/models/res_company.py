from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------ fields
    marketplace_auto_deliver_days = fields.Integer(
        string="Delivered After (days)",
        default=5,
        help="A shipped member order counts as delivered this many days after shipping, unless the member "
             "marked it delivered before (0: only by hand). The delivery date starts the withdrawal period.",
    )
