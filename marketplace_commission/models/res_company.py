from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------ fields
    marketplace_commission_rate = fields.Float(
        string="Default Commission (%)", default=12.0, digits=(5, 2),
        help="The hub's commission on a sold line when no commission rule applies to it.")
    marketplace_subscription_fee = fields.Monetary(
        string="Monthly Subscription", currency_field="currency_id",
        help="What each member pays the hub a month, VAT excluded, invoiced with its first settlement of the "
             "month.")

    # ------------------------------------------------------------- constraints
    @api.constrains("marketplace_commission_rate")
    def _check_marketplace_commission_rate(self):
        for company in self:
            if not 0 <= company.marketplace_commission_rate <= 100:
                raise ValidationError(self.env._("A commission rate is between 0 and 100 %."))
