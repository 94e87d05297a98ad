from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.website.tools import MockRequest
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestWebsitePrices(CatalogCommon, TransactionCase):
    """The hub's shop shows catalogue shoes at their price, VAT included (or excluded for a
    website set to show prices excluding taxes)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([("company_id", "=", cls.hub.id)], limit=1)
        cls.website.show_line_subtotals_tax_selection = "tax_included"
        cls.sneaker.sudo().is_published = True

    def shop(self):
        return self.env["product.template"].with_context(website_id=self.website.id)

    def test_product_page(self):
        with MockRequest(self.env, website=self.website):
            info = self.sneaker.with_context(website_id=self.website.id)._get_combination_info(
                product_id=self.v38.id)
            self.assertAlmostEqual(info["price"], 89.90)
            self.assertEqual(info["product_taxes"], self.hub.marketplace_catalog_tax_id)
            self.website.show_line_subtotals_tax_selection = "tax_excluded"
            info = self.sneaker.with_context(website_id=self.website.id)._get_combination_info(
                product_id=self.v38.id)
            self.assertAlmostEqual(info["price"], 74.92)

    def test_shop_list(self):
        with MockRequest(self.env, website=self.website):
            prices = self.shop().browse(self.sneaker.id)._get_sales_prices(self.website)
            self.assertAlmostEqual(prices[self.sneaker.id]["price_reduce"], 89.90)
            self.website.show_line_subtotals_tax_selection = "tax_excluded"
            prices = self.shop().browse(self.sneaker.id)._get_sales_prices(self.website)
            self.assertAlmostEqual(prices[self.sneaker.id]["price_reduce"], 74.92)

    def test_configurator(self):
        self.website.show_line_subtotals_tax_selection = "tax_excluded"
        with MockRequest(self.env, website=self.website):
            price, _rule = self.shop()._get_configurator_display_price(
                self.v38, 1, None, self.website.currency_id, self.website.pricelist_id)
            self.assertAlmostEqual(price, 74.92)
