from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import run_overlapped
from odoo.tests import TransactionCase, tagged

from .common import RACE_BARCODE as BARCODE
from .common import RACE_STORE_CODE as STORE_CODE
from .common import OrderConcurrencyCommon, committed_hub_store

SECOND_STORE_CODE = "RACE-02"


@tagged("post_install", "-at_install")
class TestOrderConcurrency(OrderConcurrencyCommon, TransactionCase):
    """Two customers want a store's last pair; two users accept one order at the same moment.
    Committed data and real separate cursors, each call retried on serialization failures as
    Odoo retries a request."""

    def test_last_pair_goes_to_exactly_one_order(self):
        overlap = run_overlapped(self.registry, self.order_and_confirm, self.order_and_confirm)
        self.assertTrue(overlap.waited, "the second confirmation waited for the first one's lock on the pair")
        self.assertRegex(overlap.waiting_query, r"(?s)FROM stock_quant .* FOR NO KEY UPDATE OF q",
                         "on the lock of the store's quants, before reading what is available")
        self.assertEqual(overlap.attempts, 2, "then read the stock again (a serialization retry)")
        first, second = overlap.first, overlap.second
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

        overlap = run_overlapped(self.registry, accept, accept)
        self.assertTrue(overlap.waited, "the second user waited for the first one's lock on the order")
        self.assertRegex(overlap.waiting_query, r"(?s)FROM marketplace_order .* FOR NO KEY UPDATE",
                         "on the order's lock, before reading its state")
        self.assertEqual(overlap.attempts, 2, "then read the order again (a serialization retry)")
        self.assertEqual([overlap.first, overlap.second], [True, False])
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

        def holding(index):
            def call(env):  # a worker in the middle of this order: its row is locked
                env.cr.execute("SELECT id FROM marketplace_order WHERE id = %s FOR NO KEY UPDATE",
                               [member_order_ids[index]])
            return call

        member_order_ids = member_orders.ids

        def cron(env):
            return env["marketplace.order"]._cron_marketplace_deadlines(batch_size=1)

        overlap = run_overlapped(self.registry, holding(0), cron)
        self.assertTrue(overlap.finished_while_held, "the second worker did not wait for the first one's order")
        self.assertFalse(overlap.waited)
        self.assertEqual(overlap.second, 1, "it expired the other order only")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["marketplace.order"].browse(member_order_ids).mapped("state"), ["assigned", "expired"])
            self.assertEqual(env["marketplace.order"]._cron_marketplace_deadlines(), 1, "the first one, later")
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
            return env["marketplace.order"]._marketplace_release_expired(batch_size=1)

        overlap = run_overlapped(self.registry, holding(1), release)
        self.assertTrue(overlap.finished_while_held, "the second worker did not wait for the first one's order")
        self.assertFalse(overlap.waited)
        self.assertEqual(overlap.second, 1, "it released the other order only")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["marketplace.order"].browse(member_order_ids).mapped("release_pending"),
                             [False, True])
            self.assertEqual(env["marketplace.order"]._marketplace_release_expired(), 1, "the second one, later")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].browse(order_ids)
            self.assertEqual(orders.marketplace_order_ids.mapped("release_pending"), [False, False])
            self.assertEqual(orders.marketplace_order_ids.picking_id.mapped("state"), ["cancel", "cancel"])
            self.assertEqual(orders.order_line.mapped("marketplace_missing_qty"), [1, 1],
                             "never back to the store that let them expire")
            self.assertEqual(len(orders.marketplace_order_ids), 2, "nothing routed twice")
            self.assertEqual(env["marketplace.order"]._marketplace_release_expired(), 0)


@tagged("post_install", "-at_install")
class TestCaptureConcurrency(OrderConcurrencyCommon, TransactionCase):
    """Two legs of one paid order shipped at the same moment by two shops (issue 17, case 13):
    both captures go through, each with its own reference, one at a time on the authorisation."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            _hub, second = committed_hub_store(env, SECOND_STORE_CODE, "RAC2", "Magasin course 2")
            self.second_store_id = second.id
            provider = env.ref("payment.payment_provider_demo")
            self.provider_values = provider.read(["state", "capture_manually", "company_id"])[0]
            provider.write({"state": "test", "capture_manually": True, "company_id": self.hub_id})
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["marketplace.stock.feed"].submit(SECOND_STORE_CODE, [{"barcode": BARCODE, "quantity": 1}])
        self.addCleanup(self._cleanup_payment)

    def _cleanup_payment(self):
        with self.registry.cursor() as cr:
            cr.execute("""DELETE FROM payment_transaction WHERE source_transaction_id IN
                          (SELECT id FROM payment_transaction WHERE partner_id = %s)""", [self.customer_id])
            cr.execute("DELETE FROM payment_transaction WHERE partner_id = %s", [self.customer_id])
            cr.execute("DELETE FROM marketplace_stock_feed WHERE store_id = %s", [self.second_store_id])
            env = api.Environment(cr, SUPERUSER_ID, {})
            values = self.provider_values
            env.ref("payment.payment_provider_demo").write({
                "state": values["state"], "capture_manually": values["capture_manually"],
                "company_id": values["company_id"][0]})

    def test_two_legs_shipped_at_once_both_capture(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].create({
                "partner_id": self.customer_id, "company_id": self.hub_id,
                "order_line": [(0, 0, {"product_id": self.product_id, "product_uom_qty": 2})],
            })
            transaction = env["payment.transaction"].create({
                "provider_id": env.ref("payment.payment_provider_demo").id,
                "payment_method_id": env.ref("payment_demo.payment_method_demo").id,
                "amount": order.amount_total, "currency_id": order.currency_id.id,
                "partner_id": self.customer_id, "reference": f"{order.name}-RACE",
                "sale_order_ids": [(6, 0, order.ids)],
            })
            transaction._handle_notification_data(
                "demo", {"reference": transaction.reference, "simulated_state": "done"})
            order.action_confirm()
            legs = order.marketplace_order_ids
            self.assertEqual(len(legs), 2, "one pair in each shop: two legs")
            legs._set_accepted()
            order_id, transaction_id, leg_ids = order.id, transaction.id, legs.ids

        def ship(index):
            def call(env):
                leg = env["marketplace.order"].browse(leg_ids[index])
                leg._marketplace_ship(f"RACE{index}")
                return leg.payment_state
            return call

        overlap = run_overlapped(self.registry, ship(0), ship(1))
        self.assertTrue(overlap.waited, "the second capture waited for the first one's lock on the authorisation")
        self.assertIn("UPDATE payment_transaction SET write_date = write_date", overlap.waiting_query,
                      "on the authorisation's lock")
        self.assertEqual(overlap.attempts, 2, "then read the authorisation again (a serialization retry)")
        self.assertEqual([overlap.first, overlap.second], ["captured", "captured"])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            legs = env["marketplace.order"].browse(leg_ids)
            references = legs.capture_transaction_id.mapped("reference")
            self.assertEqual(len(set(references)), 2)
            transaction = env["payment.transaction"].browse(transaction_id)
            self.assertEqual(transaction.state, "done", "everything captured, once")
            ledger = env["sale.order"].browse(order_id)._marketplace_ledger()
            self.assertFalse(ledger.check())
            self.assertAlmostEqual(ledger.captured, transaction.amount, places=2)
