"""Issue 21: the monthly settlement runs as jobs of OCA's queue_job, a batch of members each."""
from freezegun import freeze_time

from odoo.addons.marketplace_base.tests.common import run_queued_jobs
from odoo.tests import TransactionCase, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestSettlementJobs(SettlementCommon, TransactionCase):

    def settlement_jobs(self):
        return self.env["queue.job"].search([("model_name", "=", "marketplace.settlement")], order="id")

    def test_one_job_settles_several_members(self):
        lyon_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        customer = self.env["res.partner"].create({
            "name": "Léa Marchetti", "street": "2 quai du Port", "zip": "13002", "city": "Marseille"})
        marseille_order = self.sold({self.v38: 1}, "2026-11-03 10:00:00", store=self.store_marseille,
                                    user=self.user_marseille, customer=customer)
        Settlement = self.env["marketplace.settlement"]
        members = Settlement._marketplace_members_to_settle(agreed=True)
        self.assertLessEqual(len(members), 100)
        with freeze_time("2026-11-17 10:00:00"):
            self.assertEqual(Settlement._cron_marketplace_settle(batch_size=100), 1, "one job for every member")
            run_queued_jobs(self.env)
        self.assertEqual(self.settlement_jobs().state, "done")
        lyon = Settlement.search([("member_id", "=", self.member_lyon.id)])
        marseille = Settlement.search([("member_id", "=", self.member_marseille.id)])
        self.assertEqual((lyon.line_ids, marseille.line_ids), (lyon_order.line_ids, marseille_order.line_ids),
                         "each member settled for its own sales, in one run")
        self.assertEqual(len((lyon | marseille).move_ids), 4, "a bill and a commission invoice each")

    def test_the_scheduled_action_queues_a_job_per_batch_and_each_settles_once(self):
        self.hub.marketplace_subscription_fee = 30.0
        member_order = self.sold({self.v39: 1}, "2026-11-02 10:00:00")
        members = self.env["marketplace.settlement"]._marketplace_members_to_settle(agreed=True)
        self.assertIn(self.member_marseille, members)
        Settlement = self.env["marketplace.settlement"]
        with freeze_time("2026-11-17 10:00:00"):
            self.assertEqual(Settlement._cron_marketplace_settle(batch_size=1), len(members))
            # Two workers ran the scheduled action: the same batches are not queued twice.
            self.assertEqual(Settlement._cron_marketplace_settle(batch_size=1), len(members))
        jobs = self.settlement_jobs()
        self.assertEqual(len(jobs), len(members))
        self.assertEqual(set(jobs.mapped("channel")), {"root.marketplace.settlement"})
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        self.assertFalse(Settlement.search([]), "nothing settled in the scheduled action itself")

        with freeze_time("2026-11-17 10:05:00"):
            run_queued_jobs(self.env)
        self.assertEqual(set(jobs.mapped("state")), {"done"})
        lyon = Settlement.search([("member_id", "=", self.member_lyon.id)])
        marseille = Settlement.search([("member_id", "=", self.member_marseille.id)])
        self.assertEqual((len(lyon), len(marseille)), (1, 1), "several members settled in one run")
        self.assertEqual(lyon.line_ids, member_order.line_ids)
        self.assertEqual((lyon.date.isoformat(), lyon.subscription_month), ("2026-11-17", "2026-11"))
        self.assertEqual(marseille.subscription_month, "2026-11")
        self.assertFalse(marseille.line_ids)
        self.assertAlmostEqual(marseille.payout, -36.0, places=2, msg="only the subscription: 30,00 + 20 % VAT")
        moves = (lyon | marseille).move_ids

        # A worker died after settling but before its job was marked done: the job runner queues
        # it again, a day later even. It settles nothing twice.
        jobs.write({"state": "pending"})
        with freeze_time("2026-11-18 10:00:00"):
            run_queued_jobs(self.env)
        self.assertEqual(Settlement.search([]), lyon | marseille)
        self.assertEqual((lyon | marseille).move_ids, moves)
