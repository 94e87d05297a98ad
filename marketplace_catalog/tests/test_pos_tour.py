from odoo.tests import HttpCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestPosTour(CatalogCommon, HttpCase):
    """At the counter, in Chromium: the catalogue's price, VAT included, on a scanned size."""

    def test_scan_a_size_not_loaded_and_pay(self):
        # The register loads one product at start, a sock of the shop's own; the 39 is scanned.
        self.env["ir.config_parameter"].set_param("point_of_sale.limited_product_count", 1)
        self.env["product.product"].create({
            "name": "Chaussettes", "company_id": self.member_lyon.id, "available_in_pos": True, "is_favorite": True})
        self.sneaker.is_favorite = False  # products without a favourite flag come first
        self.assertEqual(self.v39.barcode, "2000000000022", "the tour scans this barcode")
        self.env["marketplace.stock.feed"].submit("T001-01", [{"barcode": self.v39.barcode, "quantity": 2}])
        pos = self.env["pos.config"].search([("company_id", "=", self.member_lyon.id)])
        self.user_lyon.password = "testeau"
        self.start_tour(f"/pos/ui?config_id={pos.id}", "marketplace_pos_scan_catalogue_size", login="testeau")
        order = self.env["pos.order"].search([("config_id", "=", pos.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.product_id, self.v39)
        self.assertEqual(order.lines.tax_ids, self.member_lyon.marketplace_catalog_tax_id)
        self.assertAlmostEqual(order.amount_total, 89.90)
        self.assertAlmostEqual(order.amount_tax, 14.98)
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 1, "the pair left the store's stock")
