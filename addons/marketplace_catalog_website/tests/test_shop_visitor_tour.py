import base64

from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.marketplace_catalog.utils import draw_shoe
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestShopVisitorTour(CatalogCommon, HttpCase):
    """Issue 22, in Chromium: a visitor goes from the home page to a department of the
    nomenclature, filters by size, opens the product page and puts the size in the cart."""

    def test_a_visitor_finds_a_shoe_by_department_and_size(self):
        self.env["stock.quant"].sudo()._update_available_quantity(self.v38, self.store_lyon.lot_stock_id, 2)
        self.sneaker.sudo().marketplace_validated = True
        # Its picture and description, as the supplier import gives them.
        self.sneaker.write({"image_1920": base64.b64encode(draw_shoe("Blanc")),
                            "description_ecommerce": "<p>Basket en cuir pleine fleur.</p>"})
        # Another brand's shoe of the same department in size 38.
        derby = self.env["product.template"].create({
            "name": "Derby Oscar cuir noir", "marketplace_catalog": True, "is_storable": True,
            "categ_id": self.subfamily.id, "list_price": 159.0, "marketplace_supplier_ref": "MEP-OSCAR-NO",
            "marketplace_brand_id": self.env["marketplace.brand"].create({"name": "Mephisto"}).id,
            "attribute_line_ids": [(0, 0, {"attribute_id": self.size_attr.id,
                                           "value_ids": [(6, 0, self.v38.product_template_attribute_value_ids
                                                          .product_attribute_value_id.ids)]})],
        })
        self.env["stock.quant"].sudo()._update_available_quantity(
            derby.product_variant_id, self.store_lyon.lot_stock_id, 1)
        derby.sudo().marketplace_validated = True
        self.assertTrue(derby.is_published)
        self.assertTrue(self.sneaker.is_published)
        # Review: the shop's search (fuzzy, as a visitor's) answered a server error.
        for text in ("Pataugas", "Jules", "PAT-JULES-BL", self.v38.barcode):
            response = self.url_open(f"/shop?search={text}")
            self.assertEqual(response.status_code, 200, text)
            self.assertIn("Basket Jules cuir blanc", response.text, text)
        self.start_tour("/", "marketplace_shop_visitor")
        order = self.env["sale.order"].search([("order_line.product_id", "=", self.v38.id)])
        self.assertEqual(order.order_line.filtered(lambda line: line.product_id == self.v38).product_uom_qty, 1)
