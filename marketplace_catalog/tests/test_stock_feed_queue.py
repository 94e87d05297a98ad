"""Issue 21: a large stock feed leaves the request — a job of OCA's queue_job applies it, once."""
from unittest.mock import patch

from odoo.addons.marketplace_base.tests.common import run_queued_jobs
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
        self.assertEqual(job.user_id, self.user_lyon)
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
        # queue): the sender is told too.
        second = self.submit(self.lines)
        self.env["queue.job"].search([("state", "=", "pending")]).write(
            {"state": "failed", "exc_message": "Worker killed"})
        failed = self.env["marketplace.stock.feed"].with_user(self.user_lyon).report(second["feed_id"])
        self.assertEqual((failed["state"], failed["error"]), ("failed", "Worker killed"))

    def set_stock_by_hand(self, product, quantity):
        self.env["stock.quant"].with_context(inventory_mode=True).create({
            "product_id": product.id, "location_id": self.store_lyon.lot_stock_id.id,
            "inventory_quantity": quantity,
        }).action_apply_inventory()
