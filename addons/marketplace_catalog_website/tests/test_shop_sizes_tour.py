from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestShopSizesTour(CatalogCommon, HttpCase):
    """In Chromium: the size nobody has is greyed out and out of stock; the size a shop near the
    customer has says so and goes into the cart."""

    def test_sizes_on_the_product_page(self):
        self.sneaker.sudo().is_published = True
        self.env["stock.quant"].sudo()._update_available_quantity(self.v38, self.store_lyon.lot_stock_id, 2)
        customer = new_test_user(self.env, login="client_lyon", password="client_lyon", name="Julie Martin",
                                 groups="base.group_portal")
        customer.partner_id.write({"street": "3 Place Bellecour", "zip": "69002", "city": "Lyon",
                                   "country_id": self.env.ref("base.fr").id})
        customer.partner_id.geo_localize()
        website = self.env["website"].search([("company_id", "=", self.hub.id)], limit=1)
        self.assertEqual(self.sneaker.with_context(website_id=website.id)._get_attribute_exclusions()[
            "marketplace_unavailable"], (self.v39 | self.v40 | self.v405).product_template_attribute_value_ids.ids)
        self.start_tour(self.sneaker.website_url, "marketplace_shop_sizes", login="client_lyon")
        order = self.env["sale.order"].search([("partner_id", "=", customer.partner_id.id)])
        self.assertEqual(order.order_line.product_id, self.v38)
