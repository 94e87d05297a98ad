from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestPaymentCapture(OrdersCommon, TransactionCase):
    """The customer's payment is authorised at checkout (payment_demo, manual capture) and each
    member order captures its own amount when it ships."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_payment()

    def test_two_legs_two_partial_captures(self):
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 1})
        order, transaction = self.order_paid({self.v39: 1, self.v40: 1})
        fee = order.order_line.filtered(lambda line: line.product_id == self.fee).price_total
        self.assertAlmostEqual(order.amount_total, 89.90 * 2 + fee, places=2)
        first = order.marketplace_order_ids.filtered(lambda o: o.store_id == self.store_villeurbanne)
        second = order.marketplace_order_ids - first
        self.assertEqual(first.payment_state, "to_capture")
        self.ship(first, self.user_marseille, "6A0001")
        self.assertEqual(first.payment_state, "captured")
        self.assertAlmostEqual(first.capture_amount, 89.90 + fee, places=2, msg="the fee goes with the first leg")
        self.assertEqual(first.capture_transaction_id.state, "done")
        self.assertEqual(first.capture_transaction_id.source_transaction_id, transaction)
        self.assertEqual(transaction.state, "authorized")
        self.ship(second, self.user_marseille, "6A0002")
        self.assertAlmostEqual(second.capture_amount, 89.90, places=2)
        self.assertEqual(transaction.state, "done", "everything authorised is captured")

    def test_refusal_that_cannot_be_routed_again_keeps_its_money_while_it_waits(self):
        """What waits for a store keeps its authorisation (issue 17: a pair routed again later
        was shipped for free); the unassigned deadline voids it if nobody takes it."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_villeurbanne, {self.v40: 1})
        order, transaction = self.order_paid({self.v39: 1, self.v40: 1})
        lyon = order.marketplace_order_ids.filtered(lambda o: o.store_id == self.store_lyon)
        lyon.with_user(self.user_lyon)._marketplace_check_acting_user()._set_refused("out_of_stock")
        self.assertEqual(lyon.payment_state, "none", "its money moved with its lines")
        self.assertFalse(transaction.child_transaction_ids.filtered(lambda tx: tx.state == "cancel"))
        self.assertTrue(order.marketplace_unassigned)
        other = order.marketplace_order_ids - lyon
        self.ship(other, self.user_marseille, "6A0003")
        fee = order.order_line.filtered(lambda line: line.product_id == self.fee).price_total
        self.assertAlmostEqual(other.capture_amount, 89.90 + fee, places=2)
        self.assertEqual(transaction.state, "authorized", "the waiting pair keeps its money")
        self.assertAlmostEqual(transaction._marketplace_uncaptured_amount(), 89.90, places=2)

    def test_failed_capture_keeps_the_order_shipped_and_can_be_retried(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        member_order = order.marketplace_order_ids
        with patch.object(self.env.registry["payment.transaction"], "_send_capture_request",
                          side_effect=UserError("Le prestataire ne répond pas")):
            self.ship(member_order, self.user_lyon, "6A0004")
        self.assertEqual(member_order.state, "shipped")
        self.assertEqual(member_order.picking_id.state, "done")
        self.assertEqual(member_order.payment_state, "failed")
        self.assertIn("ne répond pas", member_order.payment_error)
        self.assertIn(self.animator_user, member_order.activity_ids.user_id)
        with self.assertRaises(UserError):
            member_order.with_user(self.user_lyon).action_marketplace_retry_capture()
        member_order.with_user(self.animator_user).action_marketplace_retry_capture()
        self.assertEqual(member_order.payment_state, "captured")
        self.assertEqual(transaction.state, "done")

    def test_order_without_payment_has_nothing_to_capture(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.make_order({self.v39: 1})
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.payment_state, "none")
        self.ship(member_order, self.user_lyon, "6A0005")
        self.assertEqual(member_order.payment_state, "none")

    def test_picking_validated_from_inventory_ships_and_captures(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        member_order = order.marketplace_order_ids
        picking = member_order.picking_id.with_user(self.user_lyon).with_company(self.member_lyon)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(member_order.state, "shipped")
        self.assertEqual(member_order.payment_state, "captured")
        self.assertEqual(transaction.state, "done")
