from odoo import fields, models
from odoo.tools import SQL

from ..models.marketplace_order import FULFILMENTS, REFUSE_REASONS, STATES


class MarketplaceOrderReport(models.Model):
    """One row per member order, for the graph and pivot views of *Marketplace › Reporting ›
    Orders* (a database view, as Odoo's own sale.report): orders per day by state, late and
    expired orders, acceptance time per member and store, refusals by reason, click & collect
    orders not collected in time. Members read their own rows (the orders' record rules)."""

    _name = "marketplace.order.report"
    _description = "Member Orders Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    # ------------------------------------------------------------------ fields
    order_id = fields.Many2one("marketplace.order", string="Member Order", readonly=True)
    date = fields.Datetime(string="Assigned on", readonly=True)
    company_id = fields.Many2one("res.company", string="Member", readonly=True)
    store_id = fields.Many2one("stock.warehouse", readonly=True)
    state = fields.Selection(STATES, readonly=True)
    fulfilment = fields.Selection(FULFILMENTS, readonly=True)
    refuse_reason = fields.Selection(REFUSE_REASONS, string="Refusal Reason", readonly=True)
    is_late = fields.Boolean(string="Late", readonly=True)
    is_expired = fields.Boolean(string="Expired", readonly=True)
    not_collected = fields.Boolean(
        string="Not Collected in Time", readonly=True,
        help="Click & collect orders ready in the shop whose collection deadline has passed.")
    acceptance_hours = fields.Float(
        string="Hours to Accept", readonly=True, aggregator="avg",
        help="Time between the order's assignment and its acceptance by the shop (average).")
    amount_total = fields.Float(string="Total", readonly=True)

    # ---------------------------------------------------------------- business
    @property
    def _table_query(self):
        return SQL(
            """SELECT o.id AS id, o.id AS order_id, o.assigned_date AS date, o.company_id, o.store_id,
                      o.state, o.fulfilment, o.refuse_reason, o.is_late,
                      o.state = 'expired' AS is_expired,
                      (o.fulfilment = 'collect' AND o.state = 'ready'
                       AND o.collect_deadline < (now() AT TIME ZONE 'UTC')) AS not_collected,
                      EXTRACT(EPOCH FROM o.accepted_date - o.assigned_date) / 3600.0 AS acceptance_hours,
                      o.amount_total
                 FROM marketplace_order o""")
