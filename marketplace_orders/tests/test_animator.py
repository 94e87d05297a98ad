from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..models.marketplace_order import MarketplaceOrder
from ..utils import plan_routing
from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestAnimatorActions(OrdersCommon, TransactionCase):
    """What the hub's animators do to member orders: reassign, cancel, take back; the member's
    out-of-stock refusal; the member performance figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_payment()
        cls.customer_lyon = cls.env["res.partner"].create({
            "name": "Inès Bernard", "street": "1 place Bellecour", "zip": "69002", "city": "Lyon",
            "email": "ines.bernard@example.fr"})

    def setUp(self):
        super().setUp()
        self.set_stock(self.store_lyon, {self.v39: 1, self.v40: 1})
        self.set_stock(self.store_marseille, {self.v39: 1, self.v40: 1})

    def available(self, store, product):
        return store._marketplace_available_qty(product).get((store.id, product.id), 0)

    def line_of(self, member_order, product):
        return member_order.line_ids.filtered(lambda line: line.product_id == product)

    # ---------------------------------------------------------------- reassign
    def test_reassign_the_whole_order(self):
        order = self.make_order({self.v39: 1, self.v40: 1}, customer=self.customer_lyon)
        old = order.marketplace_order_ids
        self.assertEqual(old.store_id, self.store_lyon)
        old.with_user(self.user_lyon).action_accept()
        action = old.with_user(self.animator_user).action_marketplace_reassign()
        wizard = self.env[action["res_model"]].with_user(self.animator_user).with_context(**action["context"]).create(
            {"store_id": self.store_marseille.id})
        self.assertEqual(wizard.line_ids, old.line_ids)
        self.assertIn(self.store_marseille, wizard.candidate_store_ids)
        self.assertNotIn(self.store_lyon, wizard.candidate_store_ids)
        self.assertIn("Semelles du Vieux-Port", wizard.candidates_html)
        result = wizard.action_confirm()
        new = self.env["marketplace.order"].browse(result["res_id"])
        self.assertEqual(old.state, "cancelled")
        self.assertEqual(old.picking_id.state, "cancel")
        self.assertEqual(self.available(self.store_lyon, self.v39), 1, "the pairs are back on Lyon's shelves")
        self.assertEqual((new.store_id, new.state), (self.store_marseille, "assigned"))
        self.assertEqual(new.picking_id.state, "assigned")
        self.assertEqual(self.available(self.store_marseille, self.v39), 0)
        self.assertEqual(self.legs(order), {self.store_marseille: {self.v39: 1, self.v40: 1}})
        self.assertFalse(order.marketplace_unassigned)
        # both members are told
        self.assertTrue(old.message_ids.filtered(lambda m: self.user_lyon.partner_id in m.partner_ids
                                                 and "Moved to" in m.body))
        self.assertEqual(new.activity_ids.user_id, self.user_marseille)

    def test_reassign_one_line(self):
        order = self.make_order({self.v39: 1, self.v40: 1}, customer=self.customer_lyon)
        old = order.marketplace_order_ids
        wizard = self.env["marketplace.order.reassign"].with_user(self.animator_user).create({
            "order_id": old.id, "line_ids": [(6, 0, self.line_of(old, self.v40).ids)],
            "store_id": self.store_marseille.id})
        wizard.action_confirm()
        self.assertEqual(old.state, "assigned")
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v39: 1}, self.store_marseille: {self.v40: 1}})
        self.assertEqual(self.available(self.store_lyon, self.v40), 1)
        self.assertEqual(self.available(self.store_lyon, self.v39), 0)
        self.assertAlmostEqual(old.amount_total, 89.90, places=2)

    def test_reassign_refused_from_a_wrong_state_or_to_a_closed_store(self):
        order = self.make_order({self.v39: 1}, customer=self.customer_lyon)
        member_order = order.marketplace_order_ids.with_user(self.animator_user)
        self.store_marseille.write({"marketplace_paused": True, "marketplace_pause_end": "2099-01-31"})
        with self.assertRaisesRegex(UserError, "does not take marketplace orders"):
            member_order._marketplace_check_animator()._marketplace_reassign(self.store_marseille)
        self.store_marseille.marketplace_paused = False
        self.ship(order.marketplace_order_ids, self.user_lyon, "6A0001")
        with self.assertRaisesRegex(UserError, "only assigned, accepted or ready"):
            member_order._marketplace_check_animator()._marketplace_reassign(self.store_marseille)

    def test_members_cannot_reassign_cancel_or_take_back(self):
        member_order = self.make_order({self.v39: 1}, customer=self.customer_lyon).marketplace_order_ids
        for action in ("action_marketplace_reassign", "action_marketplace_cancel", "action_marketplace_return"):
            with self.assertRaisesRegex(UserError, "Only marketplace animators"):
                getattr(member_order.with_user(self.user_lyon), action)()

    # ------------------------------------------------------------------ cancel
    def test_cancel_one_line_voids_its_amount_and_tells_the_customer(self):
        order, transaction = self.order_paid({self.v39: 1, self.v40: 1}, customer=self.customer_lyon)
        member_order = order.marketplace_order_ids
        wizard = self.env["marketplace.order.cancel"].with_user(self.animator_user).create({
            "order_id": member_order.id, "line_ids": [(6, 0, self.line_of(member_order, self.v40).ids)],
            "reason": "Le client a changé d'avis"})
        wizard.action_confirm()
        self.assertEqual(member_order.state, "assigned")
        self.assertTrue(self.line_of(member_order, self.v40).cancelled)
        self.assertEqual(self.line_of(member_order, self.v40).move_id.state, "cancel")
        self.assertEqual(self.available(self.store_lyon, self.v40), 1)
        self.assertEqual(self.available(self.store_lyon, self.v39), 0)
        self.assertAlmostEqual(member_order.amount_total, 89.90, places=2)
        fee = order.order_line.filtered(lambda line: line.product_id == self.fee).price_total
        self.assertAlmostEqual(transaction._marketplace_uncaptured_amount(), 89.90 + fee, places=2)
        self.assertFalse(order.marketplace_unassigned, "a cancelled line is not routed again")
        mail = self.env["mail.mail"].search([("subject", "ilike", order.name)])
        self.assertIn(self.customer_lyon, mail.recipient_ids)
        self.assertIn("Le client a changé d", mail.body_html)
        self.assertTrue(order.message_ids.filtered(lambda m: "changé d'avis" in m.body))
        # the rest ships and captures what is left
        self.ship(member_order, self.user_lyon, "6A0002")
        self.assertAlmostEqual(member_order.capture_amount, 89.90 + fee, places=2)

    def test_cancel_the_whole_order(self):
        order, _transaction = self.order_paid({self.v39: 1}, customer=self.customer_lyon)
        member_order = order.marketplace_order_ids
        with self.assertRaisesRegex(UserError, "reason"):
            member_order._marketplace_cancel_lines(member_order.line_ids, " ")
        member_order.with_user(self.animator_user)._marketplace_check_animator()._set_cancelled("Fraude")
        self.assertEqual((member_order.state, member_order.payment_state), ("cancelled", "voided"))
        self.assertEqual(member_order.picking_id.state, "cancel")
        self.assertEqual(member_order.cancel_reason, "Fraude")
        self.assertEqual(self.available(self.store_lyon, self.v39), 1)

    # -------------------------------------------------------- out-of-stock refusal
    def test_out_of_stock_refusal_zeroes_the_store_stock(self):
        order = self.make_order({self.v39: 1, self.v40: 1}, customer=self.customer_lyon)
        member_order = order.marketplace_order_ids
        self.env["marketplace.order.refuse"].with_user(self.user_lyon).create({
            "order_ids": [(6, 0, member_order.ids)], "reason": "out_of_stock"}).action_confirm()
        quants = self.env["stock.quant"].search([
            ("location_id", "child_of", self.store_lyon.view_location_id.id), ("location_id.usage", "=", "internal"),
            ("product_id", "in", (self.v39 | self.v40).ids)])
        self.assertEqual(sum(quants.mapped("quantity")), 0)
        moves = self.env["stock.move"].search([("name", "ilike", member_order.name), ("state", "=", "done")])
        self.assertEqual(moves.product_id, self.v39 | self.v40, "an inventory move named after the order")
        self.assertEqual(self.legs(order), {self.store_marseille: {self.v39: 1, self.v40: 1}})

    def test_out_of_stock_refusal_keeps_the_pairs_another_order_reserved(self):
        """Issue 17, case 10: only the free pairs go to zero; the other order that holds one keeps
        it, and the animators are asked to check it (never silent)."""
        self.set_stock(self.store_lyon, {self.v39: 3})
        self.set_stock(self.store_marseille, {self.v39: 0})
        kept = self.make_order({self.v39: 1}, customer=self.customer_lyon).marketplace_order_ids
        kept.with_user(self.user_lyon).action_accept()
        refused = self.make_order({self.v39: 1}, customer=self.customer_lyon).marketplace_order_ids
        self.assertEqual(refused.store_id, self.store_lyon)
        refused.with_user(self.user_lyon).marketplace_refuse("out_of_stock")
        self.assertEqual(self.available(self.store_lyon, self.v39), 0)
        quants = self.env["stock.quant"].search([
            ("location_id", "child_of", self.store_lyon.view_location_id.id), ("location_id.usage", "=", "internal"),
            ("product_id", "=", self.v39.id)])
        self.assertEqual(sum(quants.mapped("quantity")), 1, "the pair the other order holds stays")
        self.assertEqual(kept.picking_id.state, "assigned")
        self.assertIn(self.animator_user, kept.activity_ids.user_id, "the animators check the other order")
        self.ship(kept, self.user_lyon, "6A0010")
        self.assertEqual(sum(quants.mapped("quantity")), 0, "no quant goes negative")

    def test_other_refusal_keeps_the_stock(self):
        member_order = self.make_order({self.v39: 1}, customer=self.customer_lyon).marketplace_order_ids
        member_order.with_user(self.user_lyon).marketplace_refuse("damaged")
        self.assertEqual(self.available(self.store_lyon, self.v39), 1)

    # ------------------------------------------------------------------ return
    def test_partial_return_refunds_credits_and_restocks(self):
        order, _transaction = self.order_paid({self.v39: 1, self.v40: 1}, customer=self.customer_lyon)
        member_order = order.marketplace_order_ids
        self.ship(member_order, self.user_lyon, "6A0003")
        member_order.with_user(self.user_lyon).action_deliver()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(self.available(self.store_lyon, self.v39), 0)
        action = member_order.with_user(self.animator_user).action_marketplace_return()
        wizard = self.env[action["res_model"]].with_user(self.animator_user).with_context(**action["context"]).create(
            {"reason": "Trop petit"})
        self.assertEqual(len(wizard.line_ids), 2)
        wizard.line_ids.filtered(lambda line: line.product_id == self.v39).quantity = 1
        returned = []
        with patch.object(MarketplaceOrder, "_marketplace_on_returned",
                          lambda self, quantities: returned.append(quantities)):
            wizard.action_confirm()
        line = self.line_of(member_order, self.v39)
        self.assertEqual(line.returned_qty, 1)
        self.assertEqual(returned, [{line: 1}], "the commission hook hears of it")
        self.assertEqual(self.available(self.store_lyon, self.v39), 1, "the pair is back in the store")
        self.assertEqual(order.order_line.filtered(lambda ol: ol.product_id == self.v39).qty_delivered, 0)
        refund = member_order.capture_transaction_id.child_transaction_ids.filtered(lambda tx: tx.operation == "refund")
        # payment_demo marks any of its transactions "authorized" under manual capture, refunds included
        self.assertIn(refund.state, ("authorized", "done"))
        self.assertAlmostEqual(refund.amount, -89.90, places=2)
        self.assertAlmostEqual(member_order.refunded_amount, 89.90, places=2)
        credit_note = order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertAlmostEqual(credit_note.amount_total, 89.90, places=2)
        self.assertAlmostEqual(credit_note.amount_tax, 14.98, places=2)
        # the second pair later; never more than was sold
        with self.assertRaisesRegex(UserError, "At most 0"):
            member_order._marketplace_return({line: 1}, "Encore")
        member_order._marketplace_return({self.line_of(member_order, self.v40): 1}, "Couleur")
        self.assertAlmostEqual(member_order.refunded_amount, 2 * 89.90, places=2)
        self.assertEqual(len(order.invoice_ids.filtered(lambda move: move.move_type == "out_refund")), 2)

    def test_return_only_after_delivery(self):
        member_order = self.make_order({self.v39: 1}, customer=self.customer_lyon).marketplace_order_ids
        with self.assertRaisesRegex(UserError, "delivered or collected"):
            member_order._marketplace_return({member_order.line_ids: 1}, "Trop petit")

    # ------------------------------------------------------------- performance
    def test_member_performance_figures_and_routing_tie_breaker(self):
        with freeze_time("2026-11-20 10:00:00"):
            first = self.make_order({self.v39: 1}, customer=self.customer_lyon).marketplace_order_ids
        with freeze_time("2026-11-20 13:00:00"):
            first.with_user(self.user_lyon).action_accept()
        with freeze_time("2026-11-20 10:00:00"):
            second = self.make_order({self.v40: 1}, customer=self.customer_lyon).marketplace_order_ids
        second.with_user(self.user_lyon).marketplace_refuse("closed")
        cron = self.env.ref("marketplace_orders.ir_cron_member_performance")
        with freeze_time("2026-11-21 00:00:00"):
            cron.method_direct_trigger()
        self.assertAlmostEqual(self.member_lyon.marketplace_acceptance_rate, 50.0)
        self.assertAlmostEqual(self.member_lyon.marketplace_avg_accept_hours, 3.0)
        self.assertEqual(self.member_marseille.marketplace_acceptance_rate, 100.0)
        with freeze_time("2027-01-31 00:00:00"):
            cron.method_direct_trigger()
        self.assertEqual(self.member_lyon.marketplace_acceptance_rate, 100.0, "only the last 30 days count")
        # at equal distance the member that accepts more of its orders wins
        legs, _missing = plan_routing({"a": 1}, {1: {"a": 1}, 2: {"a": 1}}, {1: None, 2: None}, {},
                                      reliability={1: 50.0, 2: 90.0})
        self.assertEqual(legs[0][0], 2)
