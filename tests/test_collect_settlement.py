"""Reserve & collect across the suite: paid in the shop, the order is a marketplace sale — its
commission is stored at hand-over and the next settlement invoices it, buying nothing."""
from freezegun import freeze_time

from odoo.addons.marketplace_collect.tests.common import CollectCommon
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
