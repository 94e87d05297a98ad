from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .test_ledger import LedgerCommon


@tagged("post_install", "-at_install")
class TestMemberLeaves(LedgerCommon, TransactionCase):
    """Issue 18, case 2: suspending or closing a member hands its open orders to the animators'
    decision; its stores leave the network's availability; its users read but do not work."""

    def three_orders_at_lyon(self):
        """An assigned, an accepted and a shipped order of Lyon's store."""
        self.set_stock(self.store_lyon, {self.v39: 3, self.v40: 1})
        self.set_stock(self.store_marseille, {self.v39: 1})
        assigned, _tx1 = self.order_paid({self.v39: 1})
        accepted, _tx2 = self.order_paid({self.v39: 1})
        shipped, _tx3 = self.order_paid({self.v40: 1})
        self.leg(accepted, self.store_lyon).with_user(self.user_lyon).action_accept()
        self.ship(self.leg(shipped, self.store_lyon), self.user_lyon, "6L1801")
        return assigned, accepted, shipped

    def test_suspending_a_member_hands_its_orders_to_the_animators(self):
        assigned, accepted, _shipped = self.three_orders_at_lyon()
        assigned_leg = self.leg(assigned, self.store_lyon)
        accepted_leg = self.leg(accepted, self.store_lyon)
        self.assertIs(self.member_lyon.with_user(self.admin_user).action_marketplace_suspend(), True)
        # The assigned order went at once to another store (Marseille has the pair).
        self.assertEqual(assigned_leg.state, "refused")
        self.assertTrue(self.leg(assigned, self.store_marseille))
        self.assert_ledger(assigned)
        # The accepted one waits for the animators' decision, told.
        self.assertEqual(accepted_leg.state, "accepted")
        self.assertIn(self.animator_user, accepted_leg.activity_ids.user_id)
        # Lyon's users read their orders but take no new work.
        leg = accepted_leg.with_user(self.user_lyon)
        self.assertEqual(leg.name, accepted_leg.name)
        with self.assertRaisesRegex(UserError, "suspended"):
            leg.marketplace_ship("6L1802")
        with self.assertRaisesRegex(UserError, "suspended"):
            self.validate(accepted_leg, self.user_lyon)
        self.assertEqual(accepted_leg.state, "accepted")
        # The animators move it to another store (or let it ship when the member is back).
        self.set_stock(self.store_marseille, {self.v39: 1})
        self.member_lyon.with_user(self.admin_user).action_marketplace_activate()
        self.ship(accepted_leg, self.user_lyon, "6L1803")
        self.assert_ledger(accepted)

    def test_a_member_closes_once_its_parcels_are_delivered(self):
        _assigned, accepted, shipped = self.three_orders_at_lyon()
        shipped_leg = self.leg(shipped, self.store_lyon)
        with self.assertRaisesRegex(UserError, shipped_leg.name):
            self.member_lyon.with_user(self.admin_user).action_marketplace_close()
        self.assertEqual(self.member_lyon.marketplace_state, "active")
        shipped_leg.with_user(self.user_lyon).action_deliver()
        self.assertIs(self.member_lyon.with_user(self.admin_user).action_marketplace_close(), True)
        self.assertEqual(self.member_lyon.marketplace_state, "closed")
        accepted_leg = self.leg(accepted, self.store_lyon)
        self.assertIn(self.animator_user, accepted_leg.activity_ids.user_id)
        with self.assertRaisesRegex(UserError, "closed"):
            accepted_leg.with_user(self.user_lyon).action_ready()
        # Its feeds are no longer applied.
        feed = self.env["marketplace.stock.feed"].with_user(self.user_lyon)
        with self.assertRaisesRegex(UserError, "closed"):
            feed.submit(self.store_lyon.marketplace_store_code,
                        [{"barcode": self.v39.barcode, "quantity": 9}])
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 3)


@tagged("post_install", "-at_install")
class TestHolidayPause(LedgerCommon, TransactionCase):
    """Issue 18, case 4: a store paused for holidays hands its orders not yet accepted to
    another store at once; its stock leaves the network while paused; when the pause ends by
    itself, the lines waiting for its items are tried again."""

    def test_pausing_routes_assigned_orders_and_the_end_retries_the_unassigned(self):
        self.set_stock(self.store_lyon, {self.v39: 1, self.v40: 1})
        self.set_stock(self.store_marseille, {self.v39: 1})
        waiting, _tx1 = self.order_paid({self.v39: 1})
        accepted, _tx2 = self.order_paid({self.v40: 1})
        waiting_leg = self.leg(waiting, self.store_lyon)
        accepted_leg = self.leg(accepted, self.store_lyon)
        accepted_leg.with_user(self.user_lyon).action_accept()
        self.store_lyon.write(
            {"marketplace_paused": True, "marketplace_pause_end": "2026-12-20"})
        self.assertEqual(waiting_leg.state, "refused")
        self.assertTrue(self.leg(waiting, self.store_marseille), "routed again at once")
        self.assertEqual(accepted_leg.state, "accepted", "the member's to ship or hand back")
        # Paused, Lyon takes nothing: a new order of its last pair waits in Unassigned.
        later, _tx3 = self.order_paid({self.v39: 1})
        self.assertFalse(later.marketplace_order_ids)
        self.assertTrue(later.marketplace_unassigned)
        # The pause ends by itself (its scheduled action, the day after its last day).
        with freeze_time("2026-12-21 08:00:00"):
            self.env.ref("marketplace_base.ir_cron_end_holiday_pause").method_direct_trigger()
        self.assertFalse(self.store_lyon.marketplace_paused)
        self.assertTrue(self.leg(later, self.store_lyon), "tried again when the pause ended")
        self.assertFalse(later.marketplace_unassigned)
        self.assert_ledger(later)
