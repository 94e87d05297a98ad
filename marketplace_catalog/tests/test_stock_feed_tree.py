from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from ..utils import make_ean13
from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestStockFeedTree(CatalogCommon, TransactionCase):
    """A store's stock is everything its stock location tree holds: sub-locations, lots,
    packages, owners. A feed leaves exactly the fed quantity there, never a negative quant,
    and frees the reservations the new stock no longer covers the way Odoo frees them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock = cls.store_lyon.lot_stock_id
        cls.shelf = cls.env["stock.location"].create({
            "name": "Réserve", "location_id": cls.stock.id, "company_id": cls.member_lyon.id})
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.Quant = cls.env["stock.quant"].sudo()
        # Shop owners, who make their own products.
        manager = cls.env.ref("stock.group_stock_manager")
        (cls.user_lyon | cls.user_marseille).groups_id |= manager

    def feed(self, lines, mode="delta", user=None):
        Feed = self.env["marketplace.stock.feed"].with_user(user or self.user_lyon)
        return Feed.submit(self.store_lyon.marketplace_store_code, lines, mode=mode)

    def put(self, product, qty, location=None, **quant_values):
        self.Quant._update_available_quantity(product, location or self.stock, qty, **quant_values)

    def tree_quants(self, product):
        return self.Quant.search([("product_id", "=", product.id), ("location_id", "child_of", self.stock.id)])

    def assert_tree(self, product, qty):
        quants = self.tree_quants(product)
        self.assertEqual(sum(quants.mapped("quantity")), qty)
        self.assertEqual(self.store_qty(self.store_lyon, product), qty)
        self.assertFalse(quants.filtered(lambda q: q.quantity < 0), "no quant goes negative")
        self.assertGreaterEqual(product.with_context(location=self.stock.id).free_qty, 0)

    def test_stock_in_a_sub_location(self):
        self.put(self.v38, 5, self.shelf)
        report = self.feed([{"barcode": self.v38.barcode, "quantity": 2}])
        self.assertEqual(report["applied"], 1)
        self.assert_tree(self.v38, 2)
        self.assertEqual(self.v38.with_context(location=self.shelf.id).qty_available, 2)
        self.assertEqual(self.v38.with_context(location=self.stock.id).free_qty, 2)

    def test_packages_and_owners_count(self):
        package = self.env["stock.quant.package"].create({"name": "Carton 12"})
        owner = self.env["res.partner"].create({"name": "Dépôt fournisseur Pataugas"})
        self.put(self.v38, 2, package_id=package)
        self.put(self.v38, 1, owner_id=owner)
        self.put(self.v38, 1, self.shelf)
        report = self.feed([{"barcode": self.v38.barcode, "quantity": 4}])
        self.assertEqual((report["applied"], report["unchanged"]), (0, 1), "the tree already holds 4")
        self.feed([{"barcode": self.v38.barcode, "quantity": 1}])
        self.assert_tree(self.v38, 1)
        self.feed([{"barcode": self.v38.barcode, "quantity": 6}])
        self.assert_tree(self.v38, 6)

    def test_lots(self):
        boot = self.env["product.template"].create({
            "name": "Botte de pluie Aigle", "marketplace_catalog": True, "is_storable": True, "tracking": "lot",
        }).product_variant_id
        boot.barcode = make_ean13(777)
        lot = self.env["stock.lot"].create({"name": "LOT-2026-11", "product_id": boot.id,
                                            "company_id": self.member_lyon.id})
        self.put(boot, 3, self.shelf, lot_id=lot)
        self.feed([{"barcode": boot.barcode, "quantity": 1}])
        self.assert_tree(boot, 1)
        self.assertEqual(self.tree_quants(boot).filtered("lot_id").quantity, 1)
        self.feed([{"barcode": boot.barcode, "quantity": 4}])
        self.assert_tree(boot, 4)

    def test_reservation_in_a_sub_location_freed_the_odoo_way(self):
        self.put(self.v38, 3, self.shelf)
        delivery = self.env["stock.picking"].with_company(self.member_lyon).create({
            "picking_type_id": self.store_lyon.out_type_id.id,
            "location_id": self.stock.id, "location_dest_id": self.customers.id,
            "move_ids": [(0, 0, {
                "name": self.v38.display_name, "product_id": self.v38.id, "product_uom_qty": 2,
                "product_uom": self.v38.uom_id.id, "location_id": self.stock.id,
                "location_dest_id": self.customers.id,
            })],
        })
        delivery.action_confirm()
        delivery.action_assign()
        self.assertEqual(delivery.move_ids.quantity, 2)
        self.feed([{"barcode": self.v38.barcode, "quantity": 1}])
        self.assert_tree(self.v38, 1)
        self.assertEqual(delivery.move_ids.quantity, 1, "the reservation follows the stock")
        self.assertEqual(delivery.move_ids.state, "partially_available")
        self.assertEqual(sum(self.tree_quants(self.v38).mapped("reserved_quantity")), 1)

    def test_full_feed_leaves_the_members_own_products(self):
        own = self.env["product.product"].with_user(self.user_lyon).create({
            "name": "Cirage incolore", "is_storable": True, "barcode": "CIRAGE-01"})
        self.assertEqual(own.company_id, self.member_lyon)
        self.put(own, 4)
        self.put(self.v39, 2)
        report = self.feed([{"barcode": self.v38.barcode, "quantity": 3}], mode="full")
        self.assertEqual((report["applied"], report["zeroed"]), (1, 1))
        self.assert_tree(self.v39, 0)
        self.assert_tree(own, 4)
        # The member may still feed its own products.
        report = self.feed([{"barcode": "CIRAGE-01", "quantity": 6}])
        self.assertEqual(report["applied"], 1)
        self.assert_tree(own, 6)

    def test_other_members_product_is_unknown(self):
        private = self.env["product.product"].with_user(self.user_marseille).create({
            "name": "Semelle secrète du Vieux-Port", "is_storable": True, "barcode": "SECRET-13",
            "default_code": "VP-SEMELLE",
        })
        self.assertEqual(private.company_id, self.member_marseille)
        report = self.feed([
            {"barcode": "SECRET-13", "quantity": 2},
            {"default_code": "VP-SEMELLE", "quantity": 2},
            {"barcode": self.v38.barcode, "quantity": 3},
        ])
        self.assertEqual((report["applied"], report["unknown"], report["rejected"]), (1, 2, 0))
        self.assertEqual({issue["reason"] for issue in report["issues"]}, {"unknown"})
        self.assertNotIn("Vieux-Port", str(report))
        self.assert_tree(self.v38, 3)
        self.assertFalse(self.tree_quants(private.sudo()))

    def test_ambiguous_internal_reference(self):
        self.env["product.product"].with_user(self.user_lyon).create({
            "name": "Basket Jules (stock du magasin)", "is_storable": True, "default_code": self.v39.default_code})
        report = self.feed([
            {"default_code": self.v39.default_code, "quantity": 2},
            {"barcode": self.v38.barcode, "quantity": 3},
        ])
        self.assertEqual((report["applied"], report["rejected"]), (1, 1))
        self.assertEqual(report["issues"][0]["reason"], "ambiguous")
        self.assert_tree(self.v39, 0)

    def test_nothing_a_client_sends_aborts_the_feed(self):
        Feed = self.env["marketplace.stock.feed"].with_user(self.user_lyon)
        for args, kwargs in [
            (("T001-01", []), {"mode": "weekly"}),
            (("T001-01", []), {"mode": ["full"]}),
            (("T001-01", []), {"source": "ftp"}),
            (("T001-01", "12 paires"), {}),
            (("T001-01", {"barcode": self.v38.barcode}), {}),
            (("T001-01", []), {"reference": {"id": 1}}),
            (("T001-01", []), {"reference": "caisse\x00-1"}),
            ((42, []), {}),
            ((None, []), {}),
            (("T001-01\x00", []), {}),
        ]:
            with self.subTest(args=args, kwargs=kwargs), self.assertRaises(UserError):
                Feed.submit(*args, **kwargs)
        report = self.feed([
            1, None, "x", ["barcode", 3],
            {"barcode": ["2000000000015"], "quantity": 1},
            {"barcode": self.v38.barcode, "quantity": 10 ** 400},
            {"barcode": "20000\x0000015", "quantity": 1},
            {"default_code": {"code": "A"}, "quantity": 1},
            {"barcode": "9" * 5000, "quantity": 1},
            {"barcode": self.v40.barcode, "quantity": "2\x00"},
            {"barcode": self.v39.barcode, "quantity": 2},
        ])
        self.assertEqual((report["lines"], report["applied"], report["rejected"]), (11, 1, 10))
        self.assert_tree(self.v39, 2)
        for issue in report["issues"]:
            self.assertNotIn("\x00", issue["reference"] + issue["quantity"])
            self.assertLessEqual(len(issue["reference"]), 100)
