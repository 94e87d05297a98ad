"""Issue 21: the référencier export of a whole catalogue is written by a job (OCA queue_job)."""
import base64
from unittest.mock import patch

from odoo.addons.marketplace_base.tests.common import run_queued_jobs
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from ..models.marketplace_catalog_export import EXPORT_COLUMNS
from .common import CatalogCommon


class ExportQueueCommon(CatalogCommon):

    def setUp(self):
        super().setUp()
        self.Export = self.env["marketplace.catalog.export"].with_user(self.user_lyon).with_company(self.member_lyon)

    def export_jobs(self):
        return self.env["queue.job"].search([("model_name", "=", "marketplace.catalog.export")], order="id")


@tagged("post_install", "-at_install")
class TestCatalogExportQueue(ExportQueueCommon, TransactionCase):

    def test_large_catalogue_is_written_by_a_job(self):
        self.hub.marketplace_feed_async_threshold = 3  # the tests' catalogue has 4 variants
        action = self.Export.action_export_full()
        self.assertEqual((action["type"], action["params"]["type"]), ("ir.actions.client", "info"))
        self.assertIn("background", action["params"]["message"])
        export = self.Export.search([], limit=1)
        self.assertEqual((export.mode, export.state, export.attachment_id.id), ("full", "queued", False))
        with self.assertRaisesRegex(UserError, "being prepared"):
            export.action_download()
        jobs = self.export_jobs()
        self.assertEqual(len(jobs), 1)
        self.assertEqual((jobs.channel, jobs.state, jobs.user_id),
                         ("root.marketplace.export", "pending", self.user_lyon))

        run_queued_jobs(self.env)
        self.assertEqual((jobs.state, export.state, export.line_count), ("done", "done", 4))
        attachment = export.attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id, attachment.mimetype),
                         ("marketplace.catalog.export", export.id, "text/csv"))
        lines = base64.b64decode(attachment.datas).decode("utf-8-sig").strip().split("\r\n")
        self.assertEqual(lines[0], ";".join(EXPORT_COLUMNS))
        self.assertEqual(len(lines), 5, "the header and the 4 variants")
        self.assertIn(self.v38.barcode, "".join(lines))
        self.assertEqual(export.action_download()["url"], f"/marketplace/catalog/export/{export.id}")
        self.env.cr.precommit.run()  # Odoo sends bus notifications at commit
        told = self.env["bus.bus"].search([("message", "like", "simple_notification")], order="id desc", limit=1)
        self.assertIn(f'"res.partner",{self.user_lyon.partner_id.id}]', told.channel, "the member is told it is ready")

        # The worker died before the job was marked done: run again, the file is not written twice.
        jobs.state = "pending"
        run_queued_jobs(self.env)
        self.assertEqual(self.env["ir.attachment"].search(
            [("res_model", "=", "marketplace.catalog.export"), ("res_id", "=", export.id)]), attachment)

    def test_one_export_prepared_at_a_time_and_a_failed_one_says_so(self):
        """Review of issue 21: every click queued one more whole-catalogue job, and an export whose
        job failed stayed *being prepared* for ever, and was the start of the member's next changes."""
        self.hub.marketplace_feed_async_threshold = 3
        self.Export.action_export_full()
        again = self.Export.action_export_full()
        self.assertIn("background", again["params"]["message"])
        self.assertEqual(len(self.export_jobs()), 1, "clicking again queues nothing more")
        export = self.Export.search([], limit=1)
        with patch.object(type(export), "_stream_to_file", side_effect=KeyError("secret internals")):
            run_queued_jobs(self.env, failures=True)
        self.assertEqual((self.export_jobs().state, export.state), ("failed", "failed"))
        with self.assertRaisesRegex(UserError, "could not be prepared"):
            export.action_download()
        self.env.cr.precommit.run()  # Odoo sends bus notifications at commit
        told = self.env["bus.bus"].search([("message", "like", "simple_notification")], order="id desc", limit=1)
        self.assertIn(f'"res.partner",{self.user_lyon.partner_id.id}]', told.channel)
        self.assertIn("export it again", told.message)
        # The next changes start where the last export the member got did, not the failed one.
        delta = self.Export._marketplace_start(delta=True)
        self.assertFalse(delta.since)
        self.Export.action_export_full()
        self.assertEqual(len(self.export_jobs()), 2, "exported again: queued again")

    def test_an_export_job_set_done_by_hand_fails_its_export(self):
        """Review: set done by hand, the job wrote nothing and the member could never export the
        whole catalogue again (one export prepared at a time)."""
        self.hub.marketplace_feed_async_threshold = 3
        self.Export.action_export_full()
        export = self.Export.search([], limit=1)
        self.export_jobs().button_done()
        self.assertEqual(export.state, "failed")
        self.Export.action_export_full()
        self.assertEqual(len(self.export_jobs()), 2, "exported again: queued again")

    def test_changes_start_from_the_last_export_the_member_got(self):
        """Review: changes taken while a whole catalogue was being prepared started from it; when
        it failed, the changes made before it were never delivered."""
        first = self.Export.export_catalog()  # the member got everything on 1 June
        self.age_catalogue(first["export_id"])
        self.env.cr.execute("UPDATE product_product SET write_date = '2026-07-01' WHERE id = %s", [self.v40.id])
        self.env.invalidate_all()
        self.hub.marketplace_feed_async_threshold = 3
        self.Export.action_export_full()  # being prepared, taken after the July change
        queued = self.Export.search([("state", "=", "queued")])
        self.env.cr.execute("UPDATE marketplace_catalog_export SET snapshot = '2026-08-01' WHERE id = %s",
                            [queued.id])
        self.env.invalidate_all()
        delta = self.Export.export_catalog(delta=True)
        self.assertEqual(str(self.Export.browse(delta["export_id"]).since), "2026-06-01 00:00:00")
        self.assertIn(self.v40.barcode, delta["content"], "the July change of size 40 is delivered")

    def test_a_members_newer_file_replaces_its_older_one(self):
        """Review of issue 21: every background export kept its file for ever (megabytes for each
        of 1,600 members, each time): a member keeps its latest file."""
        self.hub.marketplace_feed_async_threshold = 3
        self.Export.action_export_full()
        run_queued_jobs(self.env)
        first = self.Export.search([], limit=1)
        first_file = first.attachment_id
        self.assertTrue(first_file)
        other = self.env["marketplace.catalog.export"].with_user(self.user_marseille).with_company(
            self.member_marseille)
        other.action_export_full()
        self.Export.action_export_full()
        run_queued_jobs(self.env)
        latest = self.Export.search([], limit=1)
        self.assertNotEqual(latest, first)
        self.assertEqual((latest.state, first.state, first.attachment_id.id), ("done", "replaced", False))
        self.assertFalse(first_file.exists(), "the older file is gone")
        with self.assertRaisesRegex(UserError, "replaced by a newer one"):
            first.action_download()
        self.assertTrue(other.search([], limit=1).attachment_id, "another member's file stays")

    def test_small_catalogue_and_changes_download_at_once(self):
        self.hub.marketplace_feed_async_threshold = 2000
        action = self.Export.action_export_full()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.hub.marketplace_feed_async_threshold = 3
        action = self.Export.action_export_delta()
        self.assertEqual(action["type"], "ir.actions.act_url", "the changes since the last export stay in the request")
        self.assertFalse(self.export_jobs())
        self.assertEqual(set(self.Export.search([]).mapped("state")), {"done"})


@tagged("post_install", "-at_install")
class TestCatalogExportQueueDownload(ExportQueueCommon, HttpCase):

    def test_member_downloads_the_written_file_only_its_own(self):
        self.hub.marketplace_feed_async_threshold = 3
        self.Export.action_export_full()
        export = self.Export.search([], limit=1)
        run_queued_jobs(self.env)
        # The catalogue changes after the file was written: the download is the file.
        self.v38.product_tmpl_id.name = "Basket Jules renommée"
        self.authenticate("testeau", "member-pass")
        response = self.url_open(f"/marketplace/catalog/export/{export.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("referencier-T001-full", response.headers["Content-Disposition"])
        content = response.content.decode("utf-8-sig")
        self.assertIn("Basket Jules cuir blanc", content)
        self.assertNotIn("renommée", content)
        self.assertEqual(self.url_open(f"/web/content/{export.attachment_id.id}").status_code, 200)
        self.authenticate("vieuxport", "member-pass")
        self.assertEqual(self.url_open(f"/marketplace/catalog/export/{export.id}").status_code, 404)
        self.assertNotEqual(self.url_open(f"/web/content/{export.attachment_id.id}").status_code, 200,
                            "nor the file itself")
