from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..utils import is_ean13, make_ean13, parse_quantity
from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestCatalog(CatalogCommon, TransactionCase):

    def test_ean13(self):
        self.assertTrue(is_ean13("4006381333931"))
        self.assertFalse(is_ean13("4006381333932"))  # wrong check digit
        self.assertFalse(is_ean13("400638133393"))  # 12 digits
        self.assertTrue(is_ean13(make_ean13(123)))
        # American brands' UPC-A codes, written as EAN-13, begin with 0 (Odoo's own "ean13" check
        # leaves them to "upca").
        self.assertTrue(is_ean13("0012345678905"))
        self.assertFalse(is_ean13("0012345678906"))
        self.v39.barcode = "0012345678905"
        self.assertEqual(self.v39.barcode, "0012345678905")
        with self.assertRaisesRegex(ValidationError, "4006381333932.*EAN-13"):
            self.v38.barcode = "4006381333932"
        # Products outside the catalogue keep Odoo's freedom of barcodes.
        other = self.env["product.product"].create({"name": "Cirage", "barcode": "CIR-001"})
        self.assertEqual(other.barcode, "CIR-001")

    def test_nomenclature(self):
        self.assertEqual(self.sneaker.marketplace_department, "Homme")
        self.assertEqual(self.sneaker.marketplace_family, "Baskets")
        self.assertEqual(self.sneaker.marketplace_subfamily, "Baskets basses")
        self.assertEqual(len(self.sneaker.product_variant_ids), 4)
        self.assertFalse(self.sneaker.company_id, "catalogue products are shared by all companies")

    def test_parse_quantity(self):
        self.assertEqual(parse_quantity(3, 500), (3, None))
        self.assertEqual(parse_quantity("12,0", 500), (12, None))
        self.assertEqual(parse_quantity(" 7 ", 500), (7, None))
        self.assertEqual(parse_quantity(-1, 500), (None, "negative"))
        self.assertEqual(parse_quantity(2.5, 500), (None, "fractional"))
        self.assertEqual(parse_quantity("abc", 500), (None, "not_a_number"))
        self.assertEqual(parse_quantity(None, 500), (None, "missing"))
        self.assertEqual(parse_quantity(True, 500), (None, "not_a_number"))
        self.assertEqual(parse_quantity(501, 500), (None, "above_ceiling"))
        self.assertEqual(parse_quantity("nan", 500), (None, "not_a_number"))

    def test_jump_ratio_is_an_administrator_setting(self):
        # An Odoo access-rights manager who is not a marketplace administrator may edit companies,
        # not the marketplace settings.
        manager = new_test_user(self.env, login="erp_manager", groups="base.group_user,base.group_erp_manager",
                                company_id=self.hub.id, company_ids=[(6, 0, self.hub.ids)])
        with self.assertRaisesRegex(UserError, "Only marketplace administrators"):
            self.hub.with_user(manager).marketplace_feed_jump_ratio = 3
        self.hub.with_user(self.admin_user).marketplace_feed_jump_ratio = 3
        self.assertEqual(self.hub.marketplace_feed_jump_ratio, 3)
