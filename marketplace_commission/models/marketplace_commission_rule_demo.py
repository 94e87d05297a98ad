from odoo import api, models


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
