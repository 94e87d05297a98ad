from odoo.tests import HttpCase, new_test_user, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestPickupTour(CollectCommon, HttpCase):
    """In Chromium: pick up in a shop that has the size; the nearest, which has not, cannot be chosen."""

    def test_pick_up_in_the_shop_that_has_the_size(self):
        self.setup_payment()
        self.set_stock(self.store_lyon, {self.v38: 1})
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        customer = new_test_user(self.env, login="camille", password="camille", name="Camille Durand",
                                 groups="base.group_portal", partner_id=self.customer.id)
        self.start_tour(self.sneaker.website_url, "marketplace_pickup_in_store", login=customer.login)
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id), ("state", "=", "sale")])
        self.assertEqual(order.marketplace_pickup_store_id, self.store_lyon)
        self.assertEqual(order.transaction_ids.state, "authorized")
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v38: 1}})
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.fulfilment, "collect")
        self.assertTrue(member_order.pickup_code)
