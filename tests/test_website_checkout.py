"""The hub's shop, in Chromium: a customer buys with home delivery and the demo provider; the
amount is authorised, not captured, and the confirmed order is routed to a member's store."""
from odoo.addons.marketplace_orders.tests.common import OrdersCommon
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWebsiteDeliveryCheckout(OrdersCommon, HttpCase):

    def test_home_delivery_paid_with_the_demo_provider(self):
        self.setup_payment()
        self.sneaker.sudo().is_published = True
        self.env["delivery.carrier"].create({
            "name": "Colissimo à domicile", "delivery_type": "fixed", "fixed_price": 5.9,
            "product_id": self.fee.id, "is_published": True, "company_id": self.hub.id,
        })
        self.set_stock(self.store_lyon, {self.v38: 2})
        customer = new_test_user(self.env, login="camille", password="camille", name="Camille Durand",
                                 groups="base.group_portal", partner_id=self.customer.id)
        self.start_tour(self.sneaker.website_url, "marketplace_shop_delivery", login=customer.login)
        order = self.env["sale.order"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.transaction_ids.state, "authorized", "authorised, captured at delivery")
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v38: 1}})
        self.assertEqual(order.marketplace_order_ids.fulfilment, "ship")
