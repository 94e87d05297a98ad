"""Reserve & collect across the suite: paid in the shop, the order is a marketplace sale — its
commission is stored at hand-over and the next settlement invoices it, buying nothing."""
from freezegun import freeze_time

from odoo.addons.marketplace_base.tests.common import run_queued_jobs
from odoo.addons.marketplace_collect.tests.common import CollectCommon, RegisterCommon
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCollectSettlement(CollectCommon, TransactionCase):

    def test_paid_in_the_shop_settled_for_its_commission(self):
        self.hub.write({"marketplace_commission_rate": 12.0, "marketplace_withdrawal_days": 14,
                        "marketplace_subscription_fee": 0.0})
        self.member_lyon.marketplace_self_billing_date = "2026-01-05"
        with freeze_time("2026-11-02 10:00:00"):
            self.set_stock(self.store_lyon, {self.v38: 1})
            order = self.cart({self.v38: 1})
            self.choose(order, self.store_lyon)
            self.pay_on_site(order)
            member_order = order.marketplace_order_ids
            member_order.with_user(self.user_lyon).action_accept()
            member_order.with_user(self.user_lyon).action_hand_over()
        self.assertEqual((member_order.state, member_order.payment_state), ("collected", "in_shop"))
        self.assertAlmostEqual(member_order.line_ids.commission_amount, 10.79, places=2, msg="12 % of 89.90")
        with freeze_time("2026-11-17 10:00:00"):
            self.env.ref("marketplace_commission.ir_cron_settle").method_direct_trigger()
            run_queued_jobs(self.env)
        settlement = self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)])
        self.assertEqual(settlement.line_ids, member_order.line_ids)
        self.assertFalse(settlement.move_ids.filtered(lambda move: move.move_type == "in_invoice"))
        self.assertAlmostEqual(settlement.amount_sales, 0.0)
        invoice = settlement.move_ids.filtered(lambda move: move.move_type == "out_invoice")
        self.assertEqual(len(invoice), 1)
        self.assertAlmostEqual(invoice.amount_untaxed, 10.79, places=2, msg="12 % of 89.90, no fee")
        self.assertAlmostEqual(invoice.amount_total, 12.95, places=2, msg="10.79 + 20 % VAT (2.16)")
        self.assertAlmostEqual(settlement.amount_commission, 12.95, places=2)
        self.assertAlmostEqual(settlement.payout, -12.95, places=2, msg="the member owes the hub its commission")


@tagged("post_install", "-at_install")
class TestCounterPriceCommission(RegisterCommon, TransactionCase):
    """Issue 19, case 12: a reserve & collect pair paid at the counter is commissioned on what the
    customer paid there, not on its online price."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hub.write({"marketplace_commission_rate": 12.0, "marketplace_withdrawal_days": 14,
                       "marketplace_subscription_fee": 0.0})
        cls.member_lyon.marketplace_self_billing_date = "2026-01-05"

    def test_a_counter_discount_sets_the_commission_and_the_animators_see_it(self):
        member_order = self.reserved_at_lyon("MOITIE23")
        self.assertAlmostEqual(member_order.line_ids.amount, 89.90, places=2)
        self.ticket_at(self.session, [(self.v38, 1, "MOITIE23", 44.95)])
        self.assertEqual((member_order.state, member_order.payment_state), ("collected", "in_shop"))
        line = member_order.line_ids
        self.assertAlmostEqual(line.commission_base, 44.95, places=2, msg="what the customer paid at the counter")
        self.assertAlmostEqual(line.commission_amount, 5.39, places=2, msg="12 % of 44,95")
        activity = member_order.activity_ids.filtered(lambda act: "counter" in (act.summary or ""))
        self.assertTrue(activity, "the cashier's change of price reaches the animators")
        self.assertIn(self.animator_user, activity.user_id)

    def test_the_online_price_paid_at_the_counter_alerts_nobody(self):
        member_order = self.reserved_at_lyon("PLEIN234")
        self.ticket_at(self.session, [(self.v38, 1, "PLEIN234")])
        self.assertAlmostEqual(member_order.line_ids.commission_base, 89.90, places=2)
        self.assertFalse(member_order.activity_ids.filtered(lambda act: "counter" in (act.summary or "")))

    def test_a_counter_refund_reverses_the_commission(self):
        """Odoo's refund of the ticket (its lines do not copy the pickup code): the pair comes
        back to the shop once, by the refund ticket, and its commission is reversed — credited
        by the next settlement when it was settled already."""
        member_order = self.reserved_at_lyon("RETOUR23")
        with freeze_time("2026-11-02 10:00:00"):
            ticket = self.ticket_at(self.session, [(self.v38, 1, "RETOUR23", 44.95)])
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 3)
        line = member_order.line_ids
        with freeze_time("2026-11-17 10:00:00"):
            self.env.ref("marketplace_commission.ir_cron_settle").method_direct_trigger()
            run_queued_jobs(self.env)
        first = self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)])
        self.assertEqual(first.line_ids, line)
        with freeze_time("2026-11-20 10:00:00"):
            refund = ticket.with_company(self.member_lyon)._refund()
            self.assertFalse(refund.lines.marketplace_pickup_code, "Odoo's refund lines carry no code")
            refund.add_payment({"pos_order_id": refund.id, "amount": refund.amount_total,
                                "payment_method_id": self.session.config_id.payment_method_ids[:1].id})
            refund._process_saved_order(False)
            refund._marketplace_return_pickups()  # the ticket processed again: returned once
        self.assertEqual(line.returned_qty, 1)
        self.assertAlmostEqual(line.commission_reversed, 5.39, places=2)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 4, "back on the shelf once, by the refund ticket")
        with freeze_time("2026-12-01 10:00:00"):
            self.env.ref("marketplace_commission.ir_cron_settle").method_direct_trigger()
            run_queued_jobs(self.env)
        second = self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)]) - first
        credit = second.move_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertAlmostEqual(credit.amount_untaxed, 5.39, places=2)
        self.assertFalse(second.move_ids.filtered(lambda move: move.move_type == "in_refund"),
                         "paid in the shop: the hub bought nothing, credits nothing")

    def refund_at(self, ticket, price):
        """Odoo's refund of ``ticket`` at ``price`` a pair (the cashier may type any price), paid
        back in cash and synced."""
        refund = ticket.with_company(self.member_lyon)._refund()
        for line in refund.lines:
            line.write({"price_unit": price, "price_subtotal": price * line.qty,
                        "price_subtotal_incl": price * line.qty})
        refund.write({"amount_total": sum(refund.lines.mapped("price_subtotal_incl")), "amount_tax": 0.0})
        if refund.amount_total:
            refund.add_payment({"pos_order_id": refund.id, "amount": refund.amount_total,
                                "payment_method_id": self.session.config_id.payment_method_ids[:1].id})
        refund._process_saved_order(False)
        return refund

    def test_the_register_does_not_set_the_counter_amount(self):
        """Issue 19 review: the register sends each line's total; the server computes it from the
        line's price, discount and taxes, between nothing and the online price — a forged total
        does not set the commission, a negative price does not make a negative commission that
        would stop the settlement."""
        forged = self.reserved_at_lyon("FORGE234")
        self.ticket_at(self.session, [(self.v38, 1, "FORGE234", 89.90,
                                       {"price_subtotal_incl": 0.01, "price_subtotal": 0.01})])
        self.assertAlmostEqual(forged.line_ids.counter_amount, 89.90, places=2)
        self.assertAlmostEqual(forged.line_ids.commission_amount, 10.79, places=2)
        dearer = self.reserved_at_lyon("CHER2345")
        self.ticket_at(self.session, [(self.v38, 1, "CHER2345", 150.0)])
        self.assertAlmostEqual(dearer.line_ids.counter_amount, 89.90, places=2, msg="never above the online price")
        with freeze_time("2026-11-02 10:00:00"):
            negative = self.reserved_at_lyon("NEGA2345")
            self.ticket_at(self.session, [(self.v38, 1, "NEGA2345", -500.0)])
        self.assertEqual(negative.state, "collected")
        self.assertAlmostEqual(negative.line_ids.counter_amount, 0.0, places=2)
        self.assertAlmostEqual(negative.line_ids.commission_amount, 0.0, places=2)
        with freeze_time("2026-11-17 10:00:00"):
            self.env.ref("marketplace_commission.ir_cron_settle").method_direct_trigger()
            run_queued_jobs(self.env)
        settled = self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)])
        self.assertIn(negative.line_ids, settled.line_ids, "settled, with nothing to invoice for it")
        self.assertTrue(all(move.amount_total >= 0 and move.state == "posted" for move in settled.move_ids))

    def test_a_ticket_discount_lowers_what_the_pairs_were_paid(self):
        """Issue 19 review: a discount on the whole ticket (a negative line, as Odoo's global
        discount and loyalty rewards make) is shared by the ticket's pairs."""
        discount = self.env["product.product"].create(
            {"name": "Remise ticket", "type": "service", "available_in_pos": True, "taxes_id": False})
        member_order = self.reserved_at_lyon("REMISE23")
        self.ticket_at(self.session, [(self.v38, 1, "REMISE23"), (discount, 1, False, -8.99)])
        line = member_order.line_ids
        self.assertAlmostEqual(line.counter_amount, 80.91, places=2, msg="89,90 − 8,99")
        self.assertAlmostEqual(line.commission_amount, 9.71, places=2, msg="12 % of 80,91")

    def test_a_counter_refund_reverses_the_commission_of_what_it_paid_back(self):
        """Issue 19 review: a refund ticket that pays nothing back brings the pair back to the
        shop but reverses no commission (the sale stands); half the price paid back reverses half."""
        nothing = self.reserved_at_lyon("RIEN2345")
        ticket = self.ticket_at(self.session, [(self.v38, 1, "RIEN2345", 80.0)])
        self.refund_at(ticket, 0.0)
        line = nothing.line_ids
        self.assertEqual(line.returned_qty, 1, "the pair is back on the shelf")
        self.assertAlmostEqual(line.commission_amount, 9.60, places=2)
        self.assertAlmostEqual(line.commission_reversed, 0.0, places=2, msg="nothing paid back, nothing reversed")
        half = self.reserved_at_lyon("MOITIE45")
        ticket = self.ticket_at(self.session, [(self.v38, 1, "MOITIE45", 80.0)])
        self.refund_at(ticket, 40.0)
        self.assertAlmostEqual(half.line_ids.commission_reversed, 4.80, places=2, msg="half of 9,60")

    def test_the_statement_shows_what_the_counter_took(self):
        """Issue 19 review: the statement's line of a pair paid at the counter shows what the
        customer paid there (what its commission was computed on), not the online price."""
        member_order = self.reserved_at_lyon("RELEVE23")
        with freeze_time("2026-11-02 10:00:00"):
            self.ticket_at(self.session, [(self.v38, 1, "RELEVE23", 44.95)])
        with freeze_time("2026-11-17 10:00:00"):
            self.env.ref("marketplace_commission.ir_cron_settle").method_direct_trigger()
            run_queued_jobs(self.env)
        settlement = self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)])
        row = settlement.statement_line_ids
        self.assertEqual(row.order_line_id, member_order.line_ids)
        self.assertAlmostEqual(row.amount, 44.95, places=2)
        self.assertAlmostEqual(row.commission, 5.39, places=2)
        self.assertTrue(row.in_shop)

    def test_a_return_the_animators_record_reverses_the_counter_sale(self):
        """Issue 19 review: a pair paid at the counter and brought back to the hub (the animators'
        return, no refund ticket) reverses its commission by the items returned, as before."""
        member_order = self.reserved_at_lyon("ANIME234")
        self.ticket_at(self.session, [(self.v38, 1, "ANIME234", 80.0)])
        member_order._marketplace_return({member_order.line_ids: 1}, "Rapportée au siège")
        self.assertAlmostEqual(member_order.line_ids.commission_reversed, 9.60, places=2)

    def test_a_product_on_two_lines_shares_the_counter_amount_by_price(self):
        """Issue 19 review: the same model reserved on two lines at two prices (89,90 and 44,95
        after a discount), both paid at those prices at the counter: each line keeps its own
        price, nobody is alerted."""
        self.set_stock(self.store_lyon, {self.v38: 4})
        order = self.cart({self.v38: 1})
        order.order_line = [(0, 0, {"product_id": self.v38.id, "product_uom_qty": 1, "discount": 50.0})]
        self.choose(order, self.store_lyon)
        self.pay_on_site(order)
        member_order = order.marketplace_order_ids
        member_order.sudo().pickup_code = "DEUXLIGN"
        member_order.with_user(self.user_lyon).action_accept()
        self.assertEqual(sorted(member_order.line_ids.mapped("amount")), [44.95, 89.90])
        self.ticket_at(self.session, [(self.v38, 1, "DEUXLIGN", 89.90), (self.v38, 1, "DEUXLIGN", 44.95)])
        self.assertEqual(member_order.state, "collected")
        for line in member_order.line_ids:
            self.assertAlmostEqual(line.counter_amount, line.amount, places=2)
        self.assertFalse(member_order.activity_ids.filtered(lambda act: "counter" in (act.summary or "")))
