"""Reserve & collect across the suite: paid in the shop, the order is a marketplace sale — its
commission is stored at hand-over and the next settlement invoices it, buying nothing."""
from freezegun import freeze_time

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
        second = self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)]) - first
        credit = second.move_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertAlmostEqual(credit.amount_untaxed, 5.39, places=2)
        self.assertFalse(second.move_ids.filtered(lambda move: move.move_type == "in_refund"),
                         "paid in the shop: the hub bought nothing, credits nothing")
