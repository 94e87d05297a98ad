"""scripts/marketplace-client against the real server, as a member's shop software uses it."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.tests import HttpCase, tagged

CLIENT = Path(__file__).resolve().parent.parent / "scripts" / "marketplace-client"


@tagged("post_install", "-at_install")
class TestMarketplaceClient(CatalogCommon, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.api_key(cls.user_lyon, "Caisse Testeau")

    def run_client(self, *args):
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
            result = self.run_client("download-referencier", "-o", str(out), "--delta")
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("changes only", result.stdout)
