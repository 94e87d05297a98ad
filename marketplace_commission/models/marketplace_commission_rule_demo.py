from datetime import datetime, time, timedelta

from odoo import api, fields, models


class MarketplaceCommissionRule(models.Model):
    _inherit = "marketplace.commission.rule"

    @api.model
    def _marketplace_load_demo_commission(self):
        """The demo network's commission rules (French), and the commission of its orders already
        delivered; every demo member signed the self-billing agreement at its enrolment. Runs
        once, at the demo install."""
        for member in self.env["res.company"].search([("marketplace_role", "=", "member"),
                                                      ("marketplace_self_billing_date", "=", False)]):
            member.marketplace_self_billing_date = member.create_date.date()
        if self.with_context(active_test=False).search_count([]):
            return
        brand = self.env["marketplace.brand"].search([("name", "=", "Paraboot")], limit=1)
        member = self.env["res.company"].search([("marketplace_member_code", "=", "A001")], limit=1)
        values = []
        if brand:
            values.append({"name": "Marque Paraboot", "scope": "brand", "brand_id": brand.id, "rate": 15.0})
        if member:
            values.append({"name": f"Accord {member.name}", "scope": "member", "member_id": member.id,
                           "rate": 10.0, "fixed_fee": 1.5})
        self.create(values)
        sold = self.env["marketplace.order"].search([("state", "in", ("delivered", "collected"))])
        sold._marketplace_set_commission()
        self._marketplace_load_demo_settlement(sold)

    @api.model
    def _marketplace_load_demo_settlement(self, sold):
        """Last month's settlement, as the scheduled action made it on the 1st at 7 in the morning:
        the demo's delivered orders were sold last month, past their withdrawal period, so that
        each member with sales finds its statement, its bill and the hub's commission invoice."""
        hub = self.env["res.company"]._marketplace_hub()
        run_at = datetime.combine(fields.Date.context_today(self).replace(day=1), time(6, 0))  # UTC
        sold.line_ids.filtered("commission_date").sudo().write(
            {"commission_date": run_at - timedelta(days=hub.marketplace_withdrawal_days + 10)})
        Settlement = self.env["marketplace.settlement"].sudo()
        cutoff, day, month, members = Settlement._marketplace_settlement_scope(run_at)
        Settlement._marketplace_settle_members(members, cutoff, month, hub, day=day)
