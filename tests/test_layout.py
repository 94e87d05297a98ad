"""The repository follows DESIGN.md's design card, and every command sees the same suite:
the capability modules at the root, marketplace_base and glue modules in addons/."""
import ast
import os
import subprocess
from pathlib import Path

from odoo.tests import BaseCase, tagged

REPO = Path(__file__).resolve().parent.parent
MANIFESTS = sorted([*REPO.glob("*/__manifest__.py"), *(REPO / "addons").glob("*/__manifest__.py")])


def bash(script, **env):
    return subprocess.run(
        ["bash", "-c", f"source {REPO}/scripts/lib/common.sh && {script}"],
        capture_output=True, text=True, check=True, env={**os.environ, **env},
    ).stdout.strip()


@tagged("post_install", "-at_install")
class TestLayout(BaseCase):

    def test_capability_modules_at_the_root(self):
        self.assertFalse((REPO / "addons" / "marketplace_catalog").exists())
        self.assertTrue((REPO / "marketplace_catalog" / "__manifest__.py").exists())
        self.assertTrue((REPO / "marketplace_orders" / "__manifest__.py").exists())
        self.assertTrue((REPO / "addons" / "marketplace_base" / "__manifest__.py").exists())

    def test_every_test_file_is_imported_by_its_module(self):
        """Odoo's own test runner only runs what tests/__init__.py imports."""
        for manifest in MANIFESTS:
            tests = manifest.parent / "tests"
            if not tests.is_dir():
                continue
            imported = set()
            for node in ast.walk(ast.parse((tests / "__init__.py").read_text())):
                if isinstance(node, ast.ImportFrom):
                    imported.update(alias.name for alias in node.names)
            for path in tests.glob("test_*.py"):
                self.assertIn(path.stem, imported, f"{path.relative_to(REPO)} is not imported by tests/__init__.py")

    def test_commands_install_every_module(self):
        """scripts/test, scripts/run, scripts/bench and the docker service install the same list."""
        names = {m.parent.name for m in MANIFESTS}
        self.assertEqual(set(bash("suite_modules").split(",")), names)
        self.assertIn("marketplace_catalog", names)
        compose = (REPO / "docker-compose.yml").read_text()
        self.assertIn("suite_modules", compose)
        self.assertNotIn('"-i", "marketplace_base"', compose)
        conf = (REPO / "config" / "odoo.conf").read_text()
        self.assertIn("addons_path = /mnt/marketplace/addons,/mnt/marketplace,", conf)
