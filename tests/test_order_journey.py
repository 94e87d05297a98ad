"""A customer order's journey across the suite, on the real server: routing, the member's shop
software (scripts/marketplace-client over XML-RPC with its API key), payment capture, delivery."""
import os
import subprocess
import sys
from pathlib import Path

from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.marketplace_orders.tests.common import OrdersCommon
from odoo.tests import HttpCase, tagged

CLIENT = Path(__file__).resolve().parent.parent / "scripts" / "marketplace-client"


@tagged("post_install", "-at_install")
class TestOrderJourney(OrdersCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = CatalogCommon.api_key.__func__(cls, cls.user_lyon, "Logiciel de caisse Testeau")
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "capture_manually": True, "company_id": cls.hub.id})

    def run_client(self, *args):
        self.env.flush_all()  # the server's worker reads the database, not this test's caches
        self.env.invalidate_all()
        env = dict(os.environ, MKT_URL=self.base_url(), MKT_DB=self.env.cr.dbname,
                   MKT_LOGIN="testeau", MKT_API_KEY=self.key)
        result = subprocess.run([sys.executable, str(CLIENT), *args], env=env, capture_output=True,
                                text=True, timeout=120, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_lyon_customer_two_sizes(self):
        # Villeurbanne is nearer the customer but has one of the two sizes; Lyon has both.
        lyon_customer = self.env["res.partner"].create({
            "name": "Manon Petit", "street": "40 rue Garibaldi", "zip": "69006", "city": "Lyon",
            "email": "manon.petit@example.fr"})
        self.store_villeurbanne.partner_id.write({"partner_latitude": 45.7676, "partner_longitude": 4.8528})
        self.set_stock(self.store_villeurbanne, {self.v39: 2})
        self.set_stock(self.store_lyon, {self.v39: 1, self.v40: 1})
        order = self.make_order({self.v39: 1, self.v40: 1}, customer=lyon_customer, confirm=False)
        transaction = self.env["payment.transaction"].create({
            "provider_id": self.provider.id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order.amount_total, "currency_id": order.currency_id.id, "partner_id": lyon_customer.id,
            "reference": order.name, "sale_order_ids": [(6, 0, order.ids)],
        })
        transaction._handle_notification_data("demo", {"reference": transaction.reference, "simulated_state": "done"})
        self.assertEqual(transaction.state, "authorized")
        order.action_confirm()

        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.store_id, self.store_lyon, "the store with both sizes, not the nearer one")
        self.assertEqual(member_order.payment_state, "to_capture")

        listed = self.run_client("orders")
        self.assertIn(member_order.name, listed)
        self.assertIn("Manon Petit, 69006 Lyon", listed)
        self.assertIn(self.v39.barcode, listed)
        self.assertIn("1 order(s)", listed)
        self.run_client("accept", member_order.name)
        self.assertIn(f"{member_order.name} shipped", self.run_client("ship", member_order.name, "6A98765432101"))

        self.assertEqual(member_order.state, "shipped")
        self.assertEqual(member_order.payment_state, "captured")
        self.assertAlmostEqual(member_order.capture_amount, 2 * 89.90, places=2)
        self.assertEqual(transaction.state, "done")
        self.assertEqual(order.order_line.mapped("qty_delivered"), [1, 1])
        member_order.with_user(self.user_lyon).action_deliver()
        self.assertEqual(member_order.state, "delivered")
        self.assertTrue(member_order.delivered_date)
