"""The suite installs and upgrades on a fresh database (scripts/test installs, then upgrades
every module before running the tests: these checks read the result)."""
import ast
from pathlib import Path

from odoo.tests import TransactionCase, tagged

REPO = Path(__file__).resolve().parent.parent
# DESIGN.md's layout: capability modules at the repository root, base and glue modules in addons/.
MANIFESTS = sorted([*REPO.glob("*/__manifest__.py"), *(REPO / "addons").glob("*/__manifest__.py")])


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):

    def test_every_module_installed_at_its_version(self):
        for manifest_path in MANIFESTS:
            name = manifest_path.parent.name
            manifest = ast.literal_eval(manifest_path.read_text())
            module = self.env["ir.module.module"].search([("name", "=", name)])
            self.assertEqual(module.state, "installed", f"{name} is not installed")
            self.assertEqual(module.latest_version, manifest["version"], f"{name} not upgraded")

    def test_no_enterprise_module(self):
        enterprise = self.env["ir.module.module"].search([
            ("state", "=", "installed"), ("license", "=like", "OEEL%"),
            ("name", "!=", "certificate"),
        ])
        self.assertFalse(enterprise.mapped("name"))

    def test_hub_and_geocoder(self):
        hub = self.env["res.company"].search([("marketplace_role", "=", "hub")])
        self.assertEqual(len(hub), 1)
        self.assertTrue(self.env["base.geocoder"]._marketplace_is_offline())
