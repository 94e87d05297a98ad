"""Issue 22, item 6: Marketplace › Reporting's figures, each member its own (record rules apply to
every figure), animators the network's."""
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestReporting(SettlementCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_marseille = cls.env["res.partner"].create({
            "name": "Lucas Girard", "street": "12 La Canebière", "zip": "13001", "city": "Marseille",
            "email": "lucas.girard@example.fr"})

    def sales(self, user):
        """{(member, month): (items, sales, commission)} as ``user`` reads them."""
        self.env.flush_all()  # a database view: it reads what is written (a request has)
        Report = self.env["marketplace.sales.report"].with_user(user)
        return {
            (member.id, month.strftime("%Y-%m")): (quantity, round(amount, 2), round(commission, 2))
            for member, month, quantity, amount, commission in Report._read_group(
                [], ["company_id", "date:month"], ["quantity:sum", "amount:sum", "commission:sum"])
        }

    def orders(self, user, domain=(), groupby=("company_id", "state")):
        self.env.flush_all()
        Report = self.env["marketplace.order.report"].with_user(user)
        return {tuple(getattr(key, "id", key) for key in keys): count
                for *keys, count in Report._read_group(list(domain), list(groupby), ["__count"])}

    def test_each_member_reads_its_own_figures_animators_the_networks(self):
        lyon = self.sold({self.v38: 1}, datetime(2026, 10, 5, 10))
        marseille = self.sold({self.v40: 2}, datetime(2026, 11, 3, 10), store=self.store_marseille,
                              user=self.user_marseille, customer=self.customer_marseille)
        self.assertEqual((lyon.company_id, marseille.company_id), (self.member_lyon, self.member_marseille))
        # 12 % of the 89,90 € the customer paid.
        lyon_line, marseille_line = lyon.line_ids, marseille.line_ids
        self.assertEqual((lyon_line.amount, lyon_line.commission_amount), (89.9, 10.79))
        lyon_figures = {(self.member_lyon.id, "2026-10"): (1.0, 89.9, 10.79)}
        marseille_figures = {(self.member_marseille.id, "2026-11"): (
            2.0, marseille_line.amount, marseille_line.commission_amount)}
        self.assertEqual(self.sales(self.user_lyon), lyon_figures)
        self.assertEqual(self.sales(self.user_marseille), marseille_figures)
        self.assertEqual(self.sales(self.animator_user), {**lyon_figures, **marseille_figures})

        # A refusal, and the time each shop took to accept.
        with freeze_time("2026-11-10 09:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 1})
            order = self.make_order({self.v39: 1}, customer=self.customer_lyon)
            refused = order.marketplace_order_ids
        with freeze_time("2026-11-10 11:30:00"):
            self.env["marketplace.order.refuse"].with_user(self.user_lyon).create(
                {"order_ids": refused.ids, "reason": "damaged"}).action_confirm()
        with freeze_time("2026-11-12 09:00:00"):
            self.set_stock(self.store_marseille, {self.v39: 1})
            late = self.make_order({self.v39: 1}, customer=self.customer_marseille).marketplace_order_ids
        with freeze_time("2026-11-12 11:30:00"):
            late.with_user(self.user_marseille).action_accept()
        self.env.flush_all()
        refusals = [("state", "=", "refused")]
        self.assertEqual(self.orders(self.user_lyon, refusals, ("refuse_reason",)), {("damaged",): 1})
        self.assertEqual(self.orders(self.user_marseille, refusals, ("refuse_reason",)), {})
        self.assertEqual(self.orders(self.animator_user, refusals, ("company_id", "refuse_reason")),
                         {(self.member_lyon.id, "damaged"): 1})
        self.assertEqual(self.orders(self.user_marseille), {
            (self.member_marseille.id, "delivered"): 1, (self.member_marseille.id, "accepted"): 1})
        Report = self.env["marketplace.order.report"].with_user(self.user_marseille)
        [(hours,)] = Report._read_group([("order_id", "=", late.id)], [], ["acceptance_hours:avg"])
        self.assertAlmostEqual(hours, 2.5)
        self.assertFalse(Report.search([("order_id", "in", (lyon | refused).ids)]), "Lyon's orders are Lyon's")

    def totals(self, user, domain=()):
        self.env.flush_all()
        [(quantity, amount, commission)] = self.env["marketplace.sales.report"].with_user(user)._read_group(
            list(domain), [], ["quantity:sum", "amount:sum", "commission:sum"])
        return quantity, round(amount, 2), round(commission, 2)

    def test_a_refused_line_is_not_a_sale(self):
        """Review: a refused order's line went on counting as its shop's sale, so the pair sold
        once counted twice over the network."""
        with freeze_time("2026-11-10 09:00:00"):
            self.set_stock(self.store_lyon, {self.v39: 1})
            self.set_stock(self.store_marseille, {self.v39: 1})
            order = self.make_order({self.v39: 1}, customer=self.customer_lyon)
            refused = order.marketplace_order_ids
        with freeze_time("2026-11-10 11:30:00"):
            self.env["marketplace.order.refuse"].with_user(self.user_lyon).create(
                {"order_ids": refused.ids, "reason": "damaged"}).action_confirm()
        self.assertEqual(sorted(order.marketplace_order_ids.mapped("state")), ["assigned", "refused"])
        self.assertEqual(self.totals(self.animator_user)[:2], (1.0, 89.9), "one pair, served by Marseille")
        self.assertEqual(self.totals(self.user_lyon)[:2], (0.0, 0.0), "Lyon refused it: no sale of Lyon's")

    def test_a_returned_pair_is_not_a_sale_and_the_fixed_fee_is_commission(self):
        """Review: the sales counted a returned pair's money, the commission left out the order's
        fixed fee (the month did not match the settlements)."""
        self.env["marketplace.commission.rule"].create({
            "name": "Accord Lyon", "scope": "member", "member_id": self.member_lyon.id, "rate": 12.0,
            "fixed_fee": 1.5})
        lyon = self.sold({self.v38: 2}, datetime(2026, 10, 5, 10))
        self.assertAlmostEqual(lyon.commission_total, 21.58 + 1.5, places=2)
        self.assertEqual(self.totals(self.user_lyon), (2.0, 179.8, 23.08))
        lyon._marketplace_return({lyon.line_ids: 1}, "Trop petit")
        # One pair kept: 89.90 paid for it, 10.79 of commission (12 %) and the order's 1.50.
        self.assertEqual(self.totals(self.user_lyon), (1.0, 89.9, round(lyon.commission_total, 2)))
        self.assertEqual(round(lyon.commission_total, 2), 12.29)
