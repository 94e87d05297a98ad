from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MarketplaceCase, run_migration


@tagged("post_install", "-at_install")
class TestCodes(MarketplaceCase):
    """Member and store codes are normalised when written (trimmed, upper case), so that every
    comparison (uniqueness, stock feeds, exports, the API) sees the same code."""

    def test_codes_normalised_on_write(self):
        self.member_lyon.marketplace_member_code = "  t001b "
        self.assertEqual(self.member_lyon.marketplace_member_code, "T001B")
        self.store_lyon.marketplace_store_code = " t001-01a"
        self.assertEqual(self.store_lyon.marketplace_store_code, "T001-01A")
        store = self.member_lyon._marketplace_create_store({
            "name": "Testeau Part-Dieu", "code": "t001-02", "street": "17 Rue du Docteur Bouchut",
            "zip": "69003", "city": "Lyon",
        }, create_pos=False)
        self.assertEqual(store.marketplace_store_code, "T001-02")

    def test_same_code_whatever_its_case(self):
        with self.assertRaisesRegex(ValidationError, "T002-01 is already used"):
            self.store_lyon.marketplace_store_code = "t002-01 "
        with self.assertRaisesRegex(ValidationError, "T002 is already used"):
            self.member_lyon.marketplace_member_code = " t002"

    def test_lookup_by_code_is_normalised(self):
        Warehouse = self.env["stock.warehouse"]
        self.assertEqual(Warehouse._marketplace_store_by_code(" t001-01 "), self.store_lyon)
        self.assertFalse(Warehouse._marketplace_store_by_code("T999-01"))
        self.assertFalse(Warehouse._marketplace_store_by_code(""))

    def test_migration_normalises_existing_codes(self):
        """Databases from 18.0.1.0.0 kept the codes as typed."""
        self.env.cr.execute("UPDATE res_company SET marketplace_member_code = ' t001' WHERE id = %s",
                            [self.member_lyon.id])
        self.env.cr.execute("UPDATE stock_warehouse SET marketplace_store_code = 't001-01 ' WHERE id = %s",
                            [self.store_lyon.id])
        run_migration(self.env, "marketplace_base", "18.0.1.1.0")
        self.assertEqual(self.member_lyon.marketplace_member_code, "T001")
        self.assertEqual(self.store_lyon.marketplace_store_code, "T001-01")
