from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestHandover(CollectCommon, TransactionCase):
    """The shop hands a click & collect order over on its pickup code: the order is collected, the
    payment captured and the pairs leave the shop's stock once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_payment()

    def collect_order(self):
        self.set_stock(self.store_lyon, {self.v38: 2})
        order = self.cart({self.v38: 1})
        self.choose(order, self.store_lyon)
        transaction = self.authorise(order)
        order.action_confirm()
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.fulfilment, "collect")
        return member_order, transaction

    def test_hand_over_on_the_pickup_code(self):
        member_order, transaction = self.collect_order()
        code = member_order.pickup_code
        self.assertEqual(len(code), 8)
        member_order.with_user(self.user_lyon).action_accept()
        member_order.with_user(self.user_lyon).action_ready()
        self.assertTrue(member_order.collect_deadline)
        Order = self.env["marketplace.order"].with_user(self.user_lyon)
        self.assertEqual(Order.marketplace_hand_over(f" {code[:4].lower()}-{code[4:]} "), member_order.name,
                         "typed in lower case with a dash: found")
        self.assertEqual(member_order.state, "collected")
        self.assertTrue(member_order.collected_date)
        self.assertEqual(member_order.picking_id.state, "done")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 1, "one pair left the shop, once")
        self.assertEqual(member_order.payment_state, "captured")
        self.assertEqual(transaction.child_transaction_ids.state or transaction.state, "done")
        with self.assertRaisesRegex(UserError, "already handed over"):
            Order.marketplace_hand_over(code)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 1)

    def test_wrong_or_other_shops_code_refused(self):
        member_order, _transaction = self.collect_order()
        member_order.with_user(self.user_lyon).action_accept()
        with self.assertRaisesRegex(UserError, "No click & collect order has the pickup code ZZZZ2222"):
            self.env["marketplace.order"].with_user(self.user_lyon).marketplace_hand_over("zzzz2222")
        with self.assertRaisesRegex(UserError, "another shop"):
            self.env["marketplace.order"].with_user(self.user_marseille).marketplace_hand_over(member_order.pickup_code)
        with self.assertRaisesRegex(UserError, "Type or scan"):
            self.env["marketplace.order"].with_user(self.user_lyon).marketplace_hand_over("  ")
        self.assertEqual(member_order.state, "accepted")

    def test_back_office_hand_over_and_inventory(self):
        member_order, _transaction = self.collect_order()
        member_order.with_user(self.user_lyon).action_accept()
        member_order.with_user(self.user_lyon).action_hand_over()
        self.assertEqual(member_order.state, "collected")
        other, _transaction = self.collect_order()
        picking = other.picking_id.with_company(other.company_id)
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(other.state, "collected", "validated in Inventory: handed over, not shipped")
