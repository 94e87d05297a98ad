from datetime import datetime
from types import SimpleNamespace
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.marketplace_base.models import marketplace_cron_batch_mixin as cron_batch_mixin
from odoo.addons.marketplace_base.tests.common import run_queued_jobs
from odoo.tests import TransactionCase, tagged

from .common import OrdersCommon

# Stores of the tests open Tuesday to Saturday, 9:30-12:30 and 14:00-19:00, Paris time (UTC+1 in
# November and December 2026).
SATURDAY_18H_PARIS = "2026-11-28 17:00:00"


@tagged("post_install", "-at_install")
class TestDeadlines(OrdersCommon, TransactionCase):
    """The four deadlines, computed in the store's opening hours, enforced by the real cron record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_payment()
        cls.cron = cls.env.ref("marketplace_orders.ir_cron_deadlines")
        cls.release_cron = cls.env.ref("marketplace_orders.ir_cron_release")
        cls.hub.write({"marketplace_accept_delay": 24, "marketplace_prepare_delay": 24,
                       "marketplace_post_delay": 48, "marketplace_collect_delay": 7})
        cls.customer_lyon = cls.env["res.partner"].create({
            "name": "Inès Bernard", "street": "1 place Bellecour", "zip": "69002", "city": "Lyon",
            "email": "ines.bernard@example.fr"})

    def setUp(self):
        super().setUp()
        self.set_stock(self.store_lyon, {self.v39: 1})
        self.set_stock(self.store_marseille, {self.v39: 1})

    def order_at(self, when, **kwargs):
        with freeze_time(when):
            order = self.make_order({self.v39: 1}, customer=self.customer_lyon, **kwargs)
        return order

    def run_cron(self, when, cron=None):
        """A scheduled action by its real record, then the jobs it queued, as the job runner would."""
        with freeze_time(when):
            (cron or self.cron).method_direct_trigger()
            run_queued_jobs(self.env)

    def expire_and_release(self, when):
        """The deadline cron, then the re-routing cron it triggers, as the scheduler runs them."""
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", self.release_cron.id)])
        self.run_cron(when)
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", self.release_cron.id)]) - triggers,
                        "the deadline cron triggers the re-routing cron")
        self.run_cron(when, self.release_cron)

    def test_rerouting_runs_as_jobs_each_order_once(self):
        order = self.order_at(SATURDAY_18H_PARIS)
        member_order = order.marketplace_order_ids
        with freeze_time("2026-12-03 17:30:00"):
            self.cron.method_direct_trigger()
            self.assertTrue(member_order.release_pending)
            Order = self.env["marketplace.order"]
            self.assertEqual(Order._cron_marketplace_release(), 1, "one job for the batch")
            self.assertEqual(Order._cron_marketplace_release(), 1, "queued again: the same job")
        jobs = self.env["queue.job"].search([("model_name", "=", "marketplace.order"),
                                             ("method_name", "=", "_marketplace_release_job")])
        self.assertEqual(len(jobs), 1)
        self.assertEqual((jobs.channel, jobs.state), ("root.marketplace.routing", "pending"))
        self.assertTrue(member_order.release_pending, "nothing routed in the scheduled action itself")
        self.assertEqual(member_order.picking_id.state, "assigned")
        # As in production (not under test), where batches commit: a job must not (queue_job
        # forbids it, the job's lock would go).
        production = SimpleNamespace(current_thread=lambda: SimpleNamespace(testing=False))
        with freeze_time("2026-12-03 17:31:00"), patch.object(cron_batch_mixin, "threading", production):
            run_queued_jobs(self.env)
        self.assertEqual(jobs.state, "done")
        self.assertFalse(member_order.release_pending)
        self.assertEqual(member_order.picking_id.state, "cancel")
        legs = order.marketplace_order_ids
        self.assertEqual(self.legs(order), {self.store_marseille: {self.v39: 1}})
        # The worker died before the job was marked done: run again, it routes nothing twice.
        jobs.state = "pending"
        with freeze_time("2026-12-03 17:40:00"):
            run_queued_jobs(self.env)
        self.assertEqual(order.marketplace_order_ids, legs)
        self.assertEqual(self.legs(order), {self.store_marseille: {self.v39: 1}})

    def test_saturday_evening_order_is_not_late_on_monday_evening(self):
        order = self.order_at(SATURDAY_18H_PARIS)
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.store_id, self.store_lyon)
        # 24 opening hours: Saturday 1 h, Tuesday 8 h, Wednesday 8 h, Thursday 7 h → Thursday 18:00
        self.assertEqual(member_order.accept_deadline, datetime(2026, 12, 3, 17, 0))
        self.assertEqual(member_order.deadline, member_order.accept_deadline)
        self.run_cron("2026-11-30 19:00:00")  # Monday 20:00 in Paris
        self.assertEqual(member_order.state, "assigned")
        self.run_cron("2026-12-03 16:59:00")
        self.assertEqual(member_order.state, "assigned")

    def test_store_without_opening_hours_counts_plain_hours(self):
        self.store_lyon.opening_hours = False
        member_order = self.order_at(SATURDAY_18H_PARIS).marketplace_order_ids
        self.assertEqual(member_order.accept_deadline, datetime(2026, 11, 29, 17, 0))

    def test_new_delays_apply_to_new_orders(self):
        (self.store_lyon | self.store_marseille).opening_hours = False
        first = self.order_at(SATURDAY_18H_PARIS).marketplace_order_ids
        self.hub.marketplace_accept_delay = 2
        self.set_stock(self.store_lyon, {self.v39: 1})
        second = self.order_at(SATURDAY_18H_PARIS).marketplace_order_ids
        self.assertEqual(first.accept_deadline, datetime(2026, 11, 29, 17, 0))
        self.assertEqual(second.accept_deadline, datetime(2026, 11, 28, 19, 0))

    def test_expired_order_goes_to_the_next_store_once(self):
        order = self.order_at(SATURDAY_18H_PARIS)
        member_order = order.marketplace_order_ids
        self.assertTrue(member_order.activity_ids, "Lyon's users have a to-do")
        self.run_cron("2026-12-03 17:30:00")
        self.assertEqual(member_order.state, "expired")
        self.assertTrue(member_order.release_pending, "its lines wait for the re-routing cron")
        self.assertFalse(member_order.activity_ids, "no to-do left on an expired order")
        expiry = member_order.message_ids[:1]
        self.assertIn("Not accepted before", expiry.body)
        self.assertEqual([(t.field_id.name, t.old_value_char, t.new_value_char) for t in expiry.tracking_value_ids],
                         [("state", "Assigned", "Expired")], "the note shows the change of state, once")
        self.env.cr.precommit.run()  # Odoo's tracking writes its messages at commit: none is added
        self.assertEqual(member_order.message_ids[:1], expiry)
        self.assertEqual(order.order_line.marketplace_missing_qty, 1, "shown unassigned until routed again")
        self.run_cron("2026-12-03 17:30:00", self.release_cron)
        self.assertFalse(member_order.release_pending)
        self.assertEqual(member_order.picking_id.state, "cancel")
        self.assertEqual(self.legs(order), {self.store_marseille: {self.v39: 1}})
        self.assertEqual(self.store_lyon._marketplace_available_qty(self.v39), {(self.store_lyon.id, self.v39.id): 1})
        # run again: nothing more happens
        orders_before = order.marketplace_order_ids
        self.run_cron("2026-12-03 17:31:00")
        self.run_cron("2026-12-03 17:31:00", self.release_cron)
        with freeze_time("2026-12-03 17:31:00"):
            self.assertEqual(self.env["marketplace.order"]._cron_marketplace_deadlines(), 0)
            self.assertEqual(self.env["marketplace.order"]._cron_marketplace_release(), 0)
        self.assertEqual(order.marketplace_order_ids, orders_before)
        # Marseille lets it expire too: Lyon is never asked again, the line waits unassigned
        marseille = orders_before - member_order
        self.expire_and_release("2026-12-10 18:00:00")
        self.assertEqual(marseille.state, "expired")
        self.assertFalse(self.legs(order))
        self.assertTrue(order.marketplace_unassigned)

    def test_late_preparation_and_posting_are_flagged_once(self):
        order = self.order_at("2026-12-01 09:00:00")  # Tuesday 10:00 in Paris
        member_order = order.marketplace_order_ids
        with freeze_time("2026-12-01 09:30:00"):
            member_order.with_user(self.user_lyon).action_accept()
        self.assertEqual(member_order.prepare_deadline, datetime(2026, 12, 4, 9, 30))  # 24 opening hours
        self.assertEqual(member_order.post_deadline, datetime(2026, 12, 9, 9, 30))  # 48 opening hours
        self.assertEqual(member_order.deadline, member_order.prepare_deadline)
        Order = self.env["marketplace.order"]
        with freeze_time("2026-12-04 08:00:00"):
            self.assertIn(member_order, Order.search([("is_due_soon", "=", True)]))
            self.assertNotIn(member_order, Order.search([("is_overdue", "=", True)]))
        self.run_cron("2026-12-04 10:00:00")
        self.assertTrue(member_order.prepare_late)
        self.assertFalse(member_order.post_late)
        self.assertEqual(member_order.state, "accepted")
        self.assertEqual(member_order.deadline, member_order.post_deadline)
        self.assertIn(member_order, Order.search([("is_overdue", "=", True)]))
        alerts = member_order.activity_ids.filtered(lambda a: a.user_id == self.animator_user)
        self.assertEqual(len(alerts), 1)
        self.run_cron("2026-12-04 11:00:00")
        self.assertEqual(len(member_order.activity_ids.filtered(lambda a: a.user_id == self.animator_user)), 1)
        mails = self.env["mail.mail"].search([("subject", "ilike", order.name)])
        self.assertFalse(mails, "a late preparation is the hub's business, not the customer's")
        self.run_cron("2026-12-09 10:00:00")
        self.assertTrue(member_order.post_late)
        self.assertFalse(member_order.deadline_check)
        self.assertEqual(len(member_order.activity_ids.filtered(lambda a: a.user_id == self.animator_user)), 2)
        mail = self.env["mail.mail"].search([("subject", "ilike", order.name)])
        self.assertEqual(len(mail), 1)
        self.assertIn(self.customer_lyon, mail.recipient_ids)
        self.assertIn("longer", mail.subject)

    def test_not_collected_in_time_is_cancelled_released_and_voided(self):
        with patch.object(type(self.env["sale.order"]), "_marketplace_fulfilment", lambda self: "collect"), \
                freeze_time("2026-12-01 09:00:00"):
            order, transaction = self.order_paid({self.v39: 1}, customer=self.customer_lyon)
        member_order = order.marketplace_order_ids
        self.assertEqual(member_order.fulfilment, "collect")
        self.assertEqual(member_order.payment_state, "to_capture")
        with freeze_time("2026-12-01 10:00:00"):  # Tuesday 11:00 in Paris
            member_order.with_user(self.user_lyon).action_accept()
            member_order.with_user(self.user_lyon).action_ready()
        # 7 opening days, Tuesday included: Tuesday to Saturday, then Tuesday, Wednesday 19:00
        self.assertEqual(member_order.collect_deadline, datetime(2026, 12, 9, 18, 0))
        self.assertEqual(self.store_lyon._marketplace_available_qty(self.v39), {})
        self.run_cron("2026-12-09 17:00:00")
        self.assertEqual(member_order.state, "ready")
        self.run_cron("2026-12-09 18:30:00")
        self.assertEqual(member_order.state, "cancelled")
        self.assertEqual(member_order.picking_id.state, "cancel")
        self.assertEqual(self.store_lyon._marketplace_available_qty(self.v39), {(self.store_lyon.id, self.v39.id): 1})
        self.assertEqual(member_order.payment_state, "voided")
        self.assertAlmostEqual(transaction._marketplace_uncaptured_amount(), 0.0, places=2,
                               msg="nothing left to serve: the pair and the fee are voided")
        self.assertFalse(order.marketplace_unassigned, "a cancelled order is not routed again")
        mail = self.env["mail.mail"].search([("subject", "ilike", order.name)])
        self.assertIn(self.customer_lyon, mail.recipient_ids)
