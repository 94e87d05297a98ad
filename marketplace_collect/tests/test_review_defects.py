from odoo.addons.website.tools import MockRequest
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestCollectEdgeCases(CollectCommon, TransactionCase):
    """What a review against Odoo's code found: a refused pick-up, a pay-in-shop order validated
    in Inventory, a stale shop, another company's stock on the product page."""

    def confirmed_at_lyon(self, quantities=None):
        self.set_stock(self.store_lyon, quantities or {self.v38: 1})
        order = self.cart(quantities or {self.v38: 1})
        self.choose(order, self.store_lyon)
        return order

    def test_refused_pickup_does_not_go_back_to_the_same_shop(self):
        order = self.confirmed_at_lyon()
        order.action_confirm()
        member_order = order.marketplace_order_ids
        self.env["marketplace.order.refuse"].with_user(self.user_lyon).create(
            {"order_ids": [(6, 0, member_order.ids)], "reason": "damaged"}).action_confirm()
        self.assertEqual(order.marketplace_order_ids, member_order, "not given to Lyon again")
        self.assertTrue(order.marketplace_unassigned, "waits for the animators")

    def test_paused_shop_takes_no_new_pickup(self):
        order = self.confirmed_at_lyon()
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": "2099-08-31"})
        self.assertFalse(order._is_in_stock(order.warehouse_id.id))

    def test_pay_in_shop_validated_in_inventory_is_paid_in_shop(self):
        order = self.confirmed_at_lyon()
        self.pay_on_site(order)
        member_order = order.marketplace_order_ids
        picking = member_order.picking_id.with_company(member_order.company_id)
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual((member_order.state, member_order.payment_state), ("collected", "in_shop"),
                         "the member took the money: its commission is settled")

    def test_home_delivery_after_pickup_forgets_the_shop(self):
        order = self.confirmed_at_lyon()
        home = self.env["delivery.carrier"].create({
            "name": "Colissimo à domicile", "delivery_type": "fixed", "fixed_price": 5.9,
            "product_id": self.pickup.product_id.id})
        order.set_delivery_line(home, 5.9)
        self.assertFalse(order.marketplace_pickup_store_id)
        self.assertEqual(order._marketplace_fulfilment(), "ship")

    def test_product_page_after_choosing_a_shop_shows_what_it_publishes(self):
        self.set_stock(self.store_lyon, {self.v38: 3})
        self.store_lyon.marketplace_own_safety_stock = True
        self.store_lyon.marketplace_safety_stock = 1
        order = self.cart({self.v39: 1})
        self.choose(order, self.store_lyon)
        with MockRequest(self.env, website=self.website, sale_order_id=order.id):
            info = self.sneaker.with_context(website_id=self.website.id)._get_combination_info(
                product_id=self.v38.id)
        self.assertEqual(info["in_store_stock"]["quantity"], 2, "published: 3 less the safety stock of 1")

    def test_unpublished_product_stock_stays_private(self):
        self.set_stock(self.store_lyon, {self.v38: 3})
        self.sneaker.sudo().is_published = False
        with MockRequest(self.env, website=self.website):
            locations = self.pickup._in_store_get_close_locations(self.customer, product_id=str(self.v38.id))
        self.assertFalse(any(location["additional_data"]["in_store_stock"]["quantity"] for location in locations))
        self.assertFalse(any(location["additional_data"]["in_store_stock"]["in_stock"] for location in locations))

    def test_home_delivery_after_pickup_restores_the_export_fiscal_position(self):
        """Issue 17, case 20: a Geneva customer picks a Lyon shop (French VAT), then home delivery:
        the export fiscal position of the delivery address comes back before the payment."""
        export = self.env["account.fiscal.position"].create({
            "name": "Export hors UE", "company_id": self.hub.id, "auto_apply": True,
            "country_id": self.env.ref("base.ch").id,
            "tax_ids": [(0, 0, {"tax_src_id": self.hub.marketplace_catalog_tax_id.id, "tax_dest_id": False})]})
        geneva = self.env["res.partner"].create({
            "name": "Noé Favre", "street": "12 rue du Rhône", "zip": "1204", "city": "Genève",
            "country_id": self.env.ref("base.ch").id, "email": "noe.favre@example.ch"})
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.cart({self.v39: 1}, customer=geneva)
        self.assertEqual(order.fiscal_position_id, export)
        self.assertAlmostEqual(order.amount_total, 74.92, places=2, msg="89.90 without the French VAT")
        self.choose(order, self.store_lyon)
        order._recompute_taxes()  # as /shop/confirm_order does before the payment
        order._recompute_prices()
        self.assertNotEqual(order.fiscal_position_id, export, "collected in France: French VAT")
        self.assertAlmostEqual(order.amount_total, 89.90, places=2)
        home = self.env["delivery.carrier"].create({
            "name": "Colissimo international", "delivery_type": "fixed", "fixed_price": 0.0,
            "product_id": self.pickup.product_id.id})
        order._set_delivery_method(home, {"success": True, "price": 0.0})  # the checkout's switch
        order._recompute_taxes()
        order._recompute_prices()
        self.assertEqual(order.fiscal_position_id, export)
        self.assertAlmostEqual(order.amount_total, 74.92, places=2)

    def test_bad_pickup_data_and_register_ids_get_a_clear_error(self):
        """Issue 18, case 5: whatever a browser or a register sends yields no traceback."""
        order = self.cart({self.v39: 1})
        order.set_delivery_line(self.pickup, 0.0)
        for data in ('{"id": "abc"}', "[4]", "4", '{"id": 4.5}', '{"id": [1, 2]}', "{not json"):
            with self.assertRaisesRegex(ValidationError, "does not offer click & collect"):
                order._set_pickup_location(data)
        Orders = self.env["marketplace.order"].with_user(self.user_lyon)
        for config_id in ("abc", None, [1], 0, -3):
            with self.assertRaisesRegex(UserError, "from a register of the shop"):
                Orders.marketplace_pos_collect_orders(config_id)

    def test_a_pickup_order_moves_only_near_the_chosen_shop_and_the_customer_is_told(self):
        """Issue 18, case 3: an animator moves a ready pick-up order; the customer keeps their code,
        is told at once, and the customer order names the new shop; far shops are not offered."""
        order = self.confirmed_at_lyon({self.v39: 1})
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v39: 1})
        order.action_confirm()
        leg = order.marketplace_order_ids
        code = leg.pickup_code
        leg.with_user(self.user_lyon).action_accept()
        leg.with_user(self.user_lyon).action_ready()
        wizard = self.env["marketplace.order.reassign"].with_user(self.animator_user).with_context(
            default_order_id=leg.id).create({"store_id": self.store_villeurbanne.id})
        self.assertIn(self.store_villeurbanne, wizard.candidate_store_ids)
        self.assertNotIn(self.store_marseille, wizard.candidate_store_ids, "300 km away from the chosen shop")
        with self.assertRaisesRegex(UserError, "moves at most"):
            leg.with_user(self.animator_user)._marketplace_check_animator()._marketplace_reassign(
                self.store_marseille)
        wizard.action_confirm()
        new = order.marketplace_order_ids - leg
        self.assertEqual((new.store_id, new.fulfilment, new.pickup_code), (self.store_villeurbanne, "collect", code))
        self.assertFalse(leg.pickup_code)
        self.assertEqual(order.marketplace_pickup_store_id, self.store_villeurbanne)
        told = self.env["mail.mail"].search([("model", "=", "marketplace.order"), ("res_id", "=", new.id)])
        self.assertTrue(told.filtered(lambda mail: self.store_villeurbanne.name in mail.subject))
        new.with_user(self.user_marseille).action_accept()
        self.env["marketplace.order"].with_user(self.user_marseille).marketplace_hand_over(
            code, self.store_villeurbanne.marketplace_store_code)
        self.assertEqual(new.state, "collected")

    def test_a_home_delivery_moves_only_to_a_shop_that_ships(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.cart({self.v39: 1})
        order.action_confirm()
        leg = order.marketplace_order_ids
        self.assertEqual(leg.store_id, self.store_lyon)
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.store_villeurbanne.marketplace_ship = False
        with self.assertRaisesRegex(UserError, "does not offer"):
            leg.with_user(self.animator_user)._marketplace_check_animator()._marketplace_reassign(
                self.store_villeurbanne)
