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

    # ---------------------------------------------------------------- business
    def _marketplace_commission_tax(self):
        """The VAT of the hub's commission, a service: the service twin of the company's default
        sale tax (France: "20% S" beside "20% G"), the default sale tax if the chart has none."""
        self.ensure_one()
        base = self.account_sale_tax_id
        if not base or base.tax_scope == "service":
            return base
        twins = self.env["account.tax"].sudo().search([
            ("company_id", "=", self.id), ("type_tax_use", "=", "sale"), ("tax_scope", "=", "service"),
            ("amount_type", "=", base.amount_type), ("amount", "=", base.amount),
        ], order="sequence, id")
        return twins.filtered(lambda tax: not tax.price_include)[:1] or base
