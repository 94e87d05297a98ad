"""Issue 22, item 1: the shop's category pages are the nomenclature, and its search finds a
model by name, brand, supplier reference or EAN."""
from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.website.tools import MockRequest
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestWebsiteShop(CatalogCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([("company_id", "=", cls.hub.id)], limit=1)
        cls.env["stock.quant"].sudo()._update_available_quantity(cls.v38, cls.store_lyon.lot_stock_id, 2)
        cls.sneaker.sudo().marketplace_validated = True

    def search(self, text):
        options = {"displayImage": False, "displayDescription": False, "displayExtraLink": False,
                   "displayDetail": False, "allowFuzzy": False}
        env = self.env(user=self.env.ref("base.public_user"))
        with MockRequest(env, website=self.website.with_env(env)):
            _count, details, _fuzzy = self.website.with_env(env)._search_with_fuzzy(
                "products_only", text, limit=20, order="name asc", options=options)
        return details[0]["results"]

    def test_the_shop_finds_a_model_by_name_brand_reference_or_ean(self):
        self.assertTrue(self.sneaker.is_published)
        for text in ("Jules", "Pataugas", "PAT-JULES", self.v40.barcode):
            self.assertEqual(self.search(text).ids, self.sneaker.ids, text)
        self.assertFalse(self.search("Mephisto"))

    def test_the_shops_categories_are_the_nomenclature(self):
        category = self.sneaker.public_categ_ids
        self.assertEqual(category.display_name, "Homme / Baskets / Baskets basses")
        self.assertEqual(category.marketplace_categ_id, self.subfamily)
        self.assertEqual(self.sneaker.pos_categ_ids.marketplace_categ_id, self.subfamily, "and the registers'")
        self.family.name = "Sneakers"
        self.env.invalidate_all()
        self.assertEqual(category.display_name, "Homme / Sneakers / Baskets basses")
