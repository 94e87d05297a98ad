from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression

SETTLEMENT_STATUSES = [
    ("settled", "Settled"),
    ("not_sold", "Not sold (cancelled or moved)"),
    ("undelivered", "Not delivered yet"),
    ("unpaid", "Customer's payment not received yet"),
    ("withdrawal", "In the withdrawal period"),
    ("no_agreement", "No self-billing agreement"),
    ("due", "Due at the next settlement"),
]


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
    settlement_status = fields.Selection(
        SETTLEMENT_STATUSES, compute="_compute_settlement_status",
        search="_search_settlement_status",
        help="Where the line stands for the member's settlement, and why it waits when it does.")

    # ----------------------------------------------------------------- compute
    def _compute_settlement_status(self):
        hub = self.env["res.company"]._marketplace_hub()
        cutoff = fields.Datetime.now() - timedelta(days=hub.marketplace_withdrawal_days)
        for line in self:
            line.settlement_status = line.sudo()._marketplace_settlement_status(cutoff)

    def _marketplace_settlement_status(self, cutoff):
        """Why this line is (not yet) settled; ``due`` when the next settlement takes it (see
        ``marketplace.settlement._marketplace_eligible_lines``)."""
        self.ensure_one()
        if self.settlement_id:
            return "settled"
        if self.cancelled or self.released:
            return "not_sold"
        if self.state not in ("delivered", "collected"):
            return "undelivered"
        if not self.order_id._marketplace_settlement_paid():
            return "unpaid"
        if not self.commission_date or self.commission_date > cutoff:
            return "withdrawal"
        if not self.company_id.marketplace_self_billing_date:
            return "no_agreement"
        return "due"

    @api.model
    def _search_settlement_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(self.env._("Search the settlement status with =, !=, in or not in."))
        values = {value} if isinstance(value, str) else set(value or ())
        if operator in ("!=", "not in"):
            values = {key for key, _label in SETTLEMENT_STATUSES} - values
        hub = self.env["res.company"]._marketplace_hub()
        cutoff = fields.Datetime.now() - timedelta(days=hub.marketplace_withdrawal_days)
        domains = []
        if "settled" in values:
            domains.append([("settlement_id", "!=", False)])
        if "not_sold" in values:
            domains.append([("settlement_id", "=", False), "|", ("cancelled", "=", True), ("released", "=", True)])
        if "undelivered" in values:
            domains.append([("settlement_id", "=", False), ("cancelled", "=", False), ("released", "=", False),
                            ("state", "not in", ("delivered", "collected"))])
        delivered = values & {"unpaid", "withdrawal", "no_agreement", "due"}
        if delivered:
            domains += self._marketplace_delivered_status_domains(delivered, cutoff)
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    @api.model
    def _marketplace_delivered_status_domains(self, statuses, cutoff):
        """Domains of the delivered lines not settled yet whose status is in ``statuses``: in the
        database, but for hand-typed orders (nothing captured), whose invoices are read — those
        orders only, once each (a few among the month's sales)."""
        base = [("settlement_id", "=", False), ("cancelled", "=", False), ("released", "=", False),
                ("state", "in", ("delivered", "collected"))]
        by_invoice = self.search(base + [("order_id.payment_state", "=", "none"),
                                         ("order_id.capture_transaction_id", "=", False)])
        paid_orders = {order for order in by_invoice.sudo().order_id if order._marketplace_settlement_paid()}
        paid_by_invoice = [line.id for line in by_invoice.sudo() if line.order_id in paid_orders]
        paid = ["|", ("order_id.payment_state", "in", ("captured", "in_shop")), ("id", "in", paid_by_invoice)]
        past = [("commission_date", "!=", False), ("commission_date", "<=", cutoff)]
        agreed = self.env["res.company"].sudo().with_context(active_test=False).search(
            [("marketplace_self_billing_date", "!=", False)]).ids
        domains = {
            "unpaid": base + [("order_id.payment_state", "not in", ("captured", "in_shop")),
                              ("id", "not in", paid_by_invoice)],
            "withdrawal": base + paid + ["|", ("commission_date", "=", False), ("commission_date", ">", cutoff)],
            "no_agreement": base + paid + past + [("company_id", "not in", agreed)],
            "due": base + paid + past + [("company_id", "in", agreed)],
        }
        return [domains[status] for status in sorted(statuses)]

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
            base = line._marketplace_paid_amount()
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
        """Items of this line came back: the share of the commission of what the customer got
        back is reversed."""
        self.ensure_one()
        if not self.commission_date or not self.quantity:
            return
        reversed_amount = self.currency_id.round(self.commission_amount * self._marketplace_returned_share())
        # Never less than reversed already (the settlements may have credited it).
        reversed_amount = max(reversed_amount, self.commission_reversed)
        self.commission_reversed = min(reversed_amount, self.commission_amount)
