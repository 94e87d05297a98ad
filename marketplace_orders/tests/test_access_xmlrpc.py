import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestOrderAccessXmlrpc(OrdersCommon, HttpCase):
    """A member's shop software (or the member in Odoo) as the real user over XML-RPC: its own
    member orders only, the hub's customers only through them, no routing."""

    def setUp(self):
        super().setUp()
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 2})
        self.order = self.make_order({self.v39: 1, self.v40: 1})
        self.lyon_order = self.order.marketplace_order_ids.filtered(lambda o: o.store_id == self.store_lyon)
        self.marseille_order = self.order.marketplace_order_ids - self.lyon_order
        self.other_customer = self.make_order({self.v40: 1}, customer=self.customer_paris).partner_id

    def test_member_lists_accepts_ships_its_own_orders(self):
        orders = self.call("marketplace.order", "search_read", [("state", "=", "assigned")],
                           fields=["name", "customer_name", "customer_city", "line_ids"])
        self.assertEqual([o["name"] for o in orders], [self.lyon_order.name])
        self.assertEqual(orders[0]["customer_city"], "Villeurbanne")
        lines = self.call("marketplace.order.line", "read", orders[0]["line_ids"], fields=["barcode", "quantity"])
        self.assertEqual([(line["barcode"], line["quantity"]) for line in lines], [(self.v39.barcode, 1.0)])
        self.call("marketplace.order", "action_accept", self.lyon_order.ids)
        self.call("marketplace.order", "marketplace_ship", self.lyon_order.ids, "6A0009")
        self.assertEqual(self.lyon_order.state, "shipped")
        self.assertEqual(self.lyon_order.tracking_ref, "6A0009")
        with self.assertRaisesRegex(xmlrpc.client.Fault, "already been shipped"):
            self.call("marketplace.order", "marketplace_ship", self.lyon_order.ids, "6A0010")

    def test_member_refuses_with_a_reason(self):
        with self.assertRaisesRegex(xmlrpc.client.Fault, "Unknown refusal reason"):
            self.call("marketplace.order", "marketplace_refuse", self.lyon_order.ids, "bored")
        self.call("marketplace.order", "marketplace_refuse", self.lyon_order.ids, "out_of_stock", "Plus en rayon")
        self.assertEqual(self.lyon_order.state, "refused")
        self.assertEqual(self.lyon_order.refuse_note, "Plus en rayon")

    def assert_access_denied(self, model, method, ids, *args):
        """The call is refused for access (AccessError, fault 4), not for any other reason."""
        with self.assertRaises(xmlrpc.client.Fault, msg=method) as caught:
            self.call(model, method, ids, *args)
        self.assertEqual(caught.exception.faultCode, 4, f"{method}: {caught.exception.faultString}")

    def test_member_cannot_touch_other_members_orders_nor_the_hubs(self):
        # Marseille's order accepted: shipping it is a valid step for its own member, refused to
        # Lyon for access only.
        self.marseille_order.with_user(self.user_marseille).action_accept()
        for method, args in (("read", [["name"]]), ("marketplace_ship", ["6A1"]), ("action_ready", []),
                             ("marketplace_refuse", ["other"])):
            self.assert_access_denied("marketplace.order", method, self.marseille_order.ids, *args)
        # Its own order: members write no order field (every change goes through the actions).
        self.assert_access_denied("marketplace.order", "write", self.lyon_order.ids, {"state": "delivered"})
        self.assert_access_denied("sale.order", "read", self.order.ids, ["name"])
        self.assert_access_denied("sale.order", "action_marketplace_route", self.order.ids)
        self.assertEqual(self.marseille_order.state, "accepted")
        self.assertFalse(self.marseille_order.tracking_ref)

    def test_customers_only_through_own_orders(self):
        found = self.call("res.partner", "search", [("id", "in", [self.customer.id, self.other_customer.id])])
        self.assertEqual(found, [self.customer.id], "its own order's customer, not the other one")
        self.assertFalse(self.call("res.partner", "search", [("name", "ilike", "Louis Martin")]))
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("res.partner", "read", self.other_customer.ids, ["name", "email"])
        # Marseille's user sees its own customers only too; animators see every one
        self.assertEqual(self.call("res.partner", "search", [("id", "=", self.other_customer.id)],
                                   login="vieuxport"), self.other_customer.ids)
        self.animator_user.password = "mkt_animator"
        self.assertEqual(len(self.call("res.partner", "search", [("id", "in", [
            self.customer.id, self.other_customer.id])], login="mkt_animator", password="mkt_animator")), 2)
        # a member's own contacts (and colleagues) are untouched
        supplier = self.env["res.partner"].create({"name": "Fournisseur Lyon", "company_id": self.member_lyon.id})
        self.assertEqual(self.call("res.partner", "search", [("id", "=", supplier.id)]), supplier.ids)

    def test_animator_reassigns_members_cannot(self):
        self.animator_user.password = "mkt_animator"
        animator = {"login": "mkt_animator", "password": "mkt_animator"}
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        # members: no reassignment, no cancellation (not even of their own orders), no other cards
        with self.assertRaisesRegex(xmlrpc.client.Fault, "Only marketplace animators"):
            self.call("marketplace.order", "action_marketplace_reassign", self.lyon_order.ids)
        for model, values in (("marketplace.order.reassign", {"store_id": self.store_villeurbanne.id}),
                              ("marketplace.order.cancel", {"reason": "Non"})):
            for order in (self.lyon_order, self.marseille_order):
                with self.assertRaises(xmlrpc.client.Fault, msg=model):
                    self.call(model, "create", {"order_id": order.id, **values})
        cards = self.call("marketplace.order", "search_read", [],
                          fields=["name", "store_id", "company_id", "customer_city", "amount_total", "deadline"])
        self.assertEqual({card["name"] for card in cards}, {self.lyon_order.name})
        self.assertEqual(self.call("marketplace.order", "search_count", [("is_overdue", "=", False)]), 1)
        # the animator moves Lyon's order to Villeurbanne
        wizard_id = self.call("marketplace.order.reassign", "create", {"store_id": self.store_villeurbanne.id},
                              context={"default_order_id": self.lyon_order.id}, **animator)
        self.call("marketplace.order.reassign", "action_confirm", [wizard_id], **animator)
        self.assertEqual(self.lyon_order.state, "cancelled")
        self.assertIn(self.store_villeurbanne, self.order.marketplace_order_ids.filtered(
            lambda o: o.state == "assigned").store_id)

    def test_a_suspended_or_closed_member_reads_but_works_nothing(self):
        """Issue 18, case 2, as the shop software would: suspended, the member's orders not yet
        accepted go elsewhere, the accepted one is the animators'; its calls are refused with a
        clear message (fault 2), its reads still answer; closed, its feed is refused too."""
        self.call("marketplace.order", "action_accept", self.lyon_order.ids)
        self.call("res.company", "action_marketplace_suspend", self.member_lyon.ids,
                  login="mkt_admin", password="mkt_admin")
        for method, args in (("marketplace_ship", ["6A0018"]), ("action_ready", []), ("action_deliver", [])):
            with self.assertRaises(xmlrpc.client.Fault, msg=method) as refused:
                self.call("marketplace.order", method, self.lyon_order.ids, *args)
            self.assertEqual(refused.exception.faultCode, 2, refused.exception.faultString)
            self.assertIn("suspended", refused.exception.faultString)
        orders = self.call("marketplace.order", "search_read", [], fields=["name", "state"])
        self.assertEqual([(o["name"], o["state"]) for o in orders], [(self.lyon_order.name, "accepted")])
        self.call("res.company", "action_marketplace_close", self.member_lyon.ids,
                  login="mkt_admin", password="mkt_admin")
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self.call("marketplace.stock.feed", "submit", self.store_lyon.marketplace_store_code,
                      [{"barcode": self.v39.barcode, "quantity": 4}])
        self.assertEqual(refused.exception.faultCode, 2, refused.exception.faultString)
        self.assertEqual(self.lyon_order.state, "accepted")
