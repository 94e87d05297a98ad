from datetime import datetime

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import run_queued_jobs
from odoo.addons.marketplace_catalog.utils import make_ean13
from odoo.addons.marketplace_orders.tests.common import OrderConcurrencyCommon, OrdersCommon


class SettlementCommon(OrdersCommon):
    """Lyon's sales paid online, shipped (captured) and delivered; the real settlement cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_payment()
        cls.hub.write({"marketplace_commission_rate": 12.0, "marketplace_withdrawal_days": 14,
                       "marketplace_subscription_fee": 0.0})
        cls.cron = cls.env.ref("marketplace_commission.ir_cron_settle")
        # Both members signed the self-billing agreement (a settlement refuses a member without it).
        (cls.member_lyon | cls.member_marseille).marketplace_self_billing_date = "2026-01-05"
        cls.customer_lyon = cls.env["res.partner"].create({
            "name": "Inès Bernard", "street": "1 place Bellecour", "zip": "69002", "city": "Lyon",
            "email": "ines.bernard@example.fr"})
        cls.michael = cls.env["product.template"].create({
            "name": "Derby Michael cuir marron", "marketplace_catalog": True, "is_storable": True,
            "list_price": 245.0, "barcode": make_ean13(880002),
        }).product_variant_id

    def sold(self, quantities, when, store=None, user=None, customer=None):
        """A customer order paid online, shipped by Lyon (or ``store``, its member's ``user``, for
        a ``customer`` near it) (captured) and delivered, at ``when``."""
        store, user = store or self.store_lyon, user or self.user_lyon
        with freeze_time(when):
            self.set_stock(store, quantities)
            order, _transaction = self.order_paid(quantities, customer=customer or self.customer_lyon)
            member_order = order.marketplace_order_ids
            self.assertEqual(member_order.store_id, store)
            self.ship(member_order, user, f"6A{member_order.id:06d}")
            self.assertEqual(member_order.payment_state, "captured")
            member_order.with_user(user).action_deliver()
        return member_order

    def settle(self, when):
        """The real scheduled action at ``when``: it queues the settlement's jobs, run as the job
        runner would."""
        with freeze_time(when):
            self.cron.method_direct_trigger()
            run_queued_jobs(self.env)
        return self.env["marketplace.settlement"].search([("member_id", "=", self.member_lyon.id)])

    @staticmethod
    def moves(settlement, move_type):
        return settlement.move_ids.filtered(lambda move: move.move_type == move_type)


class CommittedSettlementCommon(OrderConcurrencyCommon):
    """A delivered, captured member order of the hub's committed store, with its commission, to
    settle on committed data (real cursors): the hub stands for the member. Its settlements and
    their invoices are removed after each test."""

    LATER = datetime(2030, 1, 31, 12, 0)

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            member_order = env["sale.order"].browse(self.order_and_confirm(env)).marketplace_order_ids
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
