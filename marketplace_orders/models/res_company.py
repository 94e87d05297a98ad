from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# The window of the member performance figures.
PERFORMANCE_DAYS = 30


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------ fields
    marketplace_auto_deliver_days = fields.Integer(
        string="Delivered After (days)",
        default=5,
        help="A shipped member order counts as delivered this many days after shipping, unless the member "
             "marked it delivered before (0: only by hand). The delivery date starts the withdrawal period.",
    )
    marketplace_unassigned_hours = fields.Integer(
        string="Unassigned Lines Wait (hours)",
        default=48,
        help="A customer order line no store can serve waits this long for one (a card authorisation does "
             "not last); then it is cancelled, its payment voided and the customer told.",
    )
    # Member performance over the last PERFORMANCE_DAYS days, refreshed by a daily cron (routing
    # reads them as a tie-breaker: stored, so that routing pays one join, not an aggregate).
    marketplace_acceptance_rate = fields.Float(
        string="Acceptance Rate (%)", readonly=True, default=100.0, digits=(5, 1),
        help="Share of the member's orders of the last 30 days accepted rather than refused or left to expire "
             "(100 % with no order yet).")
    marketplace_avg_accept_hours = fields.Float(
        string="Average Time to Accept (h)", readonly=True, digits=(6, 1),
        help="Average time between assignment and acceptance over the last 30 days.")
    marketplace_late_count = fields.Integer(
        string="Late Orders (30 days)", readonly=True, help="Orders of the last 30 days prepared or posted late.")
    marketplace_expired_count = fields.Integer(
        string="Expired Orders (30 days)", readonly=True, help="Orders of the last 30 days not accepted in time.")

    # -------------------------------------------------------------------- CRUD
    def write(self, vals):
        """A member suspended or closed leaves the network's work: its open orders go to the
        animators' decision (``_marketplace_hand_back_orders``); a member closes only once its
        parcels on the road are delivered."""
        state = vals.get("marketplace_state")
        leaving = self.browse()
        if state in ("draft", "suspended", "closed"):
            leaving = self.filtered(lambda company: company.marketplace_role == "member"
                                    and company.marketplace_state != state)
            if state == "closed":
                leaving._marketplace_check_no_parcel_on_the_road()
        result = super().write(vals)
        leaving._marketplace_hand_back_orders()
        return result

    # ---------------------------------------------------------------- business
    def _marketplace_check_no_parcel_on_the_road(self):
        """A member closes once its shipped orders are delivered (returns and settlements
        follow deliveries)."""
        orders = self.env["marketplace.order"].sudo().search(
            [("company_id", "in", self.ids), ("state", "=", "shipped")], order="id")
        if orders:
            raise UserError(self.env._(
                "The member %(member)s still has parcels on the road: %(orders)s. Suspend it meanwhile; "
                "close it once they are delivered.",
                member=", ".join(orders.company_id.mapped("name")), orders=", ".join(orders.mapped("name"))))

    def _marketplace_hand_back_orders(self):
        """The member's open orders go to the animators' decision at once: orders not accepted
        yet go to another store (refused as *store closed*), accepted and ready ones are listed
        for them (an activity on each: reassign, or let them leave when the member is back)."""
        orders = self.env["marketplace.order"].sudo().search(
            [("company_id", "in", self.ids), ("state", "in", ("assigned", "accepted", "ready"))], order="id")
        states = dict(self._fields["marketplace_state"]._description_selection(self.env))
        for company, company_orders in orders.grouped("company_id").items():
            note = self.env._("The member %(member)s is %(state)s.", member=company.name,
                              state=states[company.marketplace_state].lower())
            company_orders._marketplace_hand_back(note)
            company_orders.filtered(lambda o: o.state in ("accepted", "ready"))._marketplace_alert_animators(
                self.env._("Member %(state)s: reassign this order", state=states[company.marketplace_state].lower()),
                note)

    @api.model
    def _cron_marketplace_member_performance(self):
        """Refresh every member's figures in one aggregate; members without orders get the
        defaults back. Idempotent: running it twice writes the same values."""
        since = fields.Datetime.now() - timedelta(days=PERFORMANCE_DAYS)
        self.env["marketplace.order"].flush_model()
        rows = self.env.execute_query(SQL(
            """SELECT company_id,
                      COUNT(*) FILTER (WHERE accepted_date IS NOT NULL),
                      COUNT(*) FILTER (WHERE state IN ('refused', 'expired') AND network_handed_back IS NOT TRUE),
                      AVG(EXTRACT(EPOCH FROM accepted_date - assigned_date) / 3600.0)
                          FILTER (WHERE accepted_date IS NOT NULL),
                      COUNT(*) FILTER (WHERE is_late),
                      COUNT(*) FILTER (WHERE state = 'expired')
                 FROM marketplace_order
                WHERE assigned_date >= %s
             GROUP BY company_id""", since))
        figures = {}
        for company_id, accepted, declined, avg_hours, late, expired in rows:
            decided = accepted + declined
            figures[company_id] = {
                "marketplace_acceptance_rate": round(100.0 * accepted / decided, 1) if decided else 100.0,
                "marketplace_avg_accept_hours": round(avg_hours or 0.0, 1),
                "marketplace_late_count": late,
                "marketplace_expired_count": expired,
            }
        default = {"marketplace_acceptance_rate": 100.0, "marketplace_avg_accept_hours": 0.0,
                   "marketplace_late_count": 0, "marketplace_expired_count": 0}
        members = self.sudo().search([("marketplace_role", "=", "member")])
        for member in members:
            values = figures.get(member.id, default)
            if any(member[name] != value for name, value in values.items()):
                member.write(values)
        return len(figures)
