from odoo.tests import HttpCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestMemberOrderTour(OrdersCommon, HttpCase):

    def test_member_accepts_and_ships_from_the_marketplace_orders_screen(self):
        self.user_lyon.password = "testeau"
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.make_order({self.v39: 1})
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.store_id, self.store_lyon)
        self.env.flush_all()
        self.start_tour("/odoo/action-marketplace_orders.action_marketplace_order",
                        "marketplace_member_accept_and_ship", login="testeau")
        member_order.invalidate_recordset()
        self.assertEqual(member_order.state, "shipped")
        self.assertEqual(member_order.tracking_ref, "6A11112222333")
        self.assertEqual(member_order.picking_id.state, "done")
