from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import RegisterCommon


@tagged("post_install", "-at_install")
class TestPosTicketPickupCodes(RegisterCommon, TransactionCase):
    """Reserve & collect paid at the counter, as the register syncs its tickets: the server trusts
    a ticket's pickup-code lines only for the order's reserved pairs (issue 17, cases 18 and 19)."""

    def ticket(self, lines):
        """A paid ticket of Lyon's register: ``lines`` [(product, qty, pickup code or False)]."""
        return self.ticket_at(self.session, lines)

    def test_exact_reserved_pairs_hand_the_order_over(self):
        member_order = self.reserved_at_lyon("EXACT234")
        ticket = self.ticket([(self.v38, 1, "EXACT234"), (self.v39, 1, False)])
        self.assertEqual(member_order.state, "collected")
        self.assertEqual(member_order.pos_order_id, ticket)
        self.assertEqual(ticket.picking_ids.move_ids.product_id, self.v39)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 3)

    def test_a_code_on_more_pairs_than_reserved_takes_them_through_the_ticket(self):
        """Case 18: the code line at quantity 3 (1 reserved) took 3 pairs with one stock move."""
        member_order = self.reserved_at_lyon("TROIS234")
        ticket = self.ticket([(self.v38, 3, "TROIS234")])
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 1, "3 pairs left, each with a stock move")
        self.assertEqual(sum(ticket.picking_ids.move_ids.mapped("quantity")), 3)
        self.assertNotEqual(member_order.state, "collected", "the animators settle it")
        self.assertIn(self.animator_user, member_order.activity_ids.user_id)

    def test_a_code_on_another_product_takes_it_through_the_ticket(self):
        member_order = self.reserved_at_lyon("AUTRE234")
        ticket = self.ticket([(self.v39, 1, "AUTRE234")])
        self.assertEqual(ticket.picking_ids.move_ids.product_id, self.v39)
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 1)
        self.assertNotEqual(member_order.state, "collected")

    def test_one_code_paid_on_two_tickets(self):
        """Case 19: the second ticket's pair leaves with a stock move and the animators see the
        double payment."""
        member_order = self.reserved_at_lyon("DEUX2345")
        first = self.ticket([(self.v38, 1, "DEUX2345")])
        self.assertEqual((member_order.state, member_order.pos_order_id), ("collected", first))
        second = self.ticket([(self.v38, 1, "DEUX2345")])
        self.assertEqual(sum(second.picking_ids.move_ids.mapped("quantity")), 1, "a stock move for its pair")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 2)
        self.assertFalse(second.lines.marketplace_pickup_code)
        alert = member_order.activity_ids.filtered(lambda a: second.name in (a.summary or ""))
        self.assertIn(self.animator_user, alert.user_id)
        first._create_order_picking()  # a ticket processed twice hands over once
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 2)

    def test_a_code_goes_on_one_open_ticket_at_a_time(self):
        """Case 19: a second register (or ticket) scanning a code already on an open ticket is
        refused, and so is the payment of a ticket that does not hold the code; the ticket that
        holds it is paid once."""
        self.reserved_at_lyon("UNSEUL23")
        Order = self.env["marketplace.order"].with_user(self.user_lyon).with_company(self.member_lyon)
        first = Order.marketplace_pos_hand_over(self.config.id, "UNSEUL23", "ticket-1")
        self.assertEqual(first["pickup_code"], "UNSEUL23")
        self.assertTrue(Order.marketplace_pos_hand_over(self.config.id, "UNSEUL23", "ticket-1")["lines"],
                        "the same ticket may scan it again (it refuses the duplicate itself)")
        with self.assertRaisesRegex(UserError, "already on an open ticket"):
            Order.marketplace_pos_hand_over(self.config.id, "UNSEUL23", "ticket-2")
        with self.assertRaisesRegex(UserError, "already on an open ticket"):
            Order.marketplace_pos_check_ticket(self.config.id, "ticket-2", ["UNSEUL23"])
        self.assertTrue(Order.marketplace_pos_check_ticket(self.config.id, "ticket-1", ["UNSEUL23"]))
        # A ticket left open (cancelled at the register) frees the code after a while.
        with freeze_time(fields.Datetime.now() + timedelta(minutes=31)):
            self.assertTrue(Order.marketplace_pos_check_ticket(self.config.id, "ticket-2", ["UNSEUL23"]))
        self.ticket([(self.v38, 1, "UNSEUL23")])
        with self.assertRaisesRegex(UserError, "already handed over"):
            Order.marketplace_pos_check_ticket(self.config.id, "ticket-2", ["UNSEUL23"])
        for bad in (None, 4, ["x"], ""):
            with self.assertRaises(UserError):
                Order.marketplace_pos_hand_over(self.config.id, "UNSEUL23", bad)
        for bad in (None, "UNSEUL23", [4], [None]):
            with self.assertRaises(UserError):
                Order.marketplace_pos_check_ticket(self.config.id, "ticket-1", bad)
