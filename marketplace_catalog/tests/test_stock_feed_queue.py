"""Issue 21: a large stock feed leaves the request — a job of OCA's queue_job applies it, once."""
from unittest.mock import patch

from odoo.addons.marketplace_base.tests.common import run_migration, run_queued_jobs
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestStockFeedQueue(CatalogCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hub.marketplace_feed_async_threshold = 2
        cls.lines = [
            {"barcode": cls.v38.barcode, "quantity": 5, "line": 2},
            {"barcode": cls.v39.barcode, "quantity": 3, "line": 3},
            {"barcode": cls.v40.barcode, "quantity": -1, "line": 4},
        ]

    def submit(self, lines, user=None, **kwargs):
        Feed = self.env["marketplace.stock.feed"].with_user(user or self.user_lyon)
        return Feed.submit(self.store_lyon.marketplace_store_code, lines, **kwargs)

    def feed_jobs(self):
        return self.env["queue.job"].search([("model_name", "=", "marketplace.stock.feed")])

    def test_a_large_feed_is_queued_then_applied_once(self):
        report = self.submit(self.lines, reference="z-2026-12-03")
        self.assertEqual((report["state"], report["lines"], report["applied"], report["issues"]),
                         ("queued", 3, 0, []), "the sender gets the feed at once, queued")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 0, "nothing applied in the request")
        job = self.feed_jobs()
        self.assertEqual((len(job), job.state, job.channel), (1, "pending", "root.marketplace.feed"))
        self.assertEqual(job.user_id, self.env.ref("base.user_root"), "its failures go to the administrators")
        self.assertFalse(job.args, "the job carries none of the sender's data: the lines wait on the feed")
        Feed = self.env["marketplace.stock.feed"].with_user(self.user_lyon)
        self.assertEqual(Feed.report(report["feed_id"])["state"], "queued")
        # The same reference sent again while queued: the queued feed, no second job.
        again = self.submit(self.lines, reference="z-2026-12-03")
        self.assertEqual((again["feed_id"], again["duplicate"], again["state"]), (report["feed_id"], True, "queued"))
        self.assertEqual(self.feed_jobs(), job)

        run_queued_jobs(self.env)
        done = Feed.report(report["feed_id"])
        self.assertEqual((done["state"], done["lines"], done["applied"], done["rejected"]), ("done", 3, 2, 1))
        self.assertEqual([(i["line"], i["reason"]) for i in done["issues"]], [(4, "negative")])
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 5)
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 3)
        moves = self.env["stock.move"].search([("origin", "=", report["name"])])
        self.assertEqual(len(moves), 2)

        # Its worker died after applying it but before the job was marked done: the job runner
        # queues it again. The second run applies nothing.
        job.state = "pending"
        self.set_stock_by_hand(self.v38, 4)  # sold since at the counter
        run_queued_jobs(self.env)
        self.assertEqual(job.state, "done")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 4, "the feed was not applied twice")
        self.assertEqual(self.env["stock.move"].search([("origin", "=", report["name"])]), moves)
        self.assertEqual(Feed.report(report["feed_id"])["applied"], 2)

    def test_a_small_feed_stays_in_the_request(self):
        report = self.submit(self.lines[:2])
        self.assertEqual((report["state"], report["applied"]), ("done", 2))
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 5)
        self.assertFalse(self.feed_jobs())

    def test_only_the_stores_member_and_the_hub_read_a_feeds_report(self):
        report = self.submit(self.lines)
        with self.assertRaises(AccessError):
            self.env["marketplace.stock.feed"].with_user(self.user_marseille).report(report["feed_id"])
        self.assertEqual(
            self.env["marketplace.stock.feed"].with_user(self.animator_user).report(report["feed_id"])["name"],
            report["name"])
        for bad in (None, "1", True, 10**9):
            with self.assertRaises(UserError):
                self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(bad)

    def test_a_feed_its_job_cannot_apply_is_reported_failed(self):
        report = self.submit(self.lines)
        with patch.object(type(self.env["marketplace.stock.feed"]), "_marketplace_apply",
                          side_effect=UserError("Le magasin est fermé.")):
            run_queued_jobs(self.env)
        failed = self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(report["feed_id"])
        self.assertEqual((failed["state"], failed["error"]), ("failed", "Le magasin est fermé."))
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 0)
        # A job that failed on an error it cannot retry (shown to the administrators in the job
        # queue), or that an administrator cancelled: the sender is told, not the job's internals.
        for job_state in ("failed", "cancelled"):
            feed = self.submit(self.lines)
            self.env["queue.job"].search([("state", "=", "pending")]).write(
                {"state": job_state, "exc_message": "psycopg2.errors.InternalError: secret"})
            failed = self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(feed["feed_id"])
            self.assertEqual(failed["state"], "failed")
            self.assertIn("administrators were told", failed["error"])
            self.assertNotIn("secret", failed["error"])

    def test_a_feed_whose_job_failed_holds_back_no_later_feed(self):
        """Review of issue 21: a feed whose job failed (an error it cannot retry) stayed *queued*
        in the database, so every later feed of the store queued behind it and each of their jobs
        tried it again: the store's stock was stuck for good."""
        report = self.submit(self.lines)
        with patch.object(type(self.env["marketplace.stock.feed"]), "_marketplace_apply",
                          side_effect=KeyError("secret internals")):
            run_queued_jobs(self.env, failures=True)
        job = self.feed_jobs()
        self.assertEqual(job.state, "failed")
        feed = self.env["marketplace.stock.feed"].browse(report["feed_id"])
        self.assertEqual(feed.state, "failed", "failed in the database, not only in its report")
        self.assertIn("administrators were told", feed.error_message)
        self.assertNotIn("secret", feed.error_message)
        # The hub's administrators are told, though the job worked on a member's data (queue_job
        # tells the job managers of the job's company only).
        self.assertIn(self.admin_user.partner_id, job.message_partner_ids)
        self.assertTrue(self.admin_user.has_group("queue_job.group_queue_job_manager"))

        small = self.submit(self.lines[:2])
        self.assertEqual((small["state"], small["applied"]), ("done", 2), "applied at once, behind nothing")
        later = self.submit([{"barcode": self.v38.barcode, "quantity": 7}, *self.lines[1:]])
        self.assertEqual(later["state"], "queued")
        run_queued_jobs(self.env)
        self.assertEqual(self.env["marketplace.stock.feed"].browse(later["feed_id"]).state, "done")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 7)
        # Requeued by an administrator, the failed job applies nothing: its sender was told.
        job.requeue()
        run_queued_jobs(self.env)
        self.assertEqual((job.state, feed.state), ("done", "failed"))
        self.assertIn("no longer waiting", job.result)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 7)

    def test_a_job_set_done_by_hand_fails_its_feed(self):
        report = self.submit(self.lines)
        self.feed_jobs().button_done()
        self.assertEqual(self.env["marketplace.stock.feed"].browse(report["feed_id"]).state, "failed")
        self.assertEqual(self.submit(self.lines[:2])["state"], "done")

    def test_a_store_has_at_most_so_many_feeds_waiting(self):
        Feed = type(self.env["marketplace.stock.feed"])
        with patch.object(Feed, "_marketplace_max_queued_feeds", 2):
            self.submit(self.lines)
            self.submit(self.lines[:1])  # queued behind the first
            with self.assertRaisesRegex(UserError, "already has 2 feeds waiting"):
                self.submit(self.lines[:1])
            self.assertEqual(self.env["marketplace.stock.feed"].search_count([("state", "=", "queued")]), 2)
            run_queued_jobs(self.env)
            self.assertEqual(self.submit(self.lines[:1])["state"], "done")

    def test_a_queued_feed_holds_numbers_json_cannot(self):
        """Review of issue 21: NaN or infinity in a large feed (XML-RPC carries them) made the
        request fail with a database error (PostgreSQL's JSON has neither): rejected as in a
        small feed, the good lines applied."""
        lines = [
            {"barcode": self.v38.barcode, "quantity": float("nan"), "line": 2},
            {"barcode": self.v39.barcode, "quantity": float("inf"), "line": 3},
            {"barcode": self.v40.barcode, "quantity": 4, "line": 4, "extra": [[[[["deep"]]]]]},
        ]
        report = self.submit(lines)
        self.assertEqual(report["state"], "queued")
        run_queued_jobs(self.env)
        done = self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(report["feed_id"])
        self.assertEqual((done["state"], done["applied"]), ("done", 1))
        self.assertEqual([(i["line"], i["reason"]) for i in done["issues"]],
                         [(2, "not_a_number"), (3, "not_a_number")])
        self.assertEqual(self.store_qty(self.store_lyon, self.v40), 4)
        # Review: a NUL character (JSON-RPC carries it) is rejected as in a small feed, not a
        # database error.
        bad = {"barcode": "12\x0034", "quantity": 1, "line": 2}
        small = self.submit([bad])
        self.assertEqual((small["state"], small["rejected"]), ("done", 1))
        report = self.submit([bad, {"barcode": self.v38.barcode, "quantity": 6, "\x00": "\ud800"},
                              {"barcode": self.v39.barcode, "quantity": 1}])
        self.env.flush_all()
        run_queued_jobs(self.env)
        done = self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(report["feed_id"])
        self.assertEqual((done["state"], done["applied"], done["rejected"]), ("done", 2, 1))
        self.assertEqual(done["issues"][0]["reason"], small["issues"][0]["reason"])

    def test_queued_feeds_apply_in_the_order_they_came(self):
        """A small delta sent while a large full feed waits is queued behind it: the full feed's
        older quantities never overwrite the newer ones, whichever job runs first."""
        full = self.submit(self.lines, mode="full")
        delta = self.submit([{"barcode": self.v38.barcode, "quantity": 1}])
        self.assertEqual((full["state"], delta["state"]), ("queued", "queued"))
        later, first = self.feed_jobs().sorted(lambda job: -job.id)[:1], self.feed_jobs().sorted("id")[:1]
        self.assertNotEqual(later, first)
        first.state = "wait_dependencies"  # the later feed's job runs first
        run_queued_jobs(self.env)
        Feed = self.env["marketplace.stock.feed"].with_user(self.user_lyon)
        self.assertEqual((Feed.report(full["feed_id"])["state"], Feed.report(delta["feed_id"])["state"]),
                         ("done", "done"))
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 1, "the delta came last")
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 3)
        first.state = "pending"
        run_queued_jobs(self.env)
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 1, "nothing applied twice")

    def test_a_queued_feed_holds_any_line_and_waits_for_an_open_member(self):
        """Lines are data, never instructions to the job queue (queue_job decodes dicts with a
        ``_type`` key); a member closed before the job runs gets nothing applied."""
        import xmlrpc.client  # noqa: PLC0415

        report = self.submit([
            {"_type": "date_isoformat", "value": "x"},
            {"_type": "odoo_recordset"},
            {"barcode": self.v38.barcode, "quantity": xmlrpc.client.Binary(b"12")},
            {"barcode": self.v39.barcode, "quantity": 2},
        ])
        run_queued_jobs(self.env)
        done = self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(report["feed_id"])
        self.assertEqual((done["state"], done["applied"], done["rejected"]), ("done", 2, 2))
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 12, "XML-RPC's base64 read as its text")
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 2)

        queued = self.submit(self.lines)
        self.member_lyon.sudo().marketplace_state = "closed"
        run_queued_jobs(self.env)
        failed = self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(queued["feed_id"])
        self.assertEqual(failed["state"], "failed")
        self.assertIn("is closed", failed["error"])
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 12)

    def set_stock_by_hand(self, product, quantity):
        self.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": self.store_lyon.lot_stock_id.id,
            "inventory_quantity": quantity,
        }).action_apply_inventory()

    def test_upgrade_fails_the_feeds_whose_job_ended(self):
        report = self.submit(self.lines)
        still = self.submit(self.lines)
        self.env.flush_all()
        self.env.cr.execute("UPDATE queue_job SET state = 'failed' WHERE uuid = %s",
                            [self.env["marketplace.stock.feed"].browse(report["feed_id"]).job_uuid])
        self.env.invalidate_all()
        self.assertEqual(self.env["marketplace.stock.feed"].browse(report["feed_id"]).state, "queued")
        run_migration(self.env, "marketplace_catalog", "18.0.1.6.0", from_version="18.0.1.5.0")
        self.assertEqual(self.env["marketplace.stock.feed"].browse(report["feed_id"]).state, "failed")
        self.assertEqual(self.env["marketplace.stock.feed"].browse(still["feed_id"]).state, "queued",
                         "its job still pending")
