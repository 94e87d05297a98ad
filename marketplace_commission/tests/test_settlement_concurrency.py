from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import run_overlapped
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
