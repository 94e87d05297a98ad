import json

from odoo.addons.marketplace_orders.tests.common import OrdersCommon


class CollectCommon(OrdersCommon):
    """The orders' network (Lyon, Marseille, Villeurbanne shops) behind the hub's website, whose
    pick-up method offers the network's shops."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([("company_id", "=", cls.hub.id)], limit=1)
        cls.pickup = cls.env.ref("website_sale_collect.carrier_pick_up_in_store")
        cls.sneaker.sudo().is_published = True

    def cart(self, quantities, customer=None):
        order = self.env["sale.order"].with_company(self.hub).create({
            "partner_id": (customer or self.customer).id,
            "company_id": self.hub.id,
            "website_id": self.website.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": qty})
                           for product, qty in quantities.items()],
        })
        return order.with_env(self.env)  # without the hub as active company: users act on it next

    def choose(self, order, store):
        order.set_delivery_line(self.pickup, 0.0)
        order._set_pickup_location(json.dumps({"id": store.id}))
