from odoo.tests import TransactionCase, tagged

from .common import OrdersCommon


@tagged("post_install", "-at_install")
class TestRouting(OrdersCommon, TransactionCase):

    def test_whole_order_store_beats_nearer_store_with_one_size(self):
        self.set_stock(self.store_villeurbanne, {self.v39: 3})
        self.set_stock(self.store_lyon, {self.v39: 1, self.v40: 1})
        self.set_stock(self.store_marseille, {self.v39: 5, self.v40: 5})
        order = self.make_order({self.v39: 1, self.v40: 1})
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v39: 1, self.v40: 1}})
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.state, "assigned")
        self.assertEqual(member_order.company_id, self.member_lyon)
        self.assertEqual(member_order.fulfilment, "ship")
        # the pairs are reserved in the store at once: the website and the POS see them gone
        self.assertEqual(member_order.picking_id.state, "assigned")
        self.assertEqual(member_order.picking_id.company_id, self.member_lyon)
        self.assertEqual(self.store_lyon._marketplace_available_qty(self.v39 | self.v40), {})
        # the hub ships nothing itself
        self.assertFalse(order.picking_ids)
        self.assertFalse(self.env["stock.picking"].search(
            [("company_id", "=", self.hub.id), ("origin", "=", order.name)]))
        self.assertFalse(order.marketplace_unassigned)
        # the decision in words
        note = str(order.marketplace_routing_note)
        self.assertIn("T001-01", note)
        self.assertIn("the nearest store that has the whole order", note)
        self.assertIn("km", note)

    def test_nearest_store_with_everything(self):
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.make_order({self.v39: 1})
        self.assertEqual(self.legs(order), {self.store_villeurbanne: {self.v39: 1}})

    def test_split_between_two_stores(self):
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v40: 1})
        order = self.make_order({self.v39: 1, self.v40: 1})
        self.assertEqual(self.legs(order),
                         {self.store_villeurbanne: {self.v39: 1}, self.store_marseille: {self.v40: 1}})
        self.assertEqual(len(order.marketplace_order_ids), 2)
        amounts = order.marketplace_order_ids.mapped("amount_total")
        self.assertAlmostEqual(sum(amounts), sum(order.order_line.mapped("price_total")), places=2)

    def test_nothing_to_serve_waits_unassigned(self):
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.make_order({self.v39: 3, self.v40: 1})
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v39: 1}})
        self.assertTrue(order.marketplace_unassigned)
        missing = {line.product_id: line.marketplace_missing_qty for line in order.order_line}
        self.assertEqual(missing, {self.v39: 2, self.v40: 1})
        unassigned = self.env["sale.order.line"].search([("marketplace_missing_qty", ">", 0)])
        self.assertEqual(unassigned, order.order_line)
        self.assertIn("Unassigned", str(order.marketplace_routing_note))
        # stock arrives, an animator routes again
        self.set_stock(self.store_marseille, {self.v39: 2, self.v40: 1})
        order.with_user(self.animator_user).action_marketplace_route()
        self.assertFalse(order.marketplace_unassigned)
        self.assertEqual(self.legs(order)[self.store_marseille], {self.v39: 2, self.v40: 1})

    def test_the_customer_is_written_to_in_french(self):
        """Issue 23: a French customer's e-mails are in French (the templates' translations)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["marketplace_orders"], ["fr_FR"], overwrite=True)
        self.customer.write({"lang": "fr_FR", "email": "camille.durand@example.fr"})
        order = self.make_order({self.v40: 1})
        self.assertTrue(order.marketplace_unassigned)
        mail = self.env["mail.mail"].search([("subject", "ilike", order.name)])
        self.assertEqual(mail.subject, f"Votre commande {order.name} : nous cherchons certains articles")
        self.assertIn("Bonjour", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.customer)

    def test_services_and_fees_are_not_routed(self):
        service = self.env["product.product"].create({"name": "Emballage cadeau", "type": "service", "list_price": 3})
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.make_order({self.v39: 1, service: 1})
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v39: 1}})
        self.assertFalse(order.marketplace_unassigned)

    def test_store_that_does_not_ship_or_is_closed_is_no_candidate(self):
        self.set_stock(self.store_villeurbanne, {self.v39: 1})
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.store_villeurbanne.marketplace_ship = False
        order = self.make_order({self.v39: 1})
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v39: 1}})
        self.member_lyon.marketplace_state = "suspended"
        order = self.make_order({self.v39: 1})
        self.assertFalse(self.legs(order))
        self.assertTrue(order.marketplace_unassigned)

    def test_address_without_coordinates(self):
        nowhere = self.env["res.partner"].create({"name": "Client sans adresse"})
        self.set_stock(self.store_lyon, {self.v39: 1})
        order = self.make_order({self.v39: 1}, customer=nowhere)
        self.assertEqual(self.legs(order), {self.store_lyon: {self.v39: 1}})
        self.assertIn("no coordinates", str(order.marketplace_routing_note))

    def test_rules_maximum_distance_and_daily_capacity(self):
        Rule = self.env["marketplace.routing.rule"]
        Rule.search([]).active = False
        near = Rule.create({"name": "Proximité", "sequence": 1, "max_distance_km": 50})
        self.set_stock(self.store_marseille, {self.v39: 5})
        order = self.make_order({self.v39: 1})
        self.assertFalse(self.legs(order))
        self.assertIn("further than", str(order.marketplace_routing_note))
        near.max_distance_km = 0
        near.daily_capacity = 1
        order = self.make_order({self.v39: 1})
        self.assertEqual(self.legs(order), {self.store_marseille: {self.v39: 1}})
        order = self.make_order({self.v39: 1})
        self.assertFalse(self.legs(order))
        self.assertIn("daily capacity", str(order.marketplace_routing_note))

    def test_delivered_quantities_follow_the_member_picking(self):
        self.set_stock(self.store_lyon, {self.v39: 2})
        order = self.make_order({self.v39: 2})
        member_order = order.marketplace_order_ids
        member_order.with_user(self.user_lyon).action_accept()
        member_order.with_user(self.user_lyon).action_ready()
        self.env["marketplace.order.ship"].with_user(self.user_lyon).create({
            "order_id": member_order.id, "tracking_ref": "6A12345678901"}).action_confirm()
        self.assertEqual(member_order.state, "shipped")
        self.assertEqual(member_order.picking_id.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2)
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 0)
        # the hub invoices on delivered quantities, the standard way
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.quantity, 2)

    def test_orders_confirmed_before_the_marketplace_keep_the_hubs_delivery(self):
        """An order the hub confirmed before installing the module is not routed, nor waiting in
        the Unassigned queue (Odoo's own demo orders, a hub's past orders)."""
        self.set_stock(self.store_lyon, {self.v39: 5})
        order = self.make_order({self.v39: 1}, confirm=False)
        # As before the module: confirmed without routing (Odoo's delivery comes below).
        order.with_context(skip_procurement=True).action_confirm()
        order.marketplace_order_ids.unlink()
        order.marketplace_routed = False
        order.order_line._compute_marketplace_missing_qty()
        self.assertEqual(order.order_line.marketplace_missing_qty, 0)
        self.assertNotIn(order.order_line, self.env["sale.order.line"].search([("marketplace_missing_qty", ">", 0)]))
        # The order changes (one more pair): Odoo's own rule delivers it from the hub's warehouse,
        # no member order is made.
        order.with_company(self.hub).order_line.product_uom_qty = 2
        hub_warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.hub.id)], limit=1)
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, hub_warehouse)
        self.assertEqual(sum(order.picking_ids.move_ids.mapped("product_uom_qty")), 2, "nothing was procured before")
        self.assertFalse(order.marketplace_order_ids)

    def test_a_members_own_sale_order_keeps_odoos_delivery(self):
        """A member's own sale order (its shop's customers, typed in Odoo by its sales staff) is
        never routed: Odoo delivers it from the member's warehouse."""
        customer = self.env["res.partner"].create({"name": "Client du magasin", "company_id": self.member_lyon.id})
        order = self.env["sale.order"].with_company(self.member_lyon).create({
            "partner_id": customer.id,
            "company_id": self.member_lyon.id,
            "order_line": [(0, 0, {"product_id": self.v39.id, "product_uom_qty": 1})],
        })
        order.action_confirm()
        self.assertFalse(order.marketplace_routed)
        self.assertFalse(order.sudo().marketplace_order_ids)
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id.company_id, self.member_lyon)
        self.assertEqual(order.picking_ids.move_ids.product_id, self.v39)
