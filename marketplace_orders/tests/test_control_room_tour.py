from odoo.tests import HttpCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestControlRoomTour(OrdersCommon, HttpCase):

    def test_animator_filters_late_orders_and_reassigns_one(self):
        self.animator_user.password = "mkt_animator"
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 1})
        late = self.make_order({self.v39: 1}).marketplace_order_ids  # Villeurbanne customer
        on_time = self.make_order({self.v40: 1}, customer=self.customer_paris).marketplace_order_ids
        self.assertEqual((late.store_id, on_time.store_id), (self.store_lyon, self.store_marseille))
        late._set_accepted()
        late.prepare_deadline = "2026-01-01 08:00:00"
        self.env["marketplace.order"]._cron_marketplace_deadlines()
        self.assertTrue(late.prepare_late)
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.env.flush_all()
        self.start_tour("/odoo/action-marketplace_orders.action_marketplace_control_room",
                        "marketplace_control_room_reassign", login="mkt_animator")
        late.invalidate_recordset()
        self.assertEqual(late.state, "cancelled")
        moved = late.sale_order_id.marketplace_order_ids.filtered(lambda o: o.state == "assigned")
        self.assertEqual(moved.store_id, self.store_villeurbanne)
        self.assertEqual(on_time.state, "assigned")
