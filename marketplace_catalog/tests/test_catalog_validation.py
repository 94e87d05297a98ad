from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestCatalogValidation(CatalogCommon, TransactionCase):
    """The hub's administrators validate catalogue models for sale (``marketplace_validated``);
    nobody else may, and only catalogue models are validated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The rights a shop needs to make its own products.
        cls.user_lyon.groups_id |= cls.env.ref("stock.group_stock_manager")

    def test_administrator_validates_and_withdraws(self):
        sneaker = self.sneaker.with_user(self.admin_user)
        self.assertFalse(sneaker.marketplace_validated, "a new model waits for the hub's validation")
        sneaker.action_marketplace_validate()
        self.assertTrue(self.sneaker.marketplace_validated)
        sneaker.action_marketplace_withdraw()
        self.assertFalse(self.sneaker.marketplace_validated)

    def test_nobody_else_validates(self):
        for user in (self.user_lyon, self.animator_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.sneaker.with_user(user).write({"marketplace_validated": True})
                with self.assertRaises(AccessError):
                    self.sneaker.with_user(user).action_marketplace_validate()
                self.assertFalse(self.sneaker.marketplace_validated)
        self.sneaker.with_user(self.admin_user).marketplace_validated = True
        with self.assertRaises(AccessError):
            self.sneaker.with_user(self.user_lyon).write({"marketplace_validated": False})
        self.assertTrue(self.sneaker.marketplace_validated)

    def test_a_members_own_product_is_not_validated(self):
        Product = self.env["product.template"].with_user(self.user_lyon)
        with self.assertRaises(AccessError):
            Product.create({"name": "Cirage noir", "marketplace_validated": True})
        own = Product.create({"name": "Cirage noir"})
        with self.assertRaises(AccessError):
            own.write({"marketplace_validated": True})
        with self.assertRaisesRegex(ValidationError, "Only catalogue models"):
            own.with_user(self.admin_user).sudo().write({"marketplace_validated": True})
