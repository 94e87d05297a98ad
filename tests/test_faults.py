"""Issue 21, faults: an Odoo worker killed (SIGKILL) in the middle of its work, then the work run
again as production runs it again (queue_job's runner requeues a dead job; the payment
post-processing scheduled action confirms a paid order again): it is done exactly once.

Each worker is a process of its own (``tests/fault_worker.py``) on the test database's committed
data, killed while its transaction is open, after a chosen write."""
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import psycopg2
from psycopg2.extensions import ISOLATION_LEVEL_AUTOCOMMIT

from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import registry_unlocked
from odoo.addons.marketplace_catalog.tests.common import committed_hub_store, delete_committed_product
from odoo.addons.marketplace_catalog.utils import make_ean13
from odoo.addons.marketplace_commission.tests.common import CommittedSettlementCommon
from odoo.addons.marketplace_orders.tests.common import OrderConcurrencyCommon
from odoo.addons.queue_job.jobrunner.runner import Database, _connection_info_for
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

WORKER = Path(__file__).with_name("fault_worker.py")


def job_runner(dbname):
    """queue_job's runner class on this database, not elected master runner: the test server may
    run the real runner, which holds that lock."""
    runner = Database.__new__(Database)
    runner.db_name = dbname
    runner.conn = psycopg2.connect(**_connection_info_for(dbname))
    runner.conn.set_isolation_level(ISOLATION_LEVEL_AUTOCOMMIT)
    return runner


def hide_from_runner(cr, uuid):
    """Keep a job the test runs itself away from a real job runner of the test server: not due
    before tomorrow (the test enqueues it, and queue_job's controller runs an enqueued job
    whatever its date)."""
    cr.execute("UPDATE queue_job SET eta = now() AT TIME ZONE 'UTC' + interval '1 day' WHERE uuid = %s", [uuid])
FAULT_STORE = "FAULT-01"


class FaultCommon:
    """Start, kill and restart workers on committed data."""

    def worker(self, *args, pause=None):
        table, after = pause or ("", 0)
        return subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, str(WORKER), config.rcfile, self.env.cr.dbname, table, str(after), *map(str, args)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def kill_when_paused(self, process):
        """Wait for the worker to pause in its transaction, kill it (SIGKILL) and wait until
        PostgreSQL has ended its session (its transaction rolled back)."""
        line = process.stdout.readline()
        if not line.startswith("PAUSED"):
            process.kill()
            self.fail(f"the worker did not pause: {line!r} {process.stderr.read()[-3000:]}")
        backend = int(line.split()[1])
        process.kill()
        process.wait(30)
        self.assertEqual(process.returncode, -9, "killed by SIGKILL")
        deadline = time.monotonic() + 30
        with self.registry.cursor() as cr:
            while time.monotonic() < deadline:
                cr.execute("SELECT pg_stat_clear_snapshot()")  # read once per transaction otherwise
                cr.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend])
                if not cr.fetchone():
                    return
                time.sleep(0.05)
        self.fail("PostgreSQL kept the killed worker's session")

    def run_to_end(self, *args):
        process = self.worker(*args)
        out, err = process.communicate(timeout=300)
        self.assertEqual((process.returncode, out.strip()[-4:]), (0, "DONE"), err[-3000:])

    def job_state(self, uuid):
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM queue_job WHERE uuid = %s", [uuid])
            return cr.fetchone()[0]

    def requeued_state(self, uuid):
        """The job's state once requeued. The test server's own job runner, when it runs one, is
        woken by the test's writes and may requeue the dead job at the same moment as the test's
        runner: its statement then holds the job's lock row, the test's runner skips it (SKIP
        LOCKED) and the job shows *started* until the server's runner commits."""
        deadline = time.monotonic() + 10
        while (state := self.job_state(uuid)) == "started" and time.monotonic() < deadline:
            time.sleep(0.05)
        return state

    def run_job_killed_then_requeued(self, uuid, pause):
        """A job run by a worker killed after ``pause`` = (table, nth write), requeued by
        queue_job's runner as after a crash, and run again to its end."""
        runner = job_runner(self.env.cr.dbname)
        try:
            runner.set_job_enqueued(uuid)
            self.kill_when_paused(self.worker("job", uuid, pause=pause))
            self.assertEqual(self.job_state(uuid), "started", "the runner believes it still runs")
            self.check_nothing_done()
            with self.registry.cursor() as cr:  # the runner waits 10 s before it calls a job dead
                cr.execute("UPDATE queue_job SET date_enqueued = date_enqueued - interval '1 minute' "
                           "WHERE uuid = %s", [uuid])
            runner.requeue_dead_jobs()
            self.assertEqual(self.requeued_state(uuid), "pending", "the dead job is requeued")
            runner.set_job_enqueued(uuid)
            self.run_to_end("job", uuid)
        finally:
            runner.close()
        self.assertEqual(self.job_state(uuid), "done")

    def check_nothing_done(self):
        raise NotImplementedError

    def delete_jobs(self, cr, model):
        cr.execute("DELETE FROM queue_job WHERE model_name = %s AND state <> 'done' "
                   "OR (model_name = %s AND date_created > now() - interval '1 hour')", [model, model])


@tagged("post_install", "-at_install")
class TestFeedKilled(FaultCommon, TransactionCase):

    def setUp(self):
        super().setUp()
        self.enterContext(registry_unlocked())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            hub, store = committed_hub_store(env, FAULT_STORE, "FLT1", "Magasin panne")
            self.threshold = hub.marketplace_feed_async_threshold
            hub.marketplace_feed_async_threshold = 2
            products = env["product.template"].create([{
                "name": f"Bottine panne {n}", "is_storable": True, "marketplace_catalog": True,
                "barcode": make_ean13(990200 + n),
            } for n in range(3)]).product_variant_id
            self.store_id, self.product_ids, self.hub_id = store.id, products.ids, hub.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM marketplace_stock_feed WHERE store_id = %s", [self.store_id])
            self.delete_jobs(cr, "marketplace.stock.feed")
            for product_id in self.product_ids:
                delete_committed_product(cr, product_id)
            hub = api.Environment(cr, SUPERUSER_ID, {})["res.company"].browse(self.hub_id)
            hub.marketplace_feed_async_threshold = self.threshold

    def check_nothing_done(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT state FROM marketplace_stock_feed WHERE id = %s", [self.feed_id])
            self.assertEqual(cr.fetchone()[0], "queued")
            cr.execute("SELECT COUNT(*) FROM stock_move WHERE product_id = ANY(%s)", [self.product_ids])
            self.assertEqual(cr.fetchone()[0], 0, "nothing of the feed stays: its transaction was rolled back")

    def test_feed_job_killed_midway_applies_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            report = env["marketplace.stock.feed"].submit(FAULT_STORE, [
                {"barcode": make_ean13(990200 + n), "quantity": 4 + n} for n in range(3)], mode="full")
            self.assertEqual(report["state"], "queued")
            feed = env["marketplace.stock.feed"].browse(report["feed_id"])
            self.feed_id, uuid = feed.id, feed.job_uuid
            hide_from_runner(cr, uuid)
        # Killed after the inventory move of the first line.
        self.run_job_killed_then_requeued(uuid, pause=("stock_move", 1))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            feed = env["marketplace.stock.feed"].browse(self.feed_id)
            self.assertEqual((feed.state, feed.applied_count), ("done", 3))
            location = env["stock.warehouse"].browse(self.store_id).lot_stock_id
            self.assertEqual(env["marketplace.stock.feed"]._marketplace_current_quantities(location, self.product_ids),
                             dict(zip(self.product_ids, (4, 5, 6), strict=True)))
            cr.execute("SELECT product_id, COUNT(*) FROM stock_move WHERE product_id = ANY(%s) AND state = 'done' "
                       "GROUP BY product_id", [self.product_ids])
            self.assertEqual(dict(cr.fetchall()), dict.fromkeys(self.product_ids, 1), "one inventory move each")


@tagged("post_install", "-at_install")
class TestOrderWorkKilled(FaultCommon, OrderConcurrencyCommon, TransactionCase):
    """The re-routing of an expired order and the confirmation of a paid order, each killed."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._cleanup_jobs_and_payments)

    def _cleanup_jobs_and_payments(self):
        with self.registry.cursor() as cr:
            self.delete_jobs(cr, "marketplace.order")
            cr.execute("""DELETE FROM payment_transaction WHERE source_transaction_id IN
                          (SELECT id FROM payment_transaction WHERE partner_id = %s)""", [self.customer_id])
            cr.execute("DELETE FROM payment_transaction WHERE partner_id = %s", [self.customer_id])
            if provider_values := getattr(self, "provider_values", None):
                api.Environment(cr, SUPERUSER_ID, {}).ref("payment.payment_provider_demo").write({
                    "state": provider_values["state"], "capture_manually": provider_values["capture_manually"],
                    "company_id": provider_values["company_id"][0]})

    def check_nothing_done(self):
        self.check()

    def test_rerouting_job_killed_midway_releases_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.order_and_confirm(env))
            member_order = order.marketplace_order_ids
            member_order.accept_deadline = "2026-01-01 00:00:00"
            member_order._marketplace_enforce_deadlines(datetime(2026, 1, 2))
            self.assertEqual((member_order.state, member_order.release_pending), ("expired", True))
            order_id, member_order_id = order.id, member_order.id
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["marketplace.order"]._cron_marketplace_release(batch_size=1)
            job = env["queue.job"].search([("identity_key", "=", f"marketplace.release,{member_order_id}")])
            uuid = job.uuid
            hide_from_runner(cr, uuid)

        def check(released=False):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                member_order = env["marketplace.order"].browse(member_order_id)
                self.assertEqual(member_order.release_pending, not released)
                self.assertEqual(member_order.picking_id.state, "cancel" if released else "assigned")
                self.assertEqual(env["sale.order"].browse(order_id).marketplace_order_ids, member_order,
                                 "routed to no other store (there is none)")
                cr.execute("SELECT SUM(reserved_quantity) FROM stock_quant WHERE product_id = %s", [self.product_id])
                self.assertEqual(cr.fetchone()[0], 0 if released else 1)

        self.check = check
        # Killed once the picking is cancelled, before the pair is back on the shelf.
        self.run_job_killed_then_requeued(uuid, pause=("stock_picking", 1))
        check(released=True)

    def test_checkout_confirmation_killed_midway_confirms_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            provider = env.ref("payment.payment_provider_demo")
            self.provider_values = provider.read(["state", "capture_manually", "company_id"])[0]
            provider.write({"state": "test", "capture_manually": True, "company_id": self.hub_id})
            order = env["sale.order"].create({
                "partner_id": self.customer_id, "company_id": self.hub_id,
                "order_line": [(0, 0, {"product_id": self.product_id, "product_uom_qty": 1})],
            })
            transaction = env["payment.transaction"].create({
                "provider_id": provider.id, "payment_method_id": env.ref("payment_demo.payment_method_demo").id,
                "amount": order.amount_total, "currency_id": order.currency_id.id,
                "partner_id": self.customer_id, "reference": f"{order.name}-FAULT",
                "sale_order_ids": [(6, 0, order.ids)],
            })
            transaction._handle_notification_data(
                "demo", {"reference": transaction.reference, "simulated_state": "done"})
            self.assertEqual((transaction.state, order.state), ("authorized", "draft"))
            order_id, transaction_id = order.id, transaction.id
            cron_id = env.ref("payment.cron_post_process_payment_tx").id

        def check(confirmed=False):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                order = env["sale.order"].browse(order_id)
                self.assertEqual(order.state, "sale" if confirmed else "draft")
                self.assertEqual(len(order.marketplace_order_ids), 1 if confirmed else 0)
                self.assertEqual(env["payment.transaction"].browse(transaction_id).is_post_processed, confirmed)
                cr.execute("SELECT SUM(reserved_quantity) FROM stock_quant WHERE product_id = %s", [self.product_id])
                self.assertEqual(cr.fetchone()[0], 1 if confirmed else 0)
                if confirmed:
                    self.assertFalse(order._marketplace_ledger().check())

        # The payment's post-processing (the customer back on the shop) killed once the member
        # order and its picking are being written; the post-processing scheduled action then confirms it.
        self.kill_when_paused(self.worker("call", "payment.transaction", "_post_process", transaction_id,
                                          pause=("stock_picking", 1)))
        check()
        self.run_to_end("call", "ir.cron", "method_direct_trigger", cron_id)
        check(confirmed=True)
        self.run_to_end("call", "ir.cron", "method_direct_trigger", cron_id)
        check(confirmed=True)


@tagged("post_install", "-at_install")
class TestSettlementKilled(FaultCommon, CommittedSettlementCommon, TransactionCase):
    """A settlement job killed between the member's bill and its commission invoice."""

    def setUp(self):
        super().setUp()
        self.addCleanup(self._cleanup_jobs)

    def _cleanup_jobs(self):
        with self.registry.cursor() as cr:
            self.delete_jobs(cr, "marketplace.settlement")

    def settled(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            settlements = env["marketplace.settlement"].search([("member_id", "=", self.hub_id)])
            return (len(settlements), sorted(settlements.move_ids.mapped("move_type")),
                    env["marketplace.order"].browse(self.member_order_id).line_ids.settlement_id == settlements)

    def check_nothing_done(self):
        self.assertEqual(self.settled(), (0, [], True), "no settlement, no invoice: all rolled back")

    def test_settlement_job_killed_midway_settles_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            hub = env["res.company"].browse(self.hub_id)
            Settlement = env["marketplace.settlement"].with_delay(channel="root.marketplace.settlement")
            job = Settlement._marketplace_settle_member(hub, self.LATER, "2030-01", hub)
            uuid = job.uuid
            env.flush_all()
            hide_from_runner(cr, uuid)
        # Killed once the member's self-billed bill is written, before its commission invoice.
        self.run_job_killed_then_requeued(uuid, pause=("account_move", 1))
        self.assertEqual(self.settled(), (1, ["in_invoice", "out_invoice"], True))
