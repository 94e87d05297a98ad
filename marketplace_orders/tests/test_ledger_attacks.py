from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .test_ledger import LedgerCommon


@tagged("post_install", "-at_install")
class TestLedgerAttacks(LedgerCommon, TransactionCase):
    """What an adversarial review of the ledger reproduced as a member, an administrator and an
    animator (issue 17): each attack is refused or leaves the ledger right."""

    def test_cancelled_delivery_then_ship_captures_for_goods_that_did_not_leave(self):
        """A member cancels its delivery in Inventory, then ships: money captured, the pair
        is still on the shelf."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        leg.with_user(self.user_lyon).action_accept()
        leg.picking_id.with_user(self.user_lyon).with_company(self.member_lyon).action_cancel()
        self.assertEqual(leg.picking_id.state, "cancel")
        with self.assertRaisesRegex(UserError, "nothing can be shipped"):
            leg.with_user(self.user_lyon).marketplace_ship("6LX001")
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 1, "the pair never left the store")
        self.assert_ledger(order, captured=0)
        self.assertEqual(leg.state, "accepted")

    # ------------------------------------------------------------------ helpers

    def test_refund_exceeds_what_was_captured_for_the_returned_pair(self):
        """One pair, the fee and a 24 € discount: the customer paid 65.90 for the pair; returning
        it refunds the pair's full price capped by the leg's capture (which holds the fee)."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.make_order({self.v39: 1, self.fee: 1}, confirm=False)
        order.order_line.create({"order_id": order.id, "product_id": self.discount.id, "price_unit": -24.0,
                                 "tax_id": [(5, 0, 0)]})
        self.authorise(order)
        order.action_confirm()
        leg = self.leg(order, self.store_lyon)
        self.ship(leg, self.user_lyon, "6LX002")
        leg.with_user(self.user_lyon).action_deliver()
        fee = self.fee_of(order)
        self.assertAlmostEqual(leg.capture_amount, 89.90 - 24.0 + fee, places=2)
        result = leg._marketplace_return({leg.line_ids: 1}, "Trop petit")
        self.assertLessEqual(round(result["refunded"], 2), round(89.90 - 24.0, 2),
                             "refund > what was captured for the returned pair (the fee refunded too)")

    def test_pending_capture_confirmed_later_never_marks_the_leg_captured(self):
        """A provider answers a capture 'pending' and confirms it later (webhook/_set_done): the
        leg stays 'Capture requested' forever (never settled); refused later, never retried."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 1})
        order, transaction = self.order_paid({self.v39: 1, self.v40: 1})
        lyon, marseille = self.leg(order, self.store_lyon), self.leg(order, self.store_marseille)
        with self.pending_captures():
            self.ship(lyon, self.user_lyon, "6LX004")
            self.ship(marseille, self.user_marseille, "6LX005")
        self.assertEqual((lyon.payment_state, marseille.payment_state), ("pending", "pending"))
        lyon.capture_transaction_id._set_done()
        lyon.capture_transaction_id._post_process()
        marseille.capture_transaction_id._set_error("Refusée par la banque")
        marseille.capture_transaction_id._post_process()
        self.assertEqual(lyon.payment_state, "captured", "a confirmed capture leaves the leg pending")
        self.assertEqual(marseille.payment_state, "failed", "a refused capture is neither flagged nor retried")

    def test_refused_pending_capture_cannot_be_retried(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 1})
        order, transaction = self.order_paid({self.v39: 1, self.v40: 1})
        lyon = self.leg(order, self.store_lyon)
        with self.pending_captures():
            self.ship(lyon, self.user_lyon, "6LX006")
        lyon.capture_transaction_id._set_error("Refusée par la banque")
        lyon.with_user(self.animator_user).action_marketplace_retry_capture()
        self.assert_ledger(order, captured=lyon.amount_total + self.fee_of(order))

    def test_member_writes_delivery_state_done_over_rpc_then_ships(self):
        """stock.picking.state (and stock.move.state) are writable by the member: a delivery
        marked done without any stock move lets the Ship action capture."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, _transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        leg.with_user(self.user_lyon).action_accept()
        picking = leg.picking_id.with_user(self.user_lyon).with_company(self.member_lyon)
        picking.move_ids.write({"state": "done"})
        with self.assertRaisesRegex(UserError, "nothing can be shipped"):
            leg.with_user(self.user_lyon).marketplace_ship("6LX007")
        picking.button_validate()  # Odoo's validation of a delivery already marked done moves nothing
        self.assertEqual(leg.state, "accepted")
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 1, "the pair never left the store")
        self.assert_ledger(order, captured=0)

    def test_return_after_failed_capture_then_retry_charges_for_returned_goods(self):
        """The capture failed; the pair comes back (refund 0: nothing captured); the animator
        retries the capture: the customer pays for a pair it gave back."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        with patch.object(self.env.registry["payment.transaction"], "_send_capture_request",
                          side_effect=UserError("Le prestataire ne répond pas")):
            self.ship(leg, self.user_lyon, "6LX008")
        self.assertEqual(leg.payment_state, "failed")
        leg.with_user(self.user_lyon).action_deliver()
        result = leg._marketplace_return({leg.line_ids: 1}, "Trop petit")
        self.assertEqual(result["refunded"], 0.0)
        leg.with_user(self.animator_user).action_marketplace_retry_capture()
        ledger = self.assert_ledger(order)
        self.assertAlmostEqual(ledger.captured - ledger.refunded, self.fee_of(order), places=2,
                               msg=f"the returned pair is charged: {ledger}")

    def test_admin_captures_from_payment_transactions_before_anything_ships(self):
        """Payment > Transactions > Capture (Odoo's wizard) bypasses the ledger: the whole
        authorisation is taken while the pair is still in the shop."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        with self.assertRaisesRegex(UserError, "belongs to a marketplace order"):
            transaction.with_user(self.admin_user).action_capture()
        self.assertEqual(leg.state, "assigned")
        self.assert_ledger(order, captured=0, held=transaction.amount)

    def test_admin_voids_from_payment_transactions_money_of_an_open_leg(self):
        """Payment > Transactions > Void voids the money of a leg still to ship; it ships later
        with nothing to capture."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        with self.assertRaisesRegex(UserError, "belongs to a marketplace order"):
            transaction.with_user(self.admin_user).action_void()
        self.ship(leg, self.user_lyon, "6LX009")
        self.assertEqual(leg.payment_state, "captured", f"{leg.payment_state}: {leg.payment_error}")

    def test_admin_unlinks_member_order_lines(self):
        """Case 9 says lines change only through actions (any group): unlink is not guarded."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, _transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        with self.assertRaises(AccessError):
            leg.line_ids.with_user(self.admin_user).unlink()

    def test_reassign_to_a_store_short_of_pairs_leaves_them_waiting_without_deadline(self):
        """Reassigning 2 pairs to a store that has 1: the other waits in Unassigned with its money
        held, but with no deadline (the 48 h timeout never cancels nor voids it)."""
        self.set_stock(self.store_lyon, {self.v39: 2})
        self.set_stock(self.store_marseille, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 2}, customer=self.customer_lyon_order())
        lyon = self.leg(order, self.store_lyon)
        self.assertEqual(sum(lyon.line_ids.mapped("quantity")), 2)
        wizard = self.env["marketplace.order.reassign"].with_user(self.animator_user).with_context(
            default_order_id=lyon.id).create({"store_id": self.store_marseille.id})
        wizard.action_confirm()
        self.assertTrue(order.marketplace_unassigned)
        line = order.order_line.filtered(lambda sale_line: sale_line.product_id == self.v39)
        self.assertEqual(line.marketplace_missing_qty, 1)
        self.assertTrue(line.marketplace_unassigned_deadline, "a line waits for a store with no deadline")

    def customer_lyon_order(self):
        return self.env["res.partner"].create({
            "name": "Inès Bernard", "street": "1 place Bellecour", "zip": "69002", "city": "Lyon"})

    def test_member_returns_its_delivery_in_inventory_no_refund_pair_back_for_sale(self):
        """A member reverses its validated delivery with Inventory's Return: the pair is back on
        its shelves (for sale again), the customer order shows it undelivered, the money stays
        captured, nothing refunded, the leg still delivered."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        self.ship(leg, self.user_lyon, "6LX010")
        leg.with_user(self.user_lyon).action_deliver()
        Return = self.env["stock.return.picking"].with_user(self.user_lyon).with_company(self.member_lyon)
        wizard = Return.with_context(active_id=leg.picking_id.id, active_ids=leg.picking_id.ids,
                                     active_model="stock.picking").create({"picking_id": leg.picking_id.id})
        wizard.product_return_moves.quantity = 1
        action = wizard.action_create_returns()
        back = self.env["stock.picking"].with_user(self.user_lyon).with_company(self.member_lyon).browse(
            action["res_id"])
        back.move_ids.quantity = 1
        back.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "recorded by the hub's animators"):
            back.button_validate()
        line = order.order_line.filtered(lambda sale_line: sale_line.product_id == self.v39)
        ledger = self.assert_ledger(order)
        charged = ledger.captured - ledger.refunded
        self.assertEqual((self.store_qty(self.store_lyon, self.v39), line.qty_delivered, leg.state, charged),
                         (0, 1, "delivered", transaction.amount))

    def test_member_validates_its_delivery_into_its_own_shelves(self):
        """The member points the delivery's move at its own stock location (stock.move and
        stock.move.line are writable) and validates it: the order ships and captures, the pair
        never left the store."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, _transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        picking = leg.picking_id.with_user(self.user_lyon).with_company(self.member_lyon)
        shelf = self.store_lyon.lot_stock_id
        picking.move_ids.write({"location_dest_id": shelf.id})
        picking.move_line_ids.write({"location_dest_id": shelf.id})
        self.validate(leg, self.user_lyon)
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 1, "the pair is still in the store")
        self.assert_ledger(order, captured=0)
        self.assertNotEqual(leg.state, "shipped", "nothing went to the customer")

    def test_the_hubs_own_product_keeps_its_money_until_the_hub_delivers_it(self):
        """A hub product outside the catalogue is delivered from the hub's warehouse (case 15): its
        money is neither a fee taken with the first leg nor voided with the catalogue goods; it is
        captured when the hub's delivery is validated."""
        kit = self.env["product.product"].create({"name": "Kit entretien cuir", "is_storable": True,
                                                  "list_price": 15.0, "taxes_id": [(5, 0, 0)]})
        self.env["stock.quant"]._update_available_quantity(kit, self.hub_warehouse().lot_stock_id, 5)
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1, kit: 1})
        hub_picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        self.assertTrue(hub_picking, "the hub ships the kit itself")
        leg = self.leg(order, self.store_lyon)
        self.ship(leg, self.user_lyon, "6LX011")
        self.assertAlmostEqual(leg.capture_amount, 89.90 + self.fee_of(order), places=2, msg="not the kit")
        self.assert_ledger(order, held=15.0)
        hub_picking.move_ids.quantity = 1
        hub_picking.move_ids.picked = True
        hub_picking.button_validate()
        self.assert_ledger(order, captured=transaction.amount, held=0)
        self.assertEqual(transaction.state, "done")

    def test_the_hubs_own_product_is_not_voided_with_the_catalogue_goods(self):
        kit = self.env["product.product"].create({"name": "Kit entretien cuir", "is_storable": True,
                                                  "list_price": 15.0, "taxes_id": [(5, 0, 0)]})
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, _transaction = self.order_paid({self.v39: 1, kit: 1})
        leg = self.leg(order, self.store_lyon)
        self.env["marketplace.order.cancel"].with_user(self.animator_user).create(
            {"order_id": leg.id, "reason": "Abîmée", "line_ids": [(6, 0, leg.line_ids.ids)]}).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assert_ledger(order, held=15.0 + self.fee_of(order), voided=89.90)

    def hub_warehouse(self):
        return self.env["stock.warehouse"].search(
            [("company_id", "=", self.hub.id), ("marketplace_store", "=", False)], limit=1)

    def test_the_ledger_fields_of_the_customer_order_are_the_suites(self):
        """Read-only on the screens, refused over RPC for every group: what the ledger keeps."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, _transaction = self.order_paid({self.v39: 1})
        line = order.order_line.filtered(lambda sale_line: sale_line.product_id == self.v39)
        for user in (self.animator_user, self.admin_user):
            with self.assertRaises(AccessError):
                line.with_user(user).write({"marketplace_cancelled_qty": 1})
            with self.assertRaises(AccessError):
                line.with_user(user).write({"marketplace_unassigned_deadline": "2026-01-01 00:00:00"})
            with self.assertRaises(AccessError):
                order.with_user(user).write({"marketplace_hub_captured_goods": 500})
        self.assert_ledger(order, held=order.amount_total)
