import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestCatalogueAccessXmlrpc(CatalogCommon, HttpCase):
    """The shared catalogue belongs to the hub: a shop owner, even with the Inventory and Point of
    Sale manager rights a shop needs, reads it and sells it, changes none of it for the network;
    it still makes its own products in its own company. Checked as the real user over XML-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_lyon.groups_id |= cls.env.ref("stock.group_stock_manager") | cls.env.ref(
            "point_of_sale.group_pos_manager")

    def assert_refused(self, model, method, *args, **kwargs):
        with self.assertRaisesRegex(xmlrpc.client.Fault, "only the hub's marketplace administrators"):
            self.call(model, method, *args, **kwargs)

    def test_member_cannot_change_the_catalogue(self):
        tax = self.member_lyon.account_sale_tax_id
        self.assert_refused("product.template", "write", self.sneaker.ids, {"name": "Basket renommée"})
        self.assert_refused("product.template", "write", self.sneaker.ids, {"list_price": 1.0})
        self.assert_refused("product.template", "write", self.sneaker.ids, {"marketplace_validated": True})
        self.assert_refused("product.template", "action_marketplace_validate", self.sneaker.ids)
        self.assert_refused("product.template", "write", self.sneaker.ids, {"taxes_id": [(6, 0, tax.ids)]})
        self.assert_refused("product.product", "write", self.v38.ids, {"barcode": "4006381333931"})
        self.assert_refused("product.product", "write", self.v38.ids, {"lst_price": 2.0})
        self.assert_refused("product.template.attribute.value", "write",
                            self.v38.product_template_attribute_value_ids.ids, {"price_extra": 50.0})
        self.assert_refused("product.template", "action_archive", self.sneaker.ids)
        self.assert_refused("product.product", "unlink", self.v405.ids)
        self.assert_refused("product.template", "create", {"name": "Fausse basket", "marketplace_catalog": True})
        self.sneaker.invalidate_recordset()
        self.assertEqual(self.sneaker.name, "Basket Jules cuir blanc")
        self.assertEqual(self.sneaker.list_price, 89.90)
        self.assertFalse(self.sneaker.sudo().taxes_id)
        self.assertEqual(self.v38.barcode[:3], "200")
        self.assertTrue(self.sneaker.active and self.v405.exists())
        self.assertFalse(self.sneaker.marketplace_validated)

    def test_member_keeps_its_own_figures_on_catalogue_products(self):
        """Values Odoo keeps per company (the shop's own cost) stay the shop's to set."""
        self.call("product.product", "write", self.v38.ids, {"standard_price": 41.5})
        self.assertEqual(self.v38.with_company(self.member_lyon).standard_price, 41.5)
        self.assertEqual(self.v38.with_company(self.member_marseille).standard_price, 0.0)

    def test_member_makes_its_own_products(self):
        product_id = self.call("product.template", "create", {"name": "Cirage incolore", "list_price": 6.5})
        product = self.env["product.template"].browse(product_id)
        self.assertEqual(product.company_id, self.member_lyon, "a shop's product is its own, not the network's")
        self.call("product.template", "write", [product_id], {"name": "Cirage neutre", "list_price": 7.0})
        self.assertEqual((product.name, product.list_price), ("Cirage neutre", 7.0))
        self.assertFalse(self.call("product.template", "search", [("id", "=", product_id)],
                                   login="vieuxport"), "other members do not see it")
        self.assert_refused("product.template", "write", [product_id], {"marketplace_catalog": True})

    def test_administrator_changes_the_catalogue(self):
        self.call("product.template", "write", self.sneaker.ids, {"name": "Basket Jules cuir blanc cassé"},
                  login="mkt_admin", password="mkt_admin")
        self.assertEqual(self.sneaker.name, "Basket Jules cuir blanc cassé")
