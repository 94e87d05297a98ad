from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from .common import CollectCommon


@tagged("post_install", "-at_install")
class TestCollectMails(CollectCommon, TransactionCase):
    """The customer's e-mails: at confirmation the pickup code, its QR code, the shop's address
    and hours; when ready the deadline; a reminder a day before it, once."""

    def mails(self, member_order):
        """The customer's e-mails about the member order (the shop's users get their own)."""
        return self.env["mail.mail"].search(
            [("model", "=", "marketplace.order"), ("res_id", "=", member_order.id),
             ("recipient_ids", "in", self.customer.ids)], order="id")

    def test_confirmation_ready_and_reminder(self):
        self.set_stock(self.store_lyon, {self.v38: 1})
        order = self.cart({self.v38: 1})
        self.choose(order, self.store_lyon)
        order.action_confirm()
        member_order = order.marketplace_order_ids
        confirmed = self.mails(member_order)
        self.assertEqual(len(confirmed), 1)
        self.assertIn("to collect at", confirmed.subject)
        body = confirmed.body_html
        self.assertIn(member_order.pickup_code, body)
        self.assertIn(f"/report/barcode/QR/{member_order.pickup_code}", body)
        self.assertIn("12 Rue de la République", body)
        self.assertIn("09:30 - 12:30", body, "the shop's opening hours")
        self.assertTrue(member_order.collect_deadline_earliest)
        self.assertIn("at least", body, "the collection deadline, at the earliest")

        member_order.with_user(self.user_lyon).action_accept()
        member_order.with_user(self.user_lyon).action_ready()
        ready = self.mails(member_order) - confirmed
        self.assertEqual(len(ready), 1)
        self.assertIn("is ready", ready.subject)
        self.assertIn(member_order.pickup_code, ready.body_html)

        cron = self.env.ref("marketplace_collect.ir_cron_collect_reminder")
        with freeze_time(member_order.collect_deadline - timedelta(days=2)):
            cron.method_direct_trigger()
        self.assertEqual(self.mails(member_order), confirmed | ready, "too early for a reminder")
        with freeze_time(member_order.collect_deadline - timedelta(hours=12)):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        reminder = self.mails(member_order) - confirmed - ready
        self.assertEqual(len(reminder), 1, "one reminder, however often the cron runs")
        self.assertIn("Reminder", reminder.subject)
