from datetime import datetime

from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import run_overlapped
from odoo.addons.marketplace_orders.tests.common import OrderConcurrencyCommon
from odoo.tests import TransactionCase, tagged

LATER = datetime(2030, 1, 31, 12, 0)


@tagged("post_install", "-at_install")
class TestSettlementConcurrency(OrderConcurrencyCommon, TransactionCase):
    """Two workers settle the same member at the same moment: one settlement, one bill, one
    invoice. Committed data, real cursors (the store of these tests belongs to the hub, which
    stands for the member here)."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.order_and_confirm(env))
            member_order = order.marketplace_order_ids
            member_order.write({"state": "delivered", "payment_state": "captured",
                                "delivered_date": datetime(2029, 12, 1, 10, 0)})
            member_order._marketplace_set_commission()
            self.member_order_id = member_order.id
        self.addCleanup(self._cleanup_settlements)

    def _cleanup_settlements(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM marketplace_settlement WHERE member_id = %s", [self.hub_id])
            settlements = [row[0] for row in cr.fetchall()] or [0]
            cr.execute("UPDATE marketplace_order_line SET settlement_id = NULL WHERE settlement_id = ANY(%s)",
                       [settlements])
            cr.execute("SELECT id FROM account_move WHERE marketplace_settlement_id = ANY(%s)", [settlements])
            moves = [row[0] for row in cr.fetchall()] or [0]
            cr.execute("DELETE FROM account_partial_reconcile WHERE debit_move_id IN "
                       "(SELECT id FROM account_move_line WHERE move_id = ANY(%(m)s)) OR credit_move_id IN "
                       "(SELECT id FROM account_move_line WHERE move_id = ANY(%(m)s))", {"m": moves})
            cr.execute("DELETE FROM account_move_line WHERE move_id = ANY(%s)", [moves])
            cr.execute("DELETE FROM account_move WHERE id = ANY(%s)", [moves])
            cr.execute("DELETE FROM marketplace_settlement WHERE id = ANY(%s)", [settlements])

    def test_two_workers_settle_a_member_once(self):
        def settle(env):
            Settlement = env["marketplace.settlement"]
            hub = env["res.company"].browse(self.hub_id)
            return Settlement._marketplace_settle_member(hub, LATER, "2030-01", hub).ids

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
            self.assertFalse(env["marketplace.settlement"]._marketplace_settle_member(hub, LATER, "2030-01", hub))
