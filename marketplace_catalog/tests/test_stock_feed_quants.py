from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestStockFeedQuants(CatalogCommon, TransactionCase):
    """A feed writes the store's quants in one batch: the result must be what Odoo's own
    inventory adjustment gives, reservations included."""

    def feed(self, store, quantities, user=None, mode="delta"):
        Feed = self.env["marketplace.stock.feed"].with_user(user or self.user_lyon)
        return Feed.submit(store.marketplace_store_code, [
            {"barcode": product.barcode, "quantity": qty} for product, qty in quantities.items()
        ], mode=mode)

    def adjust_the_odoo_way(self, store, quantities):
        Quant = self.env["stock.quant"].with_company(store.company_id).with_context(inventory_mode=True)
        for product, qty in quantities.items():
            quant = Quant.create({"product_id": product.id, "location_id": store.lot_stock_id.id,
                                  "inventory_quantity": qty})
            quant.action_apply_inventory()

    def stock_picture(self, store):
        """Per product: quants in the store (quantity, reserved, count), on-hand seen by Odoo,
        the company's inventory-loss quants and valuation layers."""
        picture = {}
        for product in self.variants:
            product_c = product.with_company(store.company_id)
            loss = product_c.property_stock_inventory
            quants = self.env["stock.quant"].search([
                ("product_id", "=", product.id), ("location_id", "=", store.lot_stock_id.id)])
            loss_quants = self.env["stock.quant"].search([
                ("product_id", "=", product.id), ("location_id", "=", loss.id)])
            layers = self.env["stock.valuation.layer"].search([
                ("product_id", "=", product.id), ("company_id", "=", store.company_id.id)])
            picture[product.barcode] = {
                "quantity": sum(quants.mapped("quantity")),
                "reserved": sum(quants.mapped("reserved_quantity")),
                "quants": len(quants),
                "on_hand": product.with_context(warehouse_id=store.id).qty_available,
                "free": product.with_context(warehouse_id=store.id).free_qty,
                "inventory_loss": sum(loss_quants.mapped("quantity")),
                "loss_quants": len(loss_quants),
                "valued_qty": sum(layers.mapped("quantity")),
            }
        return picture

    def test_feed_equals_odoo_inventory_adjustment(self):
        steps = [
            {self.v38: 5, self.v39: 3},
            {self.v38: 2, self.v39: 3, self.v40: 4},
            {self.v38: 0, self.v40: 7, self.v405: 1},
        ]
        on_hand_before = self.v38.with_context(warehouse_id=self.store_lyon.id).qty_available
        for step in steps:
            self.feed(self.store_lyon, step)
            self.adjust_the_odoo_way(self.store_marseille, step)
        fed, adjusted = self.stock_picture(self.store_lyon), self.stock_picture(self.store_marseille)
        self.assertEqual(fed, adjusted)
        self.assertEqual(on_hand_before, 0)
        self.assertEqual(fed[self.v40.barcode]["on_hand"], 7)  # read through the ORM, same transaction
        self.assertEqual(fed[self.v38.barcode]["inventory_loss"], 0)
        self.assertEqual(fed[self.v40.barcode]["inventory_loss"], -7)
        moves = self.env["stock.move"].search([("origin", "like", "FEED"), ("company_id", "=", self.member_lyon.id)])
        self.assertEqual(len(moves), 7)  # one per changed line
        self.assertEqual(set(moves.mapped("state")), {"done"})
        self.assertEqual(set(moves.move_line_ids.mapped("state")), {"done"})

    def test_feed_below_reservation_frees_it_the_odoo_way(self):
        self.feed(self.store_lyon, {self.v38: 5, self.v39: 5})
        delivery = self.env["stock.picking"].with_company(self.member_lyon).create({
            "picking_type_id": self.store_lyon.out_type_id.id,
            "location_id": self.store_lyon.lot_stock_id.id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "move_ids": [(0, 0, {
                "name": product.display_name, "product_id": product.id, "product_uom_qty": 3,
                "product_uom": product.uom_id.id, "location_id": self.store_lyon.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            }) for product in (self.v38, self.v39)],
        })
        delivery.action_confirm()
        delivery.action_assign()
        self.assertEqual(delivery.state, "assigned")
        # Still covered: batched, the reservation stays.
        self.feed(self.store_lyon, {self.v38: 4, self.v39: 3})
        picture = self.stock_picture(self.store_lyon)
        self.assertEqual((picture[self.v38.barcode]["quantity"], picture[self.v38.barcode]["reserved"]), (4, 3))
        self.assertEqual((picture[self.v39.barcode]["quantity"], picture[self.v39.barcode]["reserved"]), (3, 3))
        self.assertEqual(delivery.state, "assigned")
        # Below the reservation: Odoo's own validation frees what the stock no longer covers.
        self.feed(self.store_lyon, {self.v38: 1})
        picture = self.stock_picture(self.store_lyon)
        self.assertEqual((picture[self.v38.barcode]["quantity"], picture[self.v38.barcode]["reserved"]), (1, 1))
        move_38 = delivery.move_ids.filtered(lambda m: m.product_id == self.v38)
        self.assertEqual(move_38.quantity, 1)
        self.assertEqual(delivery.state, "assigned")  # partially, the rest waits for stock
        self.assertEqual(move_38.state, "partially_available")
        self.assertEqual(picture[self.v38.barcode]["free"], 0)

    def test_new_quants_go_through_odoo_create(self):
        """Quants the batch has to create are made by stock.quant's create(), overrides included."""
        Quant = type(self.env["stock.quant"])
        with patch.object(Quant, "create", autospec=True, side_effect=Quant.create) as create:
            self.feed(self.store_lyon, {self.v38: 4, self.v39: 2})
        created = [vals for call in create.call_args_list for vals in call.args[1]]
        self.assertEqual({(vals["product_id"], vals["quantity"]) for vals in created
                          if vals["location_id"] == self.store_lyon.lot_stock_id.id},
                         {(self.v38.id, 4), (self.v39.id, 2)})

    def test_reservation_bypass_only_for_the_feeds_moves(self):
        def move(product):
            return self.env["stock.move"].create({
                "name": "Sortie", "product_id": product.id, "product_uom": product.uom_id.id, "product_uom_qty": 1,
                "location_id": self.store_lyon.lot_stock_id.id, "company_id": self.member_lyon.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            })
        feed_move, other = move(self.v38), move(self.v39)
        batch = {"moves": {feed_move.id}, "quants": {}}
        self.assertTrue(feed_move.with_context(marketplace_quant_batch=batch)._should_bypass_reservation())
        self.assertFalse(other.with_context(marketplace_quant_batch=batch)._should_bypass_reservation())

    def test_quants_indexed_by_product_and_location(self):
        """The feed looks each line's quant up by product and location: at a million quants, with
        stores holding 20,000 each, PostgreSQL needs an index on both (stock has one each)."""
        self.env.cr.execute("""
            SELECT array_agg(a.attname ORDER BY k.ord)
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON TRUE
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indrelid = 'stock_quant'::regclass
          GROUP BY c.relname""")
        self.assertIn(["product_id", "location_id"], [row[0] for row in self.env.cr.fetchall()])
