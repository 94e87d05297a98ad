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

    marketplace_goods_account_id = fields.Many2one(
        "account.account", string="Purchases of Goods Account", domain="[('deprecated', '=', False)]",
        help="Where the self-billed vendor bills of the members' sales (and their credit notes) are booked; "
             "the chart's 607 (purchases of goods) when empty.")
    marketplace_commission_account_id = fields.Many2one(
        "account.account", string="Commission Income Account", domain="[('deprecated', '=', False)]",
        help="Where the commission invoices to the members (and their credit notes) are booked: a commission is a "
             "service; the chart's 706 (services) when empty, 7082 (commissions) is another choice.")

    marketplace_self_billing_date = fields.Date(
        string="Self-Billing Accepted On",
        help="The day the member accepted that the hub issues its sales invoices on its behalf (self-billing, "
             "French tax code art. 242 nonies A). The member is settled only once it is set.")

    # ------------------------------------------------------------- constraints
    @api.constrains("marketplace_commission_rate")
    def _check_marketplace_commission_rate(self):
        for company in self:
            if not 0 <= company.marketplace_commission_rate <= 100:
                raise ValidationError(self.env._("A commission rate is between 0 and 100 %."))

    # -------------------------------------------------------------------- CRUD
    def _marketplace_setting_fields(self):
        return super()._marketplace_setting_fields() + ("marketplace_self_billing_date",)

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

    def _marketplace_settlement_accounts(self):
        """(goods, commission) accounts of the hub's settlement documents: Settings' choice, else
        the chart's first 607 (purchases of goods) and 706 (services) accounts; empty when the
        chart has none (Odoo's own choice then)."""
        self.ensure_one()
        Account = self.env["account.account"].sudo().with_company(self)

        def first(prefix):
            return Account.search([("code", "=like", f"{prefix}%"), ("company_ids", "in", self.ids),
                                   ("deprecated", "=", False)], order="code", limit=1)

        return (self.marketplace_goods_account_id or first("607"),
                self.marketplace_commission_account_id or first("706"))
