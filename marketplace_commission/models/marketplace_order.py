from odoo import api, fields, models
from odoo.tools import float_compare


class MarketplaceOrder(models.Model):
    _inherit = "marketplace.order"

    # ------------------------------------------------------------------ fields
    commission_fee = fields.Monetary(
        string="Fixed Fee", readonly=True, copy=False,
        help="The fixed fee of the order's commission rules (the highest), charged once per member order.")
    commission_fee_reversed = fields.Monetary(
        string="Fixed Fee Reversed", readonly=True, copy=False, help="Everything sold came back.")
    settled_fee_reversed = fields.Monetary(
        string="Fixed Fee Credited", readonly=True, copy=False,
        help="The reversed fixed fee the settlements have credited already (or never charged).")
    commission_total = fields.Monetary(
        string="Commission", compute="_compute_commission_total", store=True,
        help="The hub's commission on this order, VAT excluded: its lines' commissions and the fixed fee, "
             "less what returns reversed.")

    # ----------------------------------------------------------------- compute
    @api.depends("line_ids.commission_amount", "line_ids.commission_reversed", "commission_fee",
                 "commission_fee_reversed")
    def _compute_commission_total(self):
        for order in self:
            lines = order.line_ids
            order.commission_total = (sum(lines.mapped("commission_amount")) - sum(lines.mapped("commission_reversed"))
                                      + order.commission_fee - order.commission_fee_reversed)

    # ---------------------------------------------------------------- business
    def _marketplace_update_state(self, allowed_states, target_state, values=None):
        moved = super()._marketplace_update_state(allowed_states, target_state, values)
        if target_state in ("delivered", "collected"):
            moved._marketplace_set_commission()
        return moved

    def _marketplace_set_commission(self):
        """The commission of the orders just delivered or handed over, on their lines sold (not
        cancelled, not moved elsewhere), from the rules valid on the day of the sale."""
        Rule = self.env["marketplace.commission.rule"]
        now = fields.Datetime.now()
        rules_of_day = {}
        for order in self:
            when = order.delivered_date or now
            day = self.env["res.company"]._marketplace_hub_date(when)
            if day not in rules_of_day:
                rules_of_day[day] = Rule._marketplace_valid_rules(day)
            applied = order._marketplace_active_lines()._marketplace_set_commission(when, rules_of_day[day])
            order.write({"commission_fee": max(applied.mapped("fixed_fee"), default=0.0),
                         "commission_fee_reversed": 0.0})

    def _marketplace_settlement_paid(self):
        """The customer's money for this leg is in: captured, paid at the counter, or — a
        hand-typed order with nothing to capture — the invoices of its lines paid."""
        self.ensure_one()
        if self.payment_state in ("captured", "in_shop"):
            return True
        return (self.payment_state == "none" and not self.capture_transaction_id
                and self.sale_order_id._marketplace_paid_by_invoice(self.sudo().line_ids.sale_line_id))

    def _marketplace_on_returned(self, quantities):
        result = super()._marketplace_on_returned(quantities)
        for line in quantities:
            line._marketplace_reverse_commission()
        active = self._marketplace_active_lines()
        # Everything came back (a share within a cent's rounding of the whole counts).
        if active and all(float_compare(line._marketplace_returned_share(), 1.0, precision_digits=3) >= 0
                          for line in active):
            self.commission_fee_reversed = self.commission_fee
        return result
