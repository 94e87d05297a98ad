from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.website.tools import MockRequest
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWebsiteStock(CatalogCommon, TransactionCase):
    """The hub's shop sells what the open stores publish, not its own warehouse's stock, and says
    how many shops near the customer have the chosen size."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([("company_id", "=", cls.hub.id)], limit=1)
        cls.sneaker.sudo().is_published = True
        Quant = cls.env["stock.quant"].sudo()
        Quant._update_available_quantity(cls.v38, cls.store_lyon.lot_stock_id, 2)
        Quant._update_available_quantity(cls.v40, cls.store_marseille.lot_stock_id, 1)
        hub_warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.hub.id)], limit=1)
        Quant.with_company(cls.hub)._update_available_quantity(cls.v39, hub_warehouse.lot_stock_id, 5)
        cls.customer_lyon = new_test_user(cls.env, login="client_lyon", name="Julie Martin", groups="base.group_portal")
        cls.customer_lyon.partner_id.write({"street": "3 Place Bellecour", "zip": "69002", "city": "Lyon",
                                            "country_id": cls.env.ref("base.fr").id})
        cls.customer_lyon.partner_id.geo_localize()

    def info(self, variant, user=None):
        env = self.env(user=user or self.env.ref("base.public_user"))
        with MockRequest(env, website=self.website.with_env(env)):
            return self.sneaker.with_env(env).with_context(website_id=self.website.id)._get_combination_info(
                product_id=variant.id)

    def test_network_stock_not_the_hub_warehouse(self):
        self.assertEqual(self.website._get_product_available_qty(self.v38), 2)
        self.assertEqual(self.website._get_product_available_qty(self.v40), 1)
        self.assertEqual(self.website._get_product_available_qty(self.v39), 0, "the hub's own warehouse is not sold")
        info = self.info(self.v39)
        self.assertEqual(info["free_qty"], 0)
        self.assertFalse(info["allow_out_of_stock_order"], "a size nobody has is out of stock")
        self.assertEqual(self.info(self.v38)["free_qty"], 2)

    def test_closed_or_paused_store_publishes_nothing(self):
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": "2099-08-31"})
        self.assertEqual(self.website._get_product_available_qty(self.v38), 0)
        self.store_lyon.marketplace_paused = False
        self.member_lyon.marketplace_state = "suspended"
        self.assertEqual(self.website._get_product_available_qty(self.v38), 0)

    def test_shops_near_the_customer(self):
        self.assertTrue(self.customer_lyon.partner_id.partner_latitude)
        info = self.info(self.v38, self.customer_lyon)
        self.assertEqual(info["marketplace_stores_near"], 1)
        self.assertEqual(info["marketplace_stores_near_message"], "In stock in 1 shop less than 30 km from you.")
        self.assertEqual(self.info(self.v40, self.customer_lyon)["marketplace_stores_near"], 0,
                         "Marseille is 280 km from Lyon")
        self.assertIsNone(self.info(self.v38)["marketplace_stores_near"], "a visitor's position is unknown")

    def test_cart_checks_read_the_network(self):
        order = self.env["sale.order"].create({
            "partner_id": self.customer_lyon.partner_id.id, "website_id": self.website.id, "company_id": self.hub.id,
            "order_line": [(0, 0, {"product_id": self.v38.id, "product_uom_qty": 3})],
        })
        cart_qty, free_qty = order._get_cart_and_free_qty(self.v38)
        self.assertEqual((cart_qty, free_qty), (3, 2))
        self.assertTrue(order._all_product_available())
        order.order_line = [(0, 0, {"product_id": self.v39.id, "product_uom_qty": 1})]
        self.assertFalse(order._all_product_available(), "only the hub's warehouse has size 39")
