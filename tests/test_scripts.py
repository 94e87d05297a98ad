"""The commands' shell helpers (scripts/lib/common.sh), run as a new user runs them."""
import os
import subprocess
import tempfile
from pathlib import Path

from odoo.tests import BaseCase, tagged

REPO = Path(__file__).resolve().parent.parent


def bash(script):
    return subprocess.run(
        ["bash", "-c", f"source {REPO}/scripts/lib/common.sh && {script}"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()


@tagged("post_install", "-at_install")
class TestScripts(BaseCase):

    def test_cluster_of_a_clone_in_a_private_folder(self):
        """A first try is often `git clone` into root's home (mode 700): as root, ./scripts/run's
        cluster runs as the postgres user, which must be able to reach it."""
        with tempfile.TemporaryDirectory() as private:
            os.chmod(private, 0o700)
            wanted = f"{private}/clone/.local/pg"
            used = bash(
                f'REPO_ROOT={private}/clone; d="$(pg_cluster_dir {wanted})"; '
                f'start_pg "$d" >&2 && pg_as_owner "$PG_BIN_DIR/pg_ctl" -D "$d/data" status >/dev/null '
                f'&& echo "$d"; stop_pg; [ "$d" = {wanted} ] || rm -rf "$d"'
            )
            self.assertTrue(used, "the cluster started")
            if os.getuid() == 0:
                self.assertNotEqual(used, wanted, "the postgres user cannot reach a folder inside a private one")
            else:
                self.assertEqual(used, wanted)
