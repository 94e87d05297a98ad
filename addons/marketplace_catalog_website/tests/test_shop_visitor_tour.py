from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestShopVisitorTour(CatalogCommon, HttpCase):
    """Issue 22, in Chromium: a visitor goes from the home page to a department of the
    nomenclature, filters by size, opens the product page and puts the size in the cart."""

    def test_a_visitor_finds_a_shoe_by_department_and_size(self):
        self.env["stock.quant"].sudo()._update_available_quantity(self.v38, self.store_lyon.lot_stock_id, 2)
        self.sneaker.sudo().marketplace_validated = True
        self.assertTrue(self.sneaker.is_published)
        self.start_tour("/", "marketplace_shop_visitor")
        order = self.env["sale.order"].search([("order_line.product_id", "=", self.v38.id)])
        self.assertEqual(order.order_line.filtered(lambda line: line.product_id == self.v38).product_uom_qty, 1)
