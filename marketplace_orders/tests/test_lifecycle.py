from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestLifecycle(OrdersCommon, TransactionCase):

    def setUp(self):
        super().setUp()
        self.set_stock(self.store_lyon, {self.v39: 1, self.v40: 1})
        self.set_stock(self.store_marseille, {self.v39: 1, self.v40: 1})
        self.order = self.make_order({self.v39: 1, self.v40: 1}, customer=self.env["res.partner"].create({
            "name": "Inès Bernard", "zip": "69002", "city": "Lyon", "street": "1 place Bellecour"}))
        self.member_order = self.order.marketplace_order_ids
        self.assertEqual(self.member_order.store_id, self.store_lyon)

    def test_ship_order_lifecycle(self):
        mo = self.member_order.with_user(self.user_lyon)
        mo.action_accept()
        self.assertEqual(mo.state, "accepted")
        mo.action_accept()  # repeated: nothing more
        self.assertEqual(mo.state, "accepted")
        with self.assertRaisesRegex(UserError, "cannot become"):
            mo.action_deliver()
        mo.action_ready()
        mo._marketplace_check_acting_user()._marketplace_ship("6A0001")
        self.assertEqual(mo.state, "shipped")
        self.assertEqual(mo.tracking_ref, "6A0001")
        mo._marketplace_check_acting_user()._marketplace_ship("6A0001")  # the same again: no-op
        with self.assertRaisesRegex(UserError, "already been shipped"):
            mo._marketplace_check_acting_user()._marketplace_ship("6A0002")
        mo.action_deliver()
        self.assertEqual(mo.state, "delivered")
        self.assertTrue(mo.delivered_date)
        self.assertTrue(mo.accepted_date and mo.ready_date and mo.shipped_date)

    def test_ship_needs_a_tracking_reference(self):
        mo = self.member_order.with_user(self.user_lyon)
        mo.action_accept()
        with self.assertRaisesRegex(UserError, "tracking reference"):
            mo._marketplace_check_acting_user()._marketplace_ship("  ")

    def test_refusal_routes_again_never_to_the_refusing_store(self):
        self.env["marketplace.order.refuse"].with_user(self.user_lyon).create({
            "order_ids": [(6, 0, self.member_order.ids)], "reason": "damaged", "note": "Boîte abîmée"}).action_confirm()
        self.assertEqual(self.member_order.state, "refused")
        self.assertEqual(self.member_order.picking_id.state, "cancel")
        # the reservation is released in Lyon...
        self.assertEqual(self.store_lyon._marketplace_available_qty(self.v39 | self.v40),
                         {(self.store_lyon.id, self.v39.id): 1, (self.store_lyon.id, self.v40.id): 1})
        # ...and the order went to Marseille at once
        self.assertEqual(self.legs(self.order), {self.store_marseille: {self.v39: 1, self.v40: 1}})
        # Marseille refuses too: nobody else has it, Lyon is never asked again
        self.order.marketplace_order_ids.filtered(lambda o: o.state == "assigned").with_user(
            self.user_marseille)._marketplace_check_acting_user()._set_refused("out_of_stock")
        self.assertFalse(self.legs(self.order))
        self.assertTrue(self.order.marketplace_unassigned)
        with self.assertRaisesRegex(UserError, "cannot become"):
            self.member_order.with_user(self.user_lyon).action_accept()

    def test_picking_validated_from_inventory_ships_the_order(self):
        picking = self.member_order.picking_id.with_user(self.user_lyon).with_company(self.member_lyon)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(self.member_order.state, "shipped")
        self.assertEqual(self.order.order_line.mapped("qty_delivered"), [1, 1])

    def test_member_users_are_told(self):
        activities = self.member_order.activity_ids
        self.assertEqual(activities.user_id, self.user_lyon)
        self.assertIn(self.user_lyon.partner_id, self.member_order.message_partner_ids)
        self.assertTrue(self.member_order.message_ids.filtered(lambda m: self.user_lyon.partner_id in m.partner_ids))

    def test_shipped_orders_delivered_by_the_cron_after_the_set_days(self):
        self.hub.marketplace_auto_deliver_days = 5
        mo = self.member_order
        mo._set_accepted()
        with freeze_time("2026-11-02 10:00:00"):
            mo._marketplace_ship("6A0100")
        cron = self.env.ref("marketplace_orders.ir_cron_auto_deliver")
        with freeze_time("2026-11-07 09:00:00"):
            cron.method_direct_trigger()
        self.assertEqual(mo.state, "shipped", "not yet five days")
        with freeze_time("2026-11-07 10:30:00"):
            cron.method_direct_trigger()
            self.assertEqual(mo.state, "delivered")
            self.assertEqual(mo.delivered_date, datetime(2026, 11, 7, 10, 0))
            cron.method_direct_trigger()  # again: nothing more
            self.assertEqual(self.env["marketplace.order"]._cron_marketplace_auto_deliver(), 0)
        self.assertEqual(mo.delivered_date, datetime(2026, 11, 7, 10, 0))
        self.hub.marketplace_auto_deliver_days = 0
        self.assertEqual(self.env["marketplace.order"]._cron_marketplace_auto_deliver(), 0)

    def test_the_delivery_slip_button_prints_the_stores_picking(self):
        """Issue 23: the member order's *Delivery Slip* button prints Odoo's delivery slip of its
        picking, for the member's own orders only."""
        self.set_stock(self.store_lyon, {self.v39: 2})
        member_order = self.make_order({self.v39: 1}).marketplace_order_ids
        member_order.with_user(self.user_lyon).action_accept()
        action = member_order.with_user(self.user_lyon).action_print_delivery_slip()
        self.assertEqual((action["type"], action["report_name"]), ("ir.actions.report", "stock.report_deliveryslip"))
        self.assertEqual(action["context"]["active_ids"], member_order.picking_id.ids)
        Report = self.env["ir.actions.report"].with_user(self.user_lyon).with_company(self.member_lyon)
        html, _kind = Report._render_qweb_html("stock.action_report_delivery", member_order.picking_id.ids)
        html = html.decode()
        self.assertIn(member_order.picking_id.name, html)
        self.assertIn("Basket Jules cuir blanc", html)
        with self.assertRaises(AccessError):
            member_order.with_user(self.user_marseille).action_print_delivery_slip()
