from odoo.tests import HttpCase, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestPosCollectTour(CollectCommon, HttpCase):
    """In Chromium, at the shop's Point of Sale: the Click & collect screen hands the order over on
    its pickup code: collected, captured, the pair out of the shop's stock once, no ticket."""

    def test_hand_over_at_the_counter(self):
        self.setup_payment()
        self.set_stock(self.store_lyon, {self.v38: 2})
        order = self.cart({self.v38: 1})
        self.choose(order, self.store_lyon)
        self.authorise(order)
        order.action_confirm()
        member_order = order.marketplace_order_ids
        member_order.pickup_code = "K7M4P2QX"
        member_order.with_user(self.user_lyon).action_accept()
        member_order.with_user(self.user_lyon).action_ready()
        pos = self.env["pos.config"].search([("company_id", "=", self.member_lyon.id)])
        self.user_lyon.password = "testeau"
        self.start_tour(f"/pos/ui?config_id={pos.id}", "marketplace_pos_hand_over", login="testeau")
        self.assertEqual(member_order.state, "collected")
        self.assertEqual(member_order.payment_state, "captured")
        self.assertEqual(member_order.picking_id.state, "done")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 1, "the pair left the shop once")
        self.assertFalse(self.env["pos.order"].search([("config_id", "=", pos.id)]), "no ticket, no second picking")
