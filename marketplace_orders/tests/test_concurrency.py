from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from .common import RACE_BARCODE as BARCODE
from .common import RACE_STORE_CODE as STORE_CODE
from .common import OrderConcurrencyCommon


@tagged("post_install", "-at_install")
class TestOrderConcurrency(OrderConcurrencyCommon, TransactionCase):
    """Two customers want a store's last pair; two users accept one order at the same moment.
    Committed data and real separate cursors, each call retried on serialization failures as
    Odoo retries a request."""

    def test_last_pair_goes_to_exactly_one_order(self):
        first, second = self.run_at_once(self.order_and_confirm, self.order_and_confirm)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse([first, second])
            served = orders.filtered(lambda o: o.marketplace_order_ids)
            self.assertEqual(len(served), 1, "exactly one customer order has the pair")
            self.assertEqual(len(served.marketplace_order_ids), 1)
            self.assertEqual((orders - served).order_line.marketplace_missing_qty, 1, "the other one waits")
            quants = env["stock.quant"].search([("product_id", "=", self.product_id),
                                                 ("location_id.usage", "=", "internal")])
            self.assertEqual(sum(quants.mapped("reserved_quantity")), 1)

    def test_one_order_accepted_twice_at_once_moves_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})  # kept until the commit flushes its writes
            order_id = self.order_and_confirm(env)

        def accept(env):
            member_order = env["sale.order"].browse(order_id).marketplace_order_ids
            return bool(member_order._set_accepted())

        moved = self.run_at_once(accept, accept)
        self.assertEqual(sorted(moved), [False, True])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            member_order = env["sale.order"].browse(order_id).marketplace_order_ids
            self.assertEqual(member_order.state, "accepted")
            changes = member_order.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
            self.assertEqual(len(changes), 1)

    def test_deadline_cron_on_two_workers_expires_each_order_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["marketplace.stock.feed"].submit(STORE_CODE, [{"barcode": BARCODE, "quantity": 2}], mode="full")
            order_ids = [self.order_and_confirm(env), self.order_and_confirm(env)]
            member_orders = env["sale.order"].browse(order_ids).marketplace_order_ids
            self.assertEqual(len(member_orders), 2)
            member_orders.write({"accept_deadline": "2026-01-01 00:00:00"})

        def cron(env):
            return env["marketplace.order"]._cron_marketplace_deadlines(batch_size=1)

        processed = self.run_at_once(cron, cron)
        self.assertEqual(sum(processed), 2, "each order processed by one worker only")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(order_ids)
            self.assertEqual(orders.marketplace_order_ids.mapped("state"), ["expired", "expired"])
            for member_order in orders.marketplace_order_ids:
                expiries = member_order.message_ids.filtered(lambda m: "Not accepted before" in (m.body or ""))
                self.assertEqual(len(expiries), 1)
            self.assertEqual(orders.marketplace_order_ids.mapped("release_pending"), [True, True])
            self.assertEqual(env["marketplace.order"]._cron_marketplace_deadlines(), 0)

        def release(env):
            return env["marketplace.order"]._cron_marketplace_release(batch_size=1)

        processed = self.run_at_once(release, release)
        self.assertEqual(sum(processed), 2, "each expired order released by one worker only")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(order_ids)
            self.assertEqual(orders.marketplace_order_ids.mapped("release_pending"), [False, False])
            self.assertEqual(orders.marketplace_order_ids.picking_id.mapped("state"), ["cancel", "cancel"])
            self.assertEqual(orders.order_line.mapped("marketplace_missing_qty"), [1, 1],
                             "never back to the store that let them expire")
            self.assertEqual(len(orders.marketplace_order_ids), 2, "nothing routed twice")
            self.assertEqual(env["marketplace.order"]._cron_marketplace_release(), 0)
