"""Issue 17 and 18: the attacks of the review of the stock move guard, the second
authorisation, the member status and the holiday pause (each a defect it reproduced)."""
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .test_ledger import LedgerCommon

REFUSED = (AccessError, UserError, ValidationError)


def as_member(record, user, company):
    return record.with_user(user).with_company(company)


@tagged("post_install", "-at_install")
class TestReviewMoves(LedgerCommon, TransactionCase):
    """Stock move guard and pairs check (commit c24d871, part 1)."""

    def sale_line(self, order, product):
        line = order.order_line.filtered(lambda sale_line: sale_line.product_id == product)
        line.invalidate_recordset(["qty_delivered"])
        return line

    def accepted_at_lyon(self, stock, suspend=False):
        """A 1-pair order of v39 accepted by Lyon (``stock`` on its shelves): the order, its
        leg and its delivery as Lyon's member sees it."""
        self.set_stock(self.store_lyon, stock)
        order, _tx = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        leg.with_user(self.user_lyon).action_accept()
        if suspend:
            self.member_lyon.with_user(self.admin_user).action_marketplace_suspend()
        return order, leg, as_member(leg.picking_id, self.user_lyon, self.member_lyon)

    def validate_as_member(self, picking, quantity=None):
        if quantity is not None:
            picking.move_ids.quantity = quantity
        picking.move_ids.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True,
                             picking_ids_not_to_backorder=picking.ids).button_validate()

    def forge_backorder(self, delivery, quantity=None):
        """A picking of the member's own claiming to be its order's backorder, the order's
        move moved into it, validated."""
        Picking = as_member(self.env["stock.picking"], self.user_lyon, self.member_lyon)
        forged = Picking.create({"picking_type_id": self.store_lyon.out_type_id.id, "backorder_id": delivery.id})
        delivery.move_ids.write({"picking_id": forged.id})
        self.validate_as_member(forged, quantity)

    def forge_move_in_backorder(self, leg):
        """Lyon's picking claiming to be ``leg``'s backorder, with a move tied to its customer line."""
        Picking = as_member(self.env["stock.picking"], self.user_lyon, self.member_lyon)
        forged = Picking.create({"picking_type_id": self.store_lyon.out_type_id.id, "backorder_id": leg.picking_id.id})
        forged.write({"move_ids": [(0, 0, {
            "name": "x", "product_id": self.v39.id, "product_uom_qty": 1,
            "location_id": forged.location_id.id, "location_dest_id": forged.location_dest_id.id,
            "sale_line_id": leg.line_ids.sale_line_id.id})]})

    def test_uom_dozen_on_own_delivery_delivers_twelve(self):
        """The member switches its delivery move to Dozens (product_uom is not watched by the
        guard; the pairs check compares a quantity in dozens with pairs)."""
        order, _leg, picking = self.accepted_at_lyon({self.v39: 20})
        dozen = self.env.ref("uom.product_uom_dozen")
        try:
            picking.move_ids.write({"product_uom": dozen.id})
            self.validate_as_member(picking, 1)
        except REFUSED:
            return
        line = self.sale_line(order, self.v39)
        self.assertLessEqual(line.qty_delivered, 1, "the customer's 1-pair line delivered beyond its pairs")
        self.assertGreaterEqual(self.store_qty(self.store_lyon, self.v39), 19, "more than 1 pair left the store")

    def test_forged_backorder_carries_the_trusted_move_beyond_the_pairs(self):
        """A picking of the member's own with backorder_id = its order's delivery: the order's
        move is moved there (the guard counts delivery + backorders), validated at 5 pairs with
        no pairs check (not an 'own delivery')."""
        order, _leg, delivery = self.accepted_at_lyon({self.v39: 10})
        try:
            self.forge_backorder(delivery, 5)
        except REFUSED:
            return
        line = self.sale_line(order, self.v39)
        self.assertLessEqual(line.qty_delivered, 1, "the customer's 1-pair line delivered beyond its pairs")

    def test_forged_backorder_lets_a_suspended_member_ship(self):
        order, _leg, delivery = self.accepted_at_lyon({self.v39: 10}, suspend=True)
        try:
            self.forge_backorder(delivery)
        except REFUSED:
            return
        line = self.sale_line(order, self.v39)
        self.assertEqual(line.qty_delivered, 0, "a suspended member delivered the customer's line")

    def test_product_changed_on_own_delivery_ships_another_product(self):
        """The member writes product_id on its delivery's move (not watched by the guard)."""
        _order, leg, picking = self.accepted_at_lyon({self.v39: 1, self.v40: 1})
        try:
            picking.do_unreserve()
            picking.move_ids.write({"product_id": self.v40.id})
            picking.action_assign()
            self.validate_as_member(picking, 1)
        except REFUSED:
            return
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 1, "the ordered pair is still there")
        self.assertNotEqual(leg.state, "shipped", "the order shipped with a product the customer did not order")

    def test_return_with_return_id_cleared_is_validated_by_the_member(self):
        """Inventory's Return of a delivered member order, its return_id written off (a plain
        field): validated by the member, the pair back on its shelves, no refund."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, transaction = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        self.ship(leg, self.user_lyon, "6LRR10")
        leg.with_user(self.user_lyon).action_deliver()
        Return = as_member(self.env["stock.return.picking"], self.user_lyon, self.member_lyon)
        wizard = Return.with_context(active_id=leg.picking_id.id, active_ids=leg.picking_id.ids,
                                     active_model="stock.picking").create({"picking_id": leg.picking_id.id})
        wizard.product_return_moves.quantity = 1
        action = wizard.action_create_returns()
        back = as_member(self.env["stock.picking"], self.user_lyon, self.member_lyon).browse(action["res_id"])
        try:
            back.write({"return_id": False})
            back.move_ids.quantity = 1
            back.move_ids.picked = True
            back.with_context(skip_backorder=True, skip_sms=True).button_validate()
        except REFUSED:
            return
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 0,
                         "the delivered pair is back for sale and the customer was not refunded")

    def test_odoo_backorder_of_the_own_delivery_is_not_refused(self):
        """Regression check of the guard: the member validates 1 of 2 pairs WITH a backorder
        (Odoo splits the move): no AccessError, the rest routed again."""
        self.set_stock(self.store_lyon, {self.v39: 2})
        self.set_stock(self.store_marseille, {self.v39: 1})
        order, _tx = self.order_paid({self.v39: 2}, customer=self.env["res.partner"].create(
            {"name": "Inès", "street": "1 place Bellecour", "zip": "69002", "city": "Lyon"}))
        leg = self.leg(order, self.store_lyon)
        leg.with_user(self.user_lyon).action_accept()
        self.validate(leg, self.user_lyon, {self.v39: 1}, backorder=True)
        self.assertEqual(leg.state, "shipped")
        self.assert_ledger(order)

    def test_member_moves_a_competitors_move_into_its_own_forged_backorder(self):
        """Marseille's trusted move linked into Lyon's picking whose backorder_id = Marseille's
        delivery: refused (another company)."""
        self.set_stock(self.store_marseille, {self.v39: 1})
        order, _tx = self.order_paid({self.v39: 1})
        self.set_stock(self.store_lyon, {self.v39: 3})
        leg = self.leg(order, self.store_marseille)
        self.assertTrue(leg)
        with self.assertRaises(UserError):
            self.forge_move_in_backorder(leg)

    def test_member_points_a_move_at_the_line_of_its_refused_order(self):
        """After its order was refused (moves cancelled, lines kept), the guard counts no move
        against the lines: a member's new move tied to the customer line is let through."""
        self.set_stock(self.store_lyon, {self.v39: 3})
        order, _tx = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        self.refuse(leg, self.user_lyon)
        with self.assertRaises(UserError):
            self.forge_move_in_backorder(leg)


@tagged("post_install", "-at_install")
class TestReviewPayments(LedgerCommon, TransactionCase):
    """The second authorisation's void (commit c24d871, part 2)."""

    def new_tx(self, order, state):
        return self.authorise(order, expected=None, simulated_state=state)

    def test_late_authorisation_of_an_older_pending_payment_voids_the_right_one(self):
        """T1 pending (3-D Secure, a slow provider), T2 authorised and used by a capture, then T1
        confirmed: T1 is the newcomer and must be voided; the customer is charged the order's
        total once."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 1})
        order = self.make_order({self.v39: 1, self.v40: 1, self.fee: 1})
        t1 = self.new_tx(order, "pending")
        self.assertEqual(t1.state, "pending")
        t2 = self.new_tx(order, "done")
        self.assertEqual(t2.state, "authorized")
        lyon = self.leg(order, self.store_lyon)
        self.ship(lyon, self.user_lyon, "6LR001")
        self.assertEqual(lyon.payment_state, "captured")
        t1._handle_notification_data("demo", {"reference": t1.reference, "simulated_state": "done"})
        self.ship(self.leg(order, self.store_marseille), self.user_marseille, "6LR002")
        charged = 0.0
        for tx in t1 | t2:
            captures = tx.child_transaction_ids.filtered(lambda c: c.operation != "refund" and c.state == "done")
            charged += sum(captures.mapped("amount")) if tx.child_transaction_ids else (
                tx.amount if tx.state == "done" else 0.0)
        held = sum(tx._marketplace_uncaptured_amount() for tx in t1 | t2 if tx.state == "authorized")
        self.assertEqual((round(charged, 2), round(held, 2)), (round(order.amount_total, 2), 0.0),
                         f"charged {charged} and still held {held} for an order of {order.amount_total} "
                         f"(T1 {t1.state}, T2 {t2.state})")

    def test_transaction_paying_two_orders_is_voided_for_both(self):
        """A transaction paying two routed orders, one of which was already paid: voiding it
        whole leaves the other unpaid."""
        self.set_stock(self.store_lyon, {self.v39: 1, self.v40: 1})
        order_a, _ta = self.order_paid({self.v39: 1})
        order_b = self.make_order({self.v40: 1, self.fee: 1})
        tx = self.env["payment.transaction"].create({
            "provider_id": self.provider.id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order_a.amount_total + order_b.amount_total, "currency_id": order_b.currency_id.id,
            "partner_id": order_b.partner_id.id,
            "reference": self.env["payment.transaction"]._compute_reference("demo", prefix="AB"),
            "sale_order_ids": [(6, 0, (order_a | order_b).ids)],
        })
        tx._handle_notification_data("demo", {"reference": tx.reference, "simulated_state": "done"})
        self.assertTrue(order_b._marketplace_authorized_transaction(), "order B's only payment was voided")


@tagged("post_install", "-at_install")
class TestReviewPause(LedgerCommon, TransactionCase):
    """Holiday pause (commit c24d871, part 4)."""

    def test_end_of_a_short_pause_routes_back_to_the_only_store_with_the_pairs(self):
        """The pause hands the order back as *refused*: the store is then excluded for that
        customer order, so the end of the pause cannot route the waiting line back to it."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, _tx = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        today = fields.Date.context_today(self.env.user)
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": today})
        self.assertEqual(leg.state, "refused")
        self.assertTrue(order.marketplace_unassigned)
        with freeze_time(fields.Datetime.now() + timedelta(days=1, hours=1)):
            self.env.ref("marketplace_base.ir_cron_end_holiday_pause").method_direct_trigger()
        self.assertFalse(self.store_lyon.marketplace_paused)
        self.assertTrue(self.leg(order, self.store_lyon), "the waiting line was not routed back to its store")
        self.assertFalse(order.marketplace_unassigned)

    def test_pausing_two_stores_at_once(self):
        """Lyon and Villeurbanne paused in one write: no order goes from one to the other."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v39: 1})
        order, _tx = self.order_paid({self.v39: 1})
        first = order.marketplace_order_ids
        stores = self.store_lyon | self.store_villeurbanne
        stores.write({"marketplace_paused": True, "marketplace_pause_end": "2026-12-20"})
        live = order.marketplace_order_ids.filtered(lambda o: o.state == "assigned")
        self.assertEqual(live.store_id, self.store_marseille, f"{first.store_id.name} -> {live.store_id.name}")
        self.assert_ledger(order)

    def test_pause_by_a_member_of_a_suspended_member_store(self):
        """A suspended member's user (or anyone) reopening its store: no routing to a
        suspended member, no traceback."""
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": "2026-12-20"})
        order, _tx = self.order_paid({self.v39: 1})
        self.assertTrue(order.marketplace_unassigned)
        self.member_lyon.with_user(self.admin_user).action_marketplace_suspend()
        self.store_lyon.write({"marketplace_paused": False, "marketplace_pause_end": False})
        self.assertFalse(order.marketplace_order_ids.filtered(lambda o: o.state == "assigned"))


@tagged("post_install", "-at_install")
class TestReviewMembers(LedgerCommon, TransactionCase):
    """Member status (commit c24d871, part 3)."""

    def test_member_and_animator_cannot_change_a_member_status_by_write(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.member_lyon.with_user(self.admin_user).action_marketplace_suspend()
        with self.assertRaises(UserError):
            self.member_lyon.with_user(self.user_lyon).write({"marketplace_state": "active"})
        with self.assertRaises(UserError):
            self.member_lyon.with_user(self.animator_user).write({"marketplace_state": "active"})

    def test_member_set_back_to_draft_hands_its_orders_back(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v39: 1})
        order, _tx = self.order_paid({self.v39: 1}, customer=self.env["res.partner"].create(
            {"name": "Inès", "street": "1 place Bellecour", "zip": "69002", "city": "Lyon"}))
        leg = self.leg(order, self.store_lyon)
        self.assertTrue(leg)
        self.member_lyon.with_user(self.admin_user).write({"marketplace_state": "draft"})
        with self.assertRaisesRegex(UserError, "draft"):
            leg.with_user(self.user_lyon).action_accept()
        self.assertNotEqual(leg.state, "assigned", "the order waits for a member that can work nothing")

    def test_suspended_member_marks_nothing_delivered(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        order, _tx = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        self.ship(leg, self.user_lyon, "6LS001")
        self.member_lyon.with_user(self.admin_user).action_marketplace_suspend()
        with self.assertRaises(UserError):
            leg.with_user(self.user_lyon).action_deliver()


    def test_holiday_pause_does_not_count_as_refusals_of_the_member(self):
        """The orders a pause hands back are refused 'closed': the performance cron counts them
        as the member's refusals (routing's reliability tie-breaker)."""
        self.set_stock(self.store_lyon, {self.v39: 2})
        self.order_paid({self.v39: 1})
        self.order_paid({self.v39: 1})
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": "2026-12-20"})
        self.env["res.company"]._cron_marketplace_member_performance()
        self.assertEqual(self.member_lyon.marketplace_acceptance_rate, 100.0)

    def test_member_copies_its_delivery_move(self):
        """Held: a copy of the order's move (stock.move.copy) is refused."""
        self.set_stock(self.store_lyon, {self.v39: 3})
        order, _tx = self.order_paid({self.v39: 1})
        leg = self.leg(order, self.store_lyon)
        move = as_member(leg.picking_id.move_ids, self.user_lyon, self.member_lyon)
        with self.assertRaises(UserError):
            move.copy()
        with self.assertRaises(UserError):
            move.copy({"picking_id": False})
