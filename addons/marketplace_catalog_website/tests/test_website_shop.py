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

    def search(self, text, attrib_values=None, fuzzy=False):
        options = {"displayImage": False, "displayDescription": False, "displayExtraLink": False,
                   "displayDetail": False, "allowFuzzy": fuzzy, "attrib_values": attrib_values}
        env = self.env(user=self.env.ref("base.public_user"))
        with MockRequest(env, website=self.website.with_env(env)):
            _count, details, _fuzzy = self.website.with_env(env)._search_with_fuzzy(
                "products_only", text, limit=20, order="name asc", options=options)
        return details[0]["results"]

    def test_the_shop_finds_a_model_by_name_brand_reference_or_ean(self):
        self.assertTrue(self.sneaker.is_published)
        for text in ("Jules", "Pataugas", "PAT-JULES", self.v40.barcode):
            self.assertEqual(self.search(text).ids, self.sneaker.ids, text)
            # The shop's own search is fuzzy (review: a many2one path made its SQL fail).
            self.assertEqual(self.search(text, fuzzy=True).ids, self.sneaker.ids, text)
        self.assertEqual(self.search("Patogas", fuzzy=True).ids, self.sneaker.ids, "a typo in the brand")
        self.assertFalse(self.search("Mephisto"))

    def test_the_shops_categories_are_the_nomenclature(self):
        category = self.sneaker.public_categ_ids
        self.assertEqual(category.display_name, "Homme / Baskets / Baskets basses")
        self.assertEqual(category.marketplace_categ_id, self.subfamily)
        self.assertEqual(self.sneaker.pos_categ_ids.marketplace_categ_id, self.subfamily, "and the registers'")
        self.family.name = "Sneakers"
        self.env.invalidate_all()
        self.assertEqual(category.display_name, "Homme / Sneakers / Baskets basses")

    def filters(self, template):
        return {line.attribute_id.name: line.value_ids.mapped("name") for line in template.attribute_line_ids
                if line.attribute_id.create_variant == "no_variant"}

    def test_the_shops_filters_are_brand_colour_and_material(self):
        self.assertEqual(self.filters(self.sneaker), {"Brand": ["Pataugas"], "Colour": ["Blanc"], "Material": ["Cuir"]})
        self.assertEqual(len(self.sneaker.product_variant_ids), 4, "the filters make no variant")
        # A size keeps its price (its extra price follows its recommended price, the filters aside).
        self.v40.marketplace_rrp = 95.0
        self.assertAlmostEqual(self.v40.lst_price, 95.0)
        self.sneaker.write({"marketplace_colour": "Noir", "marketplace_material": False})
        self.brand.name = "Pataugas Paris"
        self.assertEqual(self.filters(self.sneaker), {"Brand": ["Pataugas Paris"], "Colour": ["Noir"]})
        # Two models of one colour share its value: one filter entry.
        boot = self.env["product.template"].create({
            "name": "Bottine Lou", "marketplace_catalog": True, "marketplace_colour": "noir"})
        colour = self.env.ref("marketplace_catalog_website.product_attribute_colour")
        self.assertEqual(boot.attribute_line_ids.filtered(lambda line: line.attribute_id == colour).value_ids,
                         self.sneaker.attribute_line_ids.filtered(lambda line: line.attribute_id == colour).value_ids)
        # The size selector still greys out the sizes nobody has.
        exclusions = self.sneaker.with_context(website_id=self.website.id)._get_attribute_exclusions()
        self.assertEqual(exclusions["marketplace_unavailable"],
                         (self.v39 | self.v40 | self.v405).product_template_attribute_value_ids.ids)

    def test_the_shop_filters_by_brand(self):
        brand = self.env.ref("marketplace_catalog_website.product_attribute_brand")
        value = self.sneaker.attribute_line_ids.filtered(lambda line: line.attribute_id == brand).value_ids
        self.assertEqual(self.search("", [[brand.id, value.id]]), self.sneaker)
        other = self.env["product.attribute.value"].create({"name": "Mephisto", "attribute_id": brand.id})
        self.assertFalse(self.search("", [[brand.id, other.id]]))
