import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestStockFeedXmlrpc(CatalogCommon, HttpCase):
    """A member's shop software sends its stock over XML-RPC with an API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.api_key(cls.user_lyon, "Logiciel de caisse")

    def submit(self, store_code, lines, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "testeau", self.key, {})
        self.assertTrue(uid, "the API key does not log in")
        return self.xmlrpc_object.execute_kw(
            db, uid, self.key, "marketplace.stock.feed", "submit", [store_code, lines], kwargs)

    def test_feed_own_store(self):
        report = self.submit("T001-01", [
            {"barcode": self.v38.barcode, "quantity": 3}, {"barcode": "0000000000000", "quantity": 1},
        ], reference="tpv-42")
        self.assertEqual((report["applied"], report["unknown"]), (1, 1))
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 3)
        self.assertEqual(self.submit("T001-01", [], reference="tpv-42")["duplicate"], True)

    def test_other_member_store_refused(self):
        with self.assertRaisesRegex(xmlrpc.client.Fault, "belongs to another member"):
            self.submit("T002-01", [{"barcode": self.v38.barcode, "quantity": 3}])
        self.assertEqual(self.store_qty(self.store_marseille, self.v38), 0)

    def test_unknown_store(self):
        with self.assertRaisesRegex(xmlrpc.client.Fault, "no store with the code ZZZ-99"):
            self.submit("ZZZ-99", [{"barcode": self.v38.barcode, "quantity": 3}])
