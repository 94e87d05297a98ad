from odoo import fields, models


class MarketplaceOrderLine(models.Model):
    _inherit = "marketplace.order.line"

    # ------------------------------------------------------------------ fields
    commission_rule_id = fields.Many2one(
        "marketplace.commission.rule", readonly=True, copy=False,
        groups="marketplace_base.group_marketplace_animator",
        help="The rule that set the commission when the line was delivered or handed over (empty: the "
             "hub's default rate).")
    commission_rate = fields.Float(string="Commission (%)", digits=(5, 2), readonly=True, copy=False)
    commission_base = fields.Monetary(
        readonly=True, copy=False, help="What the customer paid for the line, VAT included, shipping excluded.")
    commission_amount = fields.Monetary(string="Commission", readonly=True, copy=False)
    commission_reversed = fields.Monetary(
        readonly=True, copy=False, help="The share of returned items.")
    commission_date = fields.Datetime(readonly=True, copy=False)
    settlement_id = fields.Many2one(
        "marketplace.settlement", readonly=True, copy=False, index="btree_not_null", ondelete="restrict")
    settled_returned_qty = fields.Float(
        digits="Product Unit of Measure", readonly=True, copy=False,
        help="Returned items the settlements have credited already.")
    settled_commission_reversed = fields.Monetary(readonly=True, copy=False)

    # ---------------------------------------------------------------- business
    def _marketplace_set_commission(self, when, rules):
        """Store the commission of these lines, sold ``when``, from ``rules`` (the rules valid
        then): rule, rate, base and amount, rounded to the cent line by line. Later rule changes
        do not rewrite it. Returns the rules applied."""
        hub = self.env["res.company"]._marketplace_hub()
        applied = self.env["marketplace.commission.rule"]
        for line in self:
            rule = rules._marketplace_best_for(line.company_id, line.product_id)
            rate = rule.rate if rule else hub.marketplace_commission_rate
            base = line.amount
            line.write({
                "commission_rule_id": rule.id,
                "commission_rate": rate,
                "commission_base": base,
                "commission_amount": line.currency_id.round(base * rate / 100),
                "commission_reversed": 0.0,
                "commission_date": when,
            })
            applied |= rule
        return applied

    def _marketplace_reverse_commission(self):
        """Items of this line came back: their share of the commission is reversed."""
        self.ensure_one()
        if not self.commission_date or not self.quantity:
            return
        returned = min(self.returned_qty, self.quantity)
        reversed_amount = self.currency_id.round(self.commission_amount * returned / self.quantity)
        self.commission_reversed = min(reversed_amount, self.commission_amount)
