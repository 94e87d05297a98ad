from datetime import datetime

from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import run_overlapped
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.tests import TransactionCase, tagged

from .common import CommittedSettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementConcurrency(CommittedSettlementCommon, TransactionCase):
    """Two workers settle the same member at the same moment: one settlement, one bill, one
    invoice. Committed data, real cursors (the store of these tests belongs to the hub, which
    stands for the member here)."""

    def test_two_workers_settle_a_member_once(self):
        def settle(env):
            Settlement = env["marketplace.settlement"]
            hub = env["res.company"].browse(self.hub_id)
            return Settlement._marketplace_settle_member(hub, self.LATER, "2030-01", hub).ids

        overlap = run_overlapped(self.registry, settle, settle)
        self.assertEqual(len(overlap.first), 1)
        self.assertTrue(overlap.finished_while_held, "the second worker did not wait for the member being settled")
        self.assertFalse(overlap.waited)
        self.assertEqual(overlap.second, [], "it left the member to the first worker")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            settlements = env["marketplace.settlement"].search([("member_id", "=", self.hub_id)])
            self.assertEqual(len(settlements), 1)
            self.assertEqual(sorted(settlements.move_ids.mapped("move_type")), ["in_invoice", "out_invoice"])
            line = env["marketplace.order"].browse(self.member_order_id).line_ids
            self.assertEqual(line.settlement_id, settlements)
            # and again, later: nothing more
            hub = env["res.company"].browse(self.hub_id)
            self.assertFalse(env["marketplace.settlement"]._marketplace_settle_member(hub, self.LATER, "2030-01", hub))

    def test_a_worker_that_read_before_the_other_committed_runs_again_rather_than_fails(self):
        """Review of issue 21: a worker whose snapshot was taken before another committed a
        member's settlement of the subscription alone (no line to lock) got the advisory lock
        once the first committed, did not see its settlement and met the month's unique
        constraint — an error neither Odoo nor the job queue retries (the whole batch of members
        failed). It now asks the job queue to run it again; run again, it settles nothing twice.
        (Locking the member's row instead made other writers of members fail: the review.)"""
        self.set_committed_fee(30.0)
        before_delivery = datetime(2029, 11, 1)  # the order's line is not due yet: the fee alone
        with self.registry.cursor() as late_cr:
            late = api.Environment(late_cr, SUPERUSER_ID, {})
            late_cr.execute("SELECT 1")  # its snapshot: before the other worker commits
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                hub = env["res.company"].browse(self.hub_id)
                first = env["marketplace.settlement"]._marketplace_settle_member(hub, before_delivery, "2030-01", hub)
                self.assertEqual((len(first), first.subscription_month), (1, "2030-01"))
            hub = late["res.company"].browse(self.hub_id)
            with self.assertRaisesRegex(RetryableJobError, "runs again"):
                late["marketplace.settlement"]._marketplace_settle_member(hub, before_delivery, "2030-01", hub)
            late_cr.rollback()
        with self.registry.cursor() as cr:  # retried
            env = api.Environment(cr, SUPERUSER_ID, {})
            hub = env["res.company"].browse(self.hub_id)
            self.assertFalse(env["marketplace.settlement"]._marketplace_settle_member(
                hub, before_delivery, "2030-01", hub))
            self.assertEqual(env["marketplace.settlement"].search_count([("member_id", "=", self.hub_id)]), 1)

    def set_committed_fee(self, fee):
        with self.registry.cursor() as cr:
            cr.execute("SELECT marketplace_subscription_fee FROM res_company WHERE id = %s", [self.hub_id])
            before = cr.fetchone()[0]
            cr.execute("UPDATE res_company SET marketplace_subscription_fee = %s WHERE id = %s", [fee, self.hub_id])

        def restore():
            with self.registry.cursor() as cr:
                cr.execute("UPDATE res_company SET marketplace_subscription_fee = %s WHERE id = %s",
                           [before, self.hub_id])
        self.addCleanup(restore)
