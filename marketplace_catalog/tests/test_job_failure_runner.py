"""Review of issue 21: queue_job's controller stores a job's failure from another cursor while
the job's own transaction is still open. Its end, told to the records (the queued feed), must not
wait on the rows the failed job locked: the worker would hang until killed, the runner queue the
job again, and the store's feeds hang for ever."""
import threading
import time
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import registry_unlocked
from odoo.tests import TransactionCase, tagged

from ..models.marketplace_stock_feed import MarketplaceStockFeed
from ..utils import make_ean13
from .common import committed_hub_store, delete_committed_product

STORE_CODE = "PANNE-01"


@tagged("post_install", "-at_install")
class TestJobFailureThroughTheRunner(TransactionCase):
    """Committed data, the job run by queue_job's own controller code in a thread."""

    def setUp(self):
        super().setUp()
        self.enterContext(registry_unlocked())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            _hub, store = committed_hub_store(env, STORE_CODE, "PANN", "Magasin en panne")
            product = env["product.product"].search([("barcode", "=", make_ean13(990078))])
            if not product:
                product = env["product.template"].create({
                    "name": "Botte en panne", "is_storable": True, "marketplace_catalog": True,
                    "barcode": make_ean13(990078)}).product_variant_id
            self.store_id, self.product_id = store.id, product.id
            feed = env["marketplace.stock.feed"].sudo().create({
                "store_id": store.id, "state": "queued", "line_count": 1,
                "pending_lines": [{"barcode": make_ean13(990078), "quantity": 2}]})
            job = feed.with_user(SUPERUSER_ID).with_delay(channel="root.marketplace.feed")._marketplace_run_queued()
            feed.job_uuid = job.uuid
            env.flush_all()
            cr.execute("UPDATE queue_job SET state = 'enqueued' WHERE uuid = %s", [job.uuid])
            self.feed_id, self.uuid = feed.id, job.uuid
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM queue_job WHERE uuid = %s", [self.uuid])
            cr.execute("DELETE FROM marketplace_stock_feed WHERE store_id = %s", [self.store_id])
            delete_committed_product(cr, self.product_id)

    def test_a_failing_feed_job_is_stored_failed_and_fails_its_feed(self):
        from odoo.addons.queue_job.controllers.main import RunJobController  # noqa: PLC0415
        job_pid, errors = [], []

        def bug(feed, lines):
            job_pid.append(feed.env.cr._cnx.info.backend_pid)
            raise KeyError("a bug")

        def worker():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    job = RunJobController._acquire_job(env, self.uuid)
                    RunJobController._runjob(env, job)
            except Exception as error:  # noqa: BLE001 - the job's error, re-raised by the controller
                errors.append(error)

        with patch.object(MarketplaceStockFeed, "_marketplace_apply", bug):
            thread = threading.Thread(target=worker)
            thread.start()
            waiter = None
            with self.registry.cursor() as watch:
                deadline = time.monotonic() + 15
                while thread.is_alive() and time.monotonic() < deadline and waiter is None:
                    time.sleep(0.2)
                    watch.execute("SELECT pg_stat_clear_snapshot()")
                    if job_pid:
                        watch.execute("SELECT pid, query FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
                                      [job_pid[0]])
                        waiter = watch.fetchone()
                if waiter:
                    time.sleep(2)
                    watch.execute("SELECT pg_cancel_backend(%s)", [waiter[0]])  # free the worker, then fail
            thread.join(30)
        self.assertIsNone(waiter, "the failure's cursor waited on the failed job's own transaction")
        self.assertEqual([type(error) for error in errors], [KeyError], "the job's error, as queue_job re-raises it")
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM queue_job WHERE uuid = %s", [self.uuid])
            job_state = cr.fetchone()[0]
            cr.execute("SELECT state FROM marketplace_stock_feed WHERE id = %s", [self.feed_id])
            feed_state = cr.fetchone()[0]
        self.assertEqual((job_state, feed_state), ("failed", "failed"))
