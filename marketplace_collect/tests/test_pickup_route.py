import json

from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestPickupRoute(CollectCommon, HttpCase):
    """Issue 18, case 5: the website's pick-up route, as a visitor's browser calls it, answers
    bad data with the clear refusal, never a server error."""

    def test_the_pickup_route_refuses_bad_data_clearly(self):
        self.set_stock(self.store_lyon, {self.v39: 2})
        self.set_stock(self.store_marseille, {self.v39: 2})
        self.authenticate(None, None)
        self.make_jsonrpc_request("/shop/cart/update_json", {"product_id": self.v39.id, "add_qty": 1})
        route = "/shop/set_click_and_collect_location"
        bad = ['{"id": "abc"}', "[4]", "4", '{"id": 4.5}', json.dumps({"id": [self.store_lyon.id,
                                                                               self.store_marseille.id]}),
               "{not json", json.dumps({"id": self.hub.id * 100000})]
        for data in bad:
            with self.subTest(data=data), self.assertRaises(JsonRpcException) as refused:
                self.make_jsonrpc_request(route, {"pickup_location_data": data})
            self.assertIn(str(refused.exception), ("odoo.exceptions.ValidationError", "odoo.exceptions.UserError"))
        for data in (4, ["x"], {"id": self.store_lyon.id}):
            with self.subTest(data=data), self.assertRaises(JsonRpcException) as refused:
                self.make_jsonrpc_request(route, {"pickup_location_data": data})
            self.assertIn(str(refused.exception), ("odoo.exceptions.ValidationError", "odoo.exceptions.UserError"))
        # A good one still works.
        self.make_jsonrpc_request(route, {"pickup_location_data": json.dumps({"id": self.store_lyon.id})})
        order = self.env["sale.order"].search([("website_id", "=", self.website.id)], order="id desc", limit=1)
        self.assertEqual(order.marketplace_pickup_store_id, self.store_lyon)
