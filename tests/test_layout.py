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

    def test_production_configuration(self):
        """Issue 21: config/odoo.conf runs Odoo's multi-process server behind the proxy, with the
        job runner and a capacity for each of the suite's job channels; nginx sends /websocket to
        Odoo's gevent port; docker-compose runs Odoo, its proxy and PostgreSQL."""
        import configparser  # noqa: PLC0415
        import re  # noqa: PLC0415
        from xml.etree import ElementTree  # noqa: PLC0415

        conf = configparser.ConfigParser(inline_comment_prefixes=(";",))
        conf.read(REPO / "config" / "odoo.conf")
        options = conf["options"]
        self.assertGreater(options.getint("workers"), 1)
        self.assertGreaterEqual(options.getint("max_cron_threads"), 1)
        self.assertEqual((options["proxy_mode"], options["list_db"]), ("True", "False"))
        self.assertIn("queue_job", options["server_wide_modules"].split(","))
        self.assertLessEqual(options.getint("limit_time_real"), 120)
        channels = dict(item.split(":") for item in conf["queue_job"]["channels"].split(","))
        self.assertLess(int(channels["root"]), options.getint("workers"), "jobs leave HTTP workers for requests")
        channel_data = REPO / "addons" / "marketplace_base" / "data" / "queue_job_channel_data.xml"
        records = {record.get("id"): record for record in ElementTree.parse(channel_data).iter("record")}

        def complete_name(record):
            parent = record.find("field[@name='parent_id']").get("ref")
            name = record.find("field[@name='name']").text
            return f"root.{name}" if parent == "queue_job.channel_root" else f"{complete_name(records[parent])}.{name}"

        self.assertEqual({complete_name(r) for r in records.values()} - {"root.marketplace"}, set(channels) - {"root"})
        nginx = (REPO / "config" / "nginx.conf").read_text()
        websocket = re.search(r"upstream odoo_websocket \{\s*server [\w.]+:(\d+);", nginx)
        self.assertEqual(websocket.group(1), options["gevent_port"])
        self.assertRegex(nginx, r"location /websocket \{\s*proxy_pass http://odoo_websocket;")
        self.assertRegex(nginx, r"location /queue_job/ \{\s*deny all;")
        compose = (REPO / "docker-compose.yml").read_text()
        self.assertIn("image: nginx:", compose)
        self.assertIn("./config/nginx.conf:/etc/nginx/conf.d/default.conf", compose)
        self.assertIn("queue_job", (REPO / "config" / "docker" / "Dockerfile").read_text())
