from unittest.mock import patch

from odoo.addons.website.tools import MockRequest
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestPickup(CollectCommon, TransactionCase):
    """Pick up in store across the network: the shops offered nearest first, with whether each has
    the whole cart; the chosen shop receives the order directly, as click & collect."""

    def test_shops_nearest_first_with_the_whole_cart(self):
        self.set_stock(self.store_lyon, {self.v38: 1, self.v39: 1})
        self.set_stock(self.store_villeurbanne, {self.v38: 1})
        order = self.cart({self.v38: 1, self.v39: 1})
        order.carrier_id = self.pickup
        with MockRequest(self.env, website=self.website, sale_order_id=order.id):
            locations = order._get_pickup_locations()["pickup_locations"]
        stores = [location["id"] for location in locations if location["id"] in self.stores.ids]
        self.assertEqual(stores, [self.store_villeurbanne.id, self.store_lyon.id, self.store_marseille.id],
                         "nearest first from Villeurbanne, whatever the shop's company")
        in_stock = {location["id"]: location["additional_data"]["in_store_stock"]["in_stock"]
                    for location in locations if location["id"] in self.stores.ids}
        self.assertEqual(in_stock, {self.store_villeurbanne.id: False, self.store_lyon.id: True,
                                    self.store_marseille.id: False}, "only Lyon has the whole cart")
        self.assertLess(locations[0]["distance"], 3)
        self.assertTrue(locations[1]["opening_hours"]["1"], "Tuesday's opening hours of the shop")

    def test_nearest_shops_and_the_nearest_that_has_it(self):
        """The list: the nearest shops, and further the nearest that have everything."""
        self.set_stock(self.store_marseille, {self.v38: 1})
        order = self.cart({self.v38: 1})
        order.carrier_id = self.pickup
        with patch.object(type(self.pickup), "_marketplace_pickup_limit", 1), \
                MockRequest(self.env, website=self.website, sale_order_id=order.id):
            locations = order._get_pickup_locations()["pickup_locations"]
        self.assertEqual([location["id"] for location in locations],
                         [self.store_villeurbanne.id, self.store_marseille.id],
                         "Villeurbanne, the nearest; Marseille, which has it; not Lyon")

    def test_product_page_counts_one_size(self):
        self.set_stock(self.store_marseille, {self.v40: 2})
        with MockRequest(self.env, website=self.website):
            locations = self.pickup._in_store_get_close_locations(self.customer, product_id=str(self.v40.id))
            self.assertEqual(self.website._get_max_in_store_product_available_qty(self.v40), 2)
        stock = {location["id"]: location["additional_data"]["in_store_stock"] for location in locations}
        self.assertTrue(stock[self.store_marseille.id]["in_stock"])
        self.assertFalse(stock[self.store_lyon.id]["in_stock"])

    def test_chosen_shop_receives_the_order(self):
        self.set_stock(self.store_lyon, {self.v38: 1})
        self.set_stock(self.store_villeurbanne, {self.v38: 1})
        order = self.cart({self.v38: 1})
        hub_warehouse = order.warehouse_id
        self.choose(order, self.store_lyon)
        self.assertEqual(order.marketplace_pickup_store_id, self.store_lyon)
        self.assertEqual(order.warehouse_id, hub_warehouse, "the order stays the hub's")
        self.assertTrue(order._is_in_stock(order.warehouse_id.id))
        order._check_cart_is_ready_to_be_paid()
        order.action_confirm()
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v38: 1}},
                         "Lyon, the customer's choice, although Villeurbanne is nearer")
        self.assertEqual(order.marketplace_order_ids.fulfilment, "collect")
        self.assertEqual(order.marketplace_order_ids.customer_name, "Camille Durand",
                         "the shop sees who collects (Odoo names the pick-up address after the shop)")

    def test_shop_lacking_an_item_cannot_be_chosen(self):
        self.set_stock(self.store_lyon, {self.v38: 1})
        order = self.cart({self.v38: 1})
        self.choose(order, self.store_marseille)
        with self.assertRaises(ValidationError):
            order._check_cart_is_ready_to_be_paid()
        self.store_marseille.marketplace_collect = False
        with self.assertRaises(ValidationError):
            self.choose(order, self.store_marseille)

    def test_single_company_pickup_unchanged(self):
        """website_sale_collect's own stores keep their rule: same company as the method."""
        carrier = self.env["delivery.carrier"].create({
            "name": "Retrait au dépôt", "delivery_type": "in_store", "company_id": self.hub.id,
            "product_id": self.pickup.product_id.id,
        })
        with self.assertRaises(ValidationError):
            carrier.warehouse_ids = self.store_lyon
        with self.assertRaises(ValidationError):
            carrier.is_published = True
