"""scripts/marketplace-client against the real server, as a member's shop software uses it."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from odoo.addons.marketplace_base.tests.common import run_queued_jobs
from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.marketplace_orders.tests.common import OrdersCommon
from odoo.tests import HttpCase, tagged

CLIENT = Path(__file__).resolve().parent.parent / "scripts" / "marketplace-client"


@tagged("post_install", "-at_install")
class TestMarketplaceClient(CatalogCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.api_key(cls.user_lyon, "Caisse Testeau")

    def run_client(self, *args):
        self.env.flush_all()  # the server's requests read the database, not this test's cache
        env = dict(os.environ, MKT_URL=self.base_url(), MKT_DB=self.env.cr.dbname,
                   MKT_LOGIN="testeau", MKT_API_KEY=self.key)
        return subprocess.run([sys.executable, str(CLIENT), *args], env=env, capture_output=True,
                              text=True, timeout=120, check=False)

    def test_push_stock(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
            f.write(f"barcode;quantity\n{self.v38.barcode};4\n{self.v39.barcode};-3\n0000000000000;1\n")
        result = self.run_client("push-stock", "T001-01", f.name, "--reference", "z-2026-11-23")
        os.unlink(f.name)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("3 lines, 1 changed", result.stdout)
        self.assertIn("1 unknown, 1 rejected", result.stdout)
        self.assertIn("line 3:", result.stdout)
        self.assertIn("negative", result.stdout)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 4)

    def test_push_stock_of_a_large_feed(self):
        """Issue 21: a feed above the threshold is queued; the client returns its number at once
        (``--no-wait``), or waits and says so when the wait runs out; ``feed N`` prints the report
        once the job applied it."""
        self.hub.marketplace_feed_async_threshold = 1
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
            f.write(f"barcode;quantity\n{self.v38.barcode};4\n{self.v39.barcode};-3\n")
        result = self.run_client("push-stock", "T001-01", f.name, "--no-wait")
        self.assertEqual(result.returncode, 0, result.stderr)
        feed = self.env["marketplace.stock.feed"].search([("store_id", "=", self.store_lyon.id)], limit=1)
        self.assertEqual(feed.state, "queued")
        self.assertIn(f"Feed {feed.name} queued: number {feed.id}", result.stdout)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 0)
        result = self.run_client("push-stock", "T001-01", f.name, "--timeout", "0")
        os.unlink(f.name)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("still queued after 0 s", result.stdout)
        run_queued_jobs(self.env)
        result = self.run_client("feed", str(feed.id))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"Feed {feed.name} for store T001-01 (delta): 2 lines, 1 changed", result.stdout)
        self.assertIn(f"line 2: {self.v39.barcode} quantity -3: rejected (negative)", result.stdout)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 4)
        result = self.run_client("feed", str(feed.id + 1000))
        self.assertEqual(result.returncode, 1)
        self.assertIn("There is no stock feed", result.stderr)

    def test_push_stock_other_store_refused(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
            f.write(f"barcode;quantity\n{self.v38.barcode};4\n")
        result = self.run_client("push-stock", "T002-01", f.name)
        os.unlink(f.name)
        self.assertEqual(result.returncode, 1)
        self.assertIn("belongs to another member", result.stderr)

    def test_download_referencier(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "referencier.csv"
            result = self.run_client("download-referencier", "-o", str(out))
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("4 variants written", result.stdout)
            lines = out.read_text(encoding="utf-8-sig").strip().splitlines()
            self.assertTrue(lines[0].startswith("supplier_ref;barcode;name;size"))
            self.assertEqual(len(lines), 5)
            export = self.env["marketplace.catalog.export"].search([("company_id", "=", self.member_lyon.id)])
            self.assertEqual((len(export), export.mode), (1, "full"))
            # Time passes: the catalogue was last written before that download, one size after it.
            self.age_catalogue(export.id)
            self.env.cr.execute("UPDATE product_product SET write_date = '2026-07-01' WHERE id = %s", [self.v40.id])
            result = self.run_client("download-referencier", "-o", str(out), "--delta")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("1 variants written", result.stdout)
            rows = out.read_text(encoding="utf-8-sig").strip().splitlines()
            self.assertEqual(len(rows), 2, "the header and the changed size only")
            self.assertEqual(rows[1].split(";")[1], self.v40.barcode)


@tagged("post_install", "-at_install")
class TestMarketplaceClientOrders(OrdersCommon, HttpCase):
    """Issue 23: the client's order commands, as a shop's software lists and refuses its orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.api_key(cls.user_lyon, "Caisse Testeau")

    run_client = TestMarketplaceClient.run_client

    def test_orders_by_state_and_refuse(self):
        self.set_stock(self.store_lyon, {self.v39: 2})
        member_order = self.make_order({self.v39: 1}).marketplace_order_ids
        self.assertEqual((member_order.store_id, member_order.state), (self.store_lyon, "assigned"))
        result = self.run_client("orders")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{member_order.name}\tassigned\t", result.stdout)
        self.assertIn(f"{self.v39.barcode}\t1 x ", result.stdout)
        self.assertIn("1 order(s)", result.stdout)
        result = self.run_client("orders", "--state", "accepted")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn(member_order.name, result.stdout)
        self.assertIn("0 order(s)", result.stdout)
        self.assertEqual(self.run_client("refuse", member_order.name, "too_late").returncode, 2, "unknown reason")
        result = self.run_client("refuse", member_order.name, "out_of_stock", "--note", "Dernière paire abîmée")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{member_order.name} refused (out_of_stock)", result.stdout)
        member_order.invalidate_recordset()
        self.assertEqual((member_order.state, member_order.refuse_reason, member_order.refuse_note),
                         ("refused", "out_of_stock", "Dernière paire abîmée"))
        # The shop's software sends it again (a lost answer): nothing changes.
        result = self.run_client("refuse", member_order.name, "other", "--note", "Renvoi")
        self.assertEqual(result.returncode, 0, "a repeated refusal is not an error")
        member_order.invalidate_recordset()
        self.assertEqual((member_order.state, member_order.refuse_reason, member_order.refuse_note),
                         ("refused", "out_of_stock", "Dernière paire abîmée"))
