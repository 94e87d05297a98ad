"""Issue 20: members are competitors and the hub's customers are the hub's (GDPR) — a member,
as the real user over XML-RPC, reads a customer only while it serves (served, must return) one
of its orders, and nothing of the other members: not by the doors around the record rules."""
import xmlrpc.client

from odoo.addons.marketplace_base.tests.common import run_migration
from odoo.tests import HttpCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestPrivacyXmlrpc(OrdersCommon, HttpCase):

    def setUp(self):
        super().setUp()
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v39: 1, self.v40: 1})
        self.order = self.make_order({self.v39: 1})
        self.lyon_order = self.order.marketplace_order_ids
        self.assertEqual(self.lyon_order.store_id, self.store_lyon)
        self.other_order = self.make_order({self.v40: 1}, customer=self.customer_paris)
        self.assertEqual(self.other_order.marketplace_order_ids.store_id, self.store_marseille)

    def refuse_at_lyon(self):
        self.call("marketplace.order", "marketplace_refuse", self.lyon_order.ids, "out_of_stock", "Plus en rayon")
        taken = self.order.marketplace_order_ids - self.lyon_order
        self.assertEqual(taken.store_id, self.store_marseille)
        return taken

    def test_followers_and_notifications_show_only_own_documents(self):
        """Item 1: the followers of the hub's orders are its customers (name, e-mail); those of
        other members' orders count their sales — a member reads the followers of the documents
        it reads, and its own notifications."""
        self.assertTrue(self.order.message_follower_ids, "Odoo made the customer follow the hub's order")
        rows = self.call("mail.followers", "search_read",
                         [("res_model", "in", ["sale.order", "marketplace.order", "res.partner"])],
                         fields=["res_model", "res_id", "name", "email"])
        self.assertFalse([row for row in rows if row["res_model"] == "sale.order"], "the hub's orders' followers")
        self.assertEqual({row["res_id"] for row in rows if row["res_model"] == "marketplace.order"},
                         set(self.lyon_order.ids), "its own member orders only")
        self.assertNotIn("Louis Martin", {row["name"] for row in rows})
        others = self.other_order.marketplace_order_ids.ids
        self.assertEqual(self.call("mail.followers", "search_count",
                                   [("res_model", "=", "marketplace.order"), ("res_id", "in", others)]), 0)
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("mail.followers", "read", self.order.message_follower_ids[:1].ids, ["name", "email"])
        notifications = self.call("mail.notification", "search_read", [], fields=["res_partner_id"])
        self.assertEqual({row["res_partner_id"][0] for row in notifications} - {self.user_lyon.partner_id.id}, set())

    def test_a_website_customer_is_private_from_sign_up(self):
        """Item 2: a visitor signs up and fills *My account*, the website makes a delivery
        address at checkout: no member reads them before any order."""
        user = self.env["res.users"].with_context(no_reset_password=True)._signup_create_user({
            "login": "zoe.petit@example.fr", "name": "Zoé Petit", "password": "client-pass-2026"})
        user.partner_id.write({"phone": "06 98 76 54 32", "street": "3 rue Mercière", "zip": "69002", "city": "Lyon"})
        address = self.env["res.partner"].with_user(user).sudo().create({
            "name": "Zoé Petit", "parent_id": user.partner_id.id, "type": "delivery",
            "street": "10 quai Saint-Antoine", "zip": "69002", "city": "Lyon"})
        for partner in (user.partner_id, address):
            self.assertFalse(self.call("res.partner", "search", [("id", "=", partner.id)]), partner.name)
        self.assertFalse(self.call("res.partner", "search", [("name", "ilike", "Zoé Petit")]))
        self.assertFalse(self.call("res.partner", "name_search", "Zoé"))
        # A member's own contacts stay its own.
        supplier = self.env["res.partner"].create({"name": "Fournisseur Lyon", "company_id": self.member_lyon.id})
        self.assertEqual(self.call("res.partner", "search", [("id", "=", supplier.id)]), supplier.ids)

    def test_a_member_loses_the_customer_with_the_order(self):
        """Item 3: refused, the order goes to Marseille — Lyon no longer reads the customer (nor
        through its refused order, nor through its cancelled picking) and cannot learn who took it."""
        self.assertEqual(self.call("res.partner", "search", [("id", "=", self.customer.id)]), self.customer.ids)
        self.refuse_at_lyon()
        self.assertFalse(self.call("res.partner", "search", [("id", "=", self.customer.id)]))
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("res.partner", "read", self.customer.ids, ["phone"])
        refused = self.call("marketplace.order", "read", self.lyon_order.ids,
                            ["customer_name", "customer_street", "customer_phone", "customer_email"])[0]
        self.assertEqual([refused[name] for name in ("customer_street", "customer_phone", "customer_email")],
                         [False, False, False])
        picking = self.call("stock.picking", "search_read", [("id", "=", self.lyon_order.picking_id.id)],
                            fields=["partner_id"])
        self.assertFalse(picking and picking[0]["partner_id"], "no customer on the cancelled picking")
        self.assertFalse(self.call("res.partner", "search",
                                   [("marketplace_member_company_ids", "in", [self.member_marseille.id])]),
                         "nothing about who took it")
        # Marseille, now serving, reads the customer.
        self.assertEqual(self.call("res.partner", "search", [("id", "=", self.customer.id)], login="vieuxport"),
                         self.customer.ids)

    def test_the_hub_tells_the_next_member_not_the_one_that_refused(self):
        """Item 4: the order re-routed by Lyon's refusal reaches Marseille from the hub: no message,
        activity or e-mail of it is Lyon's."""
        taken = self.refuse_at_lyon()
        self.assertTrue(taken.message_ids and taken.activity_ids)
        self.assertNotIn(self.user_lyon.partner_id, taken.message_ids.author_id)
        self.assertNotIn(self.user_lyon, taken.message_ids.create_uid | taken.activity_ids.create_uid)
        mails = self.env["mail.mail"].search([("model", "=", "marketplace.order"), ("res_id", "=", taken.id)])
        self.assertNotIn(self.user_lyon.partner_id, mails.author_id)
        self.assertFalse(self.call("mail.message", "search", [("model", "=", "marketplace.order"),
                                                              ("res_id", "=", taken.id)]))

    def test_members_do_not_meet_in_discuss(self):
        """Item 5: members see the hub's staff, not each other's staff, and are not put in a
        channel with every competitor."""
        general = self.env.ref("mail.channel_all_employees")
        self.assertNotIn(self.user_lyon.partner_id, general.channel_member_ids.partner_id)
        users = self.call("res.users", "search", [])
        self.assertNotIn(self.user_marseille.id, users)
        self.assertIn(self.animator_user.id, users, "the hub's staff")
        self.assertFalse(self.call("res.partner", "search", [("id", "=", self.user_marseille.partner_id.id)]))
        self.assertTrue(self.call("res.partner", "search", [("id", "=", self.animator_user.partner_id.id)]))
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("discuss.channel", "read", general.ids, ["name"])
        # No direct conversation with another member's staff either.
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("discuss.channel", "channel_get", partners_to=[self.user_marseille.partner_id.id])

    def test_a_written_partner_shows_no_name(self):
        """Item 5: a member writing another's customer on its own delivery (to read the name back
        from the many2one) is refused."""
        picking = self.lyon_order.picking_id
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("stock.picking", "write", picking.ids, {"partner_id": self.customer_paris.id})
        self.assertEqual(picking.partner_id, self.customer)

    def test_every_door_shows_only_what_its_orders_justify(self):
        """Proven by: for each model holding personal data or business figures, what Lyon's user
        reads over XML-RPC belongs to Lyon or to what its orders justify; the hub's other
        customers, other members' orders and staff never appear."""
        self.refuse_at_lyon()  # the customer is Marseille's now
        private = self.customer | self.customer_paris
        lyon = self.member_lyon
        checks = {
            "res.partner": lambda records: not (records & private) and not (
                records.user_ids.filtered(lambda user: user.company_id not in lyon | self.hub)),
            "res.users": lambda records: all(user.company_id in lyon | self.hub for user in records),
            "mail.followers": lambda records: not (records.partner_id & private),
            "mail.message": lambda records: not (records.author_id & private) and not (
                records.filtered(lambda m: m.model == "sale.order")),
            "mail.activity": lambda records: not records.filtered(lambda a: a.res_model == "sale.order"),
            "mail.notification": lambda records: records.res_partner_id <= self.user_lyon.partner_id,
            "ir.attachment": lambda records: not records.filtered(
                lambda a: a.res_model and a.res_id and a.res_model in self.env
                and not self.env[a.res_model].browse(a.res_id).with_user(self.user_lyon).has_access("read")),
            "stock.picking": lambda records: records.company_id <= lyon and not (records.partner_id & private),
            "stock.move": lambda records: records.company_id <= lyon and not (records.partner_id & private),
            "marketplace.order": lambda records: records.company_id <= lyon,
            "sale.order": lambda records: not records,
            "account.move": lambda records: records.company_id <= lyon,
            "marketplace.stock.feed": lambda records: records.store_id.company_id <= lyon,
            "pos.order": lambda records: records.company_id <= lyon,
            "payment.transaction": lambda records: not records,
            "discuss.channel": lambda records: all(
                self.user_lyon.partner_id in channel.channel_member_ids.partner_id for channel in records),
        }
        for model, holds in checks.items():
            try:
                ids = self.call(model, "search", [])
            except xmlrpc.client.Fault as fault:
                self.assertEqual(fault.faultCode, 4, f"{model}: {fault.faultString}")  # no access at all
                continue
            records = self.env[model].browse(ids)
            self.assertTrue(holds(records), f"{model}: {records}")
        # The same doors for a customer signed up on the website: nothing of anybody else.
        portal = self.env["res.users"].with_context(no_reset_password=True)._signup_create_user({
            "login": "zoe.petit@example.fr", "name": "Zoé Petit", "password": "client-pass-2026"})
        for model in ("res.partner", "res.users", "mail.followers", "mail.message", "marketplace.order",
                      "sale.order", "stock.picking", "account.move", "marketplace.settlement"):
            try:
                ids = self.call(model, "search", [], login=portal.login, password="client-pass-2026")
            except xmlrpc.client.Fault:
                continue
            records = self.env[model].browse(ids)
            if model == "res.partner":
                self.assertFalse(records & private, model)
            elif model == "res.users":
                self.assertLessEqual(records, portal, model)
            elif model == "mail.followers":
                self.assertFalse(records.partner_id & private, model)
            elif model == "mail.message":
                self.assertFalse(records.author_id & private, model)
            else:
                self.assertFalse(records, model)

    def test_the_upgrade_makes_existing_customers_private(self):
        """The customers who signed up before 18.0.1.1.0 (and their addresses) are private after
        the upgrade; the deliveries of orders refused before forget their customer."""
        user = self.env["res.users"].with_context(no_reset_password=True)._signup_create_user({
            "login": "zoe.petit@example.fr", "name": "Zoé Petit", "password": "client-pass-2026"})
        address = self.env["res.partner"].create({"name": "Zoé Petit", "parent_id": user.partner_id.id,
                                                  "type": "delivery", "city": "Lyon"})
        picking = self.lyon_order.picking_id
        self.refuse_at_lyon()
        self.env.cr.execute("UPDATE res_partner SET marketplace_hub_customer = FALSE WHERE id IN %s",
                            [tuple((user.partner_id | address).ids)])
        self.env.cr.execute("UPDATE stock_picking SET partner_id = %s WHERE id = %s", [self.customer.id, picking.id])
        self.env.invalidate_all()
        self.assertTrue(self.call("res.partner", "search", [("id", "=", user.partner_id.id)]))
        run_migration(self.env, "marketplace_orders", "18.0.1.1.0")
        self.assertTrue(user.partner_id.marketplace_hub_customer and address.marketplace_hub_customer)
        self.assertFalse(self.call("res.partner", "search", [("id", "in", (user.partner_id | address).ids)]))
        self.assertFalse(picking.partner_id)

    def test_no_name_through_onchange_followers_or_line_names(self):
        """Review of item 5: an onchange of a new record computes related fields as the hub; a
        follower added to its own delivery would show any contact's name and e-mail; Odoo names a
        customer order line with its customer — a member gets none of them."""
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("mail.followers", "onchange", [], {"partner_id": self.customer_paris.id}, ["partner_id"],
                      {"name": {}, "email": {}})
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("stock.picking", "onchange", [], {"partner_id": self.customer_paris.id}, ["partner_id"],
                      {"partner_id": {"fields": {"display_name": {}}}})
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("marketplace.order", "onchange", [], {"sale_order_id": self.other_order.id}, ["sale_order_id"],
                      {"customer_name": {}, "customer_phone": {}})
        picking = self.lyon_order.picking_id
        self.call("stock.picking", "message_subscribe", picking.ids, partner_ids=[self.customer_paris.id])
        self.assertNotIn(self.customer_paris, picking.message_partner_ids)
        message = picking.with_user(self.user_lyon).message_post(
            body="Bonjour", message_type="comment", subtype_xmlid="mail.mt_comment",
            partner_ids=[self.customer_paris.id])  # (a message does not travel over XML-RPC)
        self.assertNotIn(self.customer_paris, message.partner_ids)
        self.refuse_at_lyon()
        line = self.call("marketplace.order.line", "read", self.lyon_order.line_ids.ids, ["sale_line_id"])[0]
        self.assertNotIn(self.customer.name, line["sale_line_id"][1])
        with self.assertRaises(xmlrpc.client.Fault, msg="members export nothing (Odoo's export right)"):
            self.call("marketplace.order", "export_data", self.lyon_order.ids, ["customer_name"])
        self.assertFalse(self.call("marketplace.order", "search", [("id", "=", self.lyon_order.id),
                                                                   ("customer_name", "=", self.customer.name)]))

