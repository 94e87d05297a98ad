from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestOrderAccess(OrdersCommon, TransactionCase):

    def test_members_see_and_act_on_their_own_orders_only(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 1})
        order = self.make_order({self.v39: 1, self.v40: 1})
        lyon_order = order.marketplace_order_ids.filtered(lambda o: o.store_id == self.store_lyon)
        marseille_order = order.marketplace_order_ids - lyon_order
        Orders = self.env["marketplace.order"].with_user(self.user_lyon)
        self.assertEqual(Orders.search([]), lyon_order)
        # what the member needs of the customer, through its own order
        self.assertEqual(lyon_order.with_user(self.user_lyon).customer_city, "Villeurbanne")
        with self.assertRaises(AccessError):
            marseille_order.with_user(self.user_lyon).read(["name"])
        with self.assertRaises(AccessError):
            marseille_order.with_user(self.user_lyon).action_accept()
        with self.assertRaises(AccessError):
            lyon_order.with_user(self.user_lyon).write({"state": "delivered"})
        with self.assertRaises(AccessError):
            order.with_user(self.user_lyon).read(["name"])
        # the screen's filters work for a member too (related to the customer order, computed now)
        for domain in ([("has_unassigned", "=", False)], [("is_overdue", "=", False)], [("is_due_soon", "=", False)],
                       [("customer_name", "ilike", "Camille")]):
            self.assertEqual(Orders.search(domain), lyon_order, domain)
        # animators see every order and route again
        self.assertEqual(self.env["marketplace.order"].with_user(self.animator_user).search(
            [("sale_order_id", "=", order.id)]), order.marketplace_order_ids)

    def test_only_animators_route(self):
        order = self.make_order({self.v39: 1})
        with self.assertRaisesRegex(AccessError, "animators"):
            order.with_user(self.user_lyon).action_marketplace_route()

    def test_new_member_login_opens_on_marketplace_orders(self):
        self.assertEqual(self.user_lyon.action_id.id, self.env.ref("marketplace_orders.action_marketplace_order").id)
