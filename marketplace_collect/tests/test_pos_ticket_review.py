"""Issue 17 and 18: the review's attacks on one code, one open ticket — a suspended member
hands nothing over, an order paid online is never paid again at the counter, a bad register id
gets a clear error."""
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import RegisterCommon


@tagged("post_install", "-at_install")
class TestReviewCollect(RegisterCommon, TransactionCase):
    """Reserve & collect: one code, one open ticket; a suspended member hands nothing over."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_payment()

    def pos(self):
        return self.env["marketplace.order"].with_user(self.user_lyon).with_company(self.member_lyon)

    def test_suspended_member_scans_and_checks_a_reserve_and_collect_code(self):
        member_order = self.reserved_at_lyon("SUSPE234")
        self.member_lyon.with_user(self.admin_user).action_marketplace_suspend()
        with self.assertRaisesRegex(UserError, "suspended"):
            self.pos().marketplace_pos_hand_over(self.config.id, "SUSPE234", "ticket-1")
        with self.assertRaisesRegex(UserError, "suspended"):
            self.pos().marketplace_pos_check_ticket(self.config.id, "ticket-1", ["SUSPE234"])
        self.assertEqual(member_order.state, "accepted")

    def test_suspended_member_hands_over_through_a_synced_ticket(self):
        member_order = self.reserved_at_lyon("SUSPT234")
        self.pos().marketplace_pos_hand_over(self.config.id, "SUSPT234", "ticket-1")
        self.member_lyon.with_user(self.admin_user).action_marketplace_suspend()
        self.ticket_at(self.session, [(self.v38, 1, "SUSPT234")])
        self.assertNotEqual(member_order.state, "collected",
                            "a suspended member handed an order over (README: hand over nothing)")

    def online_payment(self, sale_order):
        return self.authorise(sale_order)

    def test_code_on_a_ticket_then_paid_online_is_refused_at_the_register_check(self):
        member_order = self.reserved_at_lyon("DOUBL234")
        self.pos().marketplace_pos_hand_over(self.config.id, "DOUBL234", "ticket-1")
        tx = self.online_payment(member_order.sale_order_id)
        self.assertEqual(tx.state, "authorized")
        with self.assertRaises(UserError, msg="the register takes a second payment of an order paid online"):
            self.pos().marketplace_pos_check_ticket(self.config.id, "ticket-1", ["DOUBL234"])

    def test_code_on_a_ticket_then_paid_online_is_charged_twice(self):
        member_order = self.reserved_at_lyon("TWICE234")
        self.pos().marketplace_pos_hand_over(self.config.id, "TWICE234", "ticket-1")
        tx = self.online_payment(member_order.sale_order_id)
        ticket = self.ticket_at(self.session, [(self.v38, 1, "TWICE234")])
        self.assertEqual(ticket.state in ("paid", "done", "invoiced"), True)
        self.assertNotEqual((member_order.payment_state, tx.state), ("captured", "done"),
                            f"ticket {ticket.amount_paid} paid at the counter AND {tx.amount} captured online")

    def test_bad_config_ids_raise_user_errors(self):
        self.reserved_at_lyon("BADCF234")
        for bad in ("²", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠", "99999999999999999999", 10 ** 20):
            for call in (lambda c: self.pos().marketplace_pos_check_ticket(c, "ticket-1", ["BADCF234"]),
                         lambda c: self.pos().marketplace_pos_hand_over(c, "BADCF234", "ticket-1")):
                with self.subTest(config_id=bad), self.assertRaisesRegex(UserError, "from a register of the shop"):
                    call(bad)
