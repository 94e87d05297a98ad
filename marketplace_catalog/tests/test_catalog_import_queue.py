"""Issue 21: a large supplier catalogue is imported by a chain of jobs, whole models each, once."""
import base64
from unittest.mock import patch

from odoo.addons.marketplace_base.tests.common import run_queued_jobs
from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon
from .test_catalog_import import HEADER, row

WIZARD = "odoo.addons.marketplace_catalog.wizard.marketplace_catalog_import"


@tagged("post_install", "-at_install")
class TestCatalogImportQueue(CatalogCommon, TransactionCase):

    FILE = (HEADER + row("MEP-ALBAN", 1, "41") + row("MEP-OSCAR", 4, "40", name="Mocassin Oscar daim bleu")
            + row("MEP-ALBAN", 2, "42") + "MEP-X;123;Sans code;Mephisto;;;;;;;40;1;2\n"
            + row("MEP-ALBAN", 3, "42,5") + row("MEP-ALBAN", 3, "43"))

    def catalogue_variants(self):
        return self.env["product.product"].search([("barcode", "=like", "300%")])

    def test_a_large_catalogue_is_imported_by_a_chain_of_jobs_once(self):
        self.hub.marketplace_feed_async_threshold = 3
        importer = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
            "file": base64.b64encode(self.FILE.encode()), "filename": "fournisseur.csv", "dry_run": False,
        })
        with patch(f"{WIZARD}.JOB_ROWS", 2):
            action = importer.action_import()
        self.assertEqual((action["res_model"], action["res_id"]), ("marketplace.catalog.import", importer.id))
        # Checked in the request: a bad barcode and a barcode twice refused at once; the good rows
        # cut into whole models (Alban's three sizes together, above the 2 rows of a part).
        self.assertEqual((importer.state, importer.job_count, importer.refused_count, importer.created_count),
                         ("queued", 2, 2, 0))
        self.assertEqual(sorted(importer.line_ids.mapped("line_number")), [5, 7])
        self.assertFalse(self.catalogue_variants(), "nothing imported in the request")
        jobs = self.env["queue.job"].search([("model_name", "=", "marketplace.catalog.import")], order="id")
        self.assertEqual(jobs.mapped("channel"), ["root.marketplace.import"] * 2)
        first = jobs.filtered(lambda job: job.args[0] == 0)
        self.assertEqual((first.state, (jobs - first).state), ("pending", "wait_dependencies"),
                         "one part after the other")

        run_queued_jobs(self.env)
        self.assertEqual(jobs.mapped("state"), ["done", "done"])
        self.assertEqual((importer.state, importer.created_count, importer.refused_count), ("done", 4, 2))
        variants = self.catalogue_variants()
        self.assertEqual(len(variants), 4)
        self.assertEqual(sorted(variants.filtered(lambda p: p.marketplace_supplier_ref == "MEP-ALBAN")
                                .mapped("marketplace_size")), ["41", "42", "42.5"])

        # The first part's worker died before its job was marked done: run again, it imports nothing.
        first.state = "pending"
        run_queued_jobs(self.env)
        self.assertEqual((importer.created_count, importer.unchanged_count), (4, 0))
        self.assertEqual(self.catalogue_variants(), variants)
        self.assertEqual(len(importer.line_ids), 6, "4 created, 2 refused: no line twice")

    def test_a_dry_run_and_a_small_file_stay_in_the_request(self):
        self.hub.marketplace_feed_async_threshold = 3
        for dry_run, threshold in ((True, 3), (False, 10)):
            self.hub.marketplace_feed_async_threshold = threshold
            importer = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
                "file": base64.b64encode(self.FILE.encode()), "filename": "fournisseur.csv", "dry_run": dry_run,
            })
            importer.action_import()
            self.assertEqual((importer.state, importer.created_count, importer.refused_count), ("done", 4, 2))
        self.assertFalse(self.env["queue.job"].search([("model_name", "=", "marketplace.catalog.import")]))
        self.assertEqual(len(self.catalogue_variants()), 4)

    def test_a_part_that_fails_fails_the_import_until_it_is_requeued(self):
        """Review of issue 21: a part whose job failed left the import *queued* for ever (the
        parts after it waiting on it): the import is failed, says so, and goes on once an
        administrator requeues the part and it succeeds."""
        self.hub.marketplace_feed_async_threshold = 3
        importer = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
            "file": base64.b64encode(self.FILE.encode()), "filename": "fournisseur.csv", "dry_run": False,
        })
        with patch(f"{WIZARD}.JOB_ROWS", 2):
            importer.action_import()
        Import = type(importer)
        with patch.object(Import, "_import_rows", side_effect=KeyError("secret internals")):
            run_queued_jobs(self.env, failures=True)
        jobs = self.env["queue.job"].search([("model_name", "=", "marketplace.catalog.import")], order="id")
        first = jobs.filtered(lambda job: job.args[0] == 0)
        self.assertEqual((first.state, (jobs - first).state), ("failed", "wait_dependencies"))
        self.assertEqual((importer.state, importer.created_count), ("failed", 0))
        self.assertIn("administrators were told", importer.error_message)
        self.assertNotIn("secret", importer.error_message)
        self.assertIn(self.admin_user.partner_id, first.message_partner_ids, "the administrators are told")

        first.requeue()
        run_queued_jobs(self.env)
        self.assertEqual(jobs.mapped("state"), ["done", "done"])
        self.assertEqual((importer.state, importer.created_count, importer.error_message), ("done", 4, False))

    def test_a_part_set_done_by_hand_fails_the_import(self):
        """Review: a part set done by hand imported nothing and left the import queued for ever."""
        self.hub.marketplace_feed_async_threshold = 3
        importer = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
            "file": base64.b64encode(self.FILE.encode()), "filename": "fournisseur.csv", "dry_run": False,
        })
        with patch(f"{WIZARD}.JOB_ROWS", 2):
            importer.action_import()
        jobs = self.env["queue.job"].search([("model_name", "=", "marketplace.catalog.import")], order="id")
        jobs.filtered(lambda job: job.args[0] == 0).button_done()
        run_queued_jobs(self.env)
        self.assertEqual(jobs.mapped("state"), ["done", "done"])
        self.assertEqual(importer.state, "failed", "its first part was never imported")
