"""The ledger, proven over random sequences of actions (hypothesis' stateful testing) on a real
database: paid orders, members accepting, refusing, shipping, validating short in Inventory,
letting orders expire, animators cancelling and routing again, customer orders cancelled,
payments arriving after confirmation, stock feeds. After every step, every order's ledger holds.

CI runs a fixed seed and a few examples; ``MKT_LEDGER_EXAMPLES=2000 ./scripts/test -k ledger_machine``
runs a long search."""
import logging
import os
from datetime import timedelta

from freezegun import freeze_time
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .test_ledger import LedgerCommon

EXAMPLES = int(os.environ.get("MKT_LEDGER_EXAMPLES", "20"))
STEPS = int(os.environ.get("MKT_LEDGER_STEPS", "25"))
REFUSED = (UserError, AccessError)  # what a refused call may raise: never a traceback

_logger = logging.getLogger(__name__)


class OrderMachine(RuleBasedStateMachine):
    """Random sequences of what customers, members and animators do to paid orders; ``case`` is
    the running test (its database, users and fixtures)."""

    case = None
    examples = 0  # run so far (a long run logs its progress)
    orders = Bundle("orders")

    def __init__(self):
        super().__init__()
        self.savepoint = self.case.env.cr.savepoint()
        self.seq = 0

    def teardown(self):
        self.savepoint.close(rollback=True)
        self.case.env.invalidate_all(flush=False)
        OrderMachine.examples += 1
        if OrderMachine.examples % 25 == 0:
            _logger.info("Ledger machine: %s of %s examples run", OrderMachine.examples, EXAMPLES)

    # --------------------------------------------------------- helpers
    def user_of(self, leg):
        return self.case.user_of(leg)

    def pick_leg(self, order, index, states):
        legs = order.marketplace_order_ids.filtered(lambda o: o.state in states).sorted("id")
        return legs[index % len(legs)] if legs else legs

    def act(self, call):
        try:
            with self.case.env.cr.savepoint():
                call()
        except REFUSED as error:
            _logger.debug("Refused as expected: %s", error)

    # ----------------------------------------------------------- rules
    @initialize()
    def stock(self):
        for store in self.case.stores:
            self.case.set_stock(store, {self.case.v38: 2, self.case.v39: 1, self.case.v40: 1})

    @rule(target=orders, items=st.lists(st.sampled_from(["v38", "v39", "v40"]), min_size=1, max_size=3),
          discount=st.booleans(), paid_later=st.booleans())
    def new_order(self, items, discount, paid_later):
        quantities = {}
        for name in items:
            product = getattr(self.case, name)
            quantities[product] = quantities.get(product, 0) + 1
        quantities[self.case.fee] = 1
        order = self.case.make_order(quantities, confirm=False)
        if discount:
            order.order_line.create({"order_id": order.id, "product_id": self.case.discount.id,
                                     "price_unit": -10.0, "tax_id": [(5, 0, 0)]})
        if paid_later:
            order.action_confirm()
            self.case.authorise(order)
        else:
            self.case.authorise(order)
            order.action_confirm()
        return order

    @rule(order=orders, index=st.integers(0, 3))
    def accept(self, order, index):
        leg = self.pick_leg(order, index, ("assigned",))
        if leg:
            self.act(lambda: leg.with_user(self.user_of(leg)).action_accept())

    @rule(order=orders, index=st.integers(0, 3),
          reason=st.sampled_from(["out_of_stock", "damaged", "closed", "other"]))
    def refuse(self, order, index, reason):
        leg = self.pick_leg(order, index, ("assigned",))
        if leg:
            self.act(lambda: leg.with_user(self.user_of(leg)).marketplace_refuse(reason))

    @rule(order=orders, index=st.integers(0, 3))
    def ship(self, order, index):
        leg = self.pick_leg(order, index, ("accepted", "ready"))
        if leg:
            self.seq += 1
            self.act(lambda: leg.with_user(self.user_of(leg)).marketplace_ship(f"HYP{self.seq:05d}"))

    @rule(order=orders, index=st.integers(0, 3))
    def accept_and_ship(self, order, index):
        leg = self.pick_leg(order, index, ("assigned", "accepted", "ready"))
        if leg:
            self.seq += 1
            user = self.user_of(leg)
            self.act(lambda: leg.with_user(user).action_accept())
            self.act(lambda: leg.with_user(user).marketplace_ship(f"HYP{self.seq:05d}"))

    @rule(order=orders, index=st.integers(0, 3), short=st.booleans())
    def validate_in_inventory(self, order, index, short):
        leg = self.pick_leg(order, index, ("assigned", "accepted", "ready"))
        if leg:
            quantities = None
            if short:
                quantities = {line.product_id: max(line.quantity - 1, 0) for line in leg.line_ids}
            self.act(lambda: self.case.validate(leg, self.user_of(leg), quantities))

    @rule(order=orders, index=st.integers(0, 3), release=st.booleans())
    def expire(self, order, index, release):
        leg = self.pick_leg(order, index, ("assigned",))
        if leg:
            self.act(lambda: leg._set_expired(release=False))
            if release:
                self.case.env["marketplace.order"]._marketplace_release_expired()

    @rule()
    def release_cron(self):
        self.case.env["marketplace.order"]._marketplace_release_expired()

    @rule(order=orders, index=st.integers(0, 3))
    def animator_cancels_a_leg(self, order, index):
        leg = self.pick_leg(order, index, ("assigned", "accepted", "ready"))
        if leg:
            self.act(lambda: self.case.env["marketplace.order.cancel"].with_user(self.case.animator_user).create(
                {"order_id": leg.id, "reason": "Rupture",
                 "line_ids": [(6, 0, leg._marketplace_active_lines().ids)]}).action_confirm())

    @rule(order=orders)
    def customer_order_cancelled(self, order):
        self.act(lambda: order.with_context(disable_cancel_warning=True).action_cancel())

    @rule(order=orders)
    def route_again(self, order):
        self.act(lambda: order.with_user(self.case.animator_user).action_marketplace_route())

    @rule(store=st.sampled_from(["store_lyon", "store_marseille", "store_villeurbanne"]),
          product=st.sampled_from(["v38", "v39", "v40"]), qty=st.integers(0, 3))
    def stock_feed(self, store, product, qty):
        self.case.set_stock(getattr(self.case, store), {getattr(self.case, product): qty})

    @rule(order=orders, index=st.integers(0, 3),
          store=st.sampled_from(["store_lyon", "store_marseille", "store_villeurbanne"]))
    def animator_reassigns(self, order, index, store):
        leg = self.pick_leg(order, index, ("assigned", "accepted", "ready"))
        if leg:
            self.act(lambda: leg.with_user(self.case.animator_user)._marketplace_check_animator()
                     ._marketplace_reassign(getattr(self.case, store)))

    @rule(order=orders, index=st.integers(0, 3))
    def animator_records_a_return(self, order, index):
        leg = self.pick_leg(order, index, ("delivered",))
        lines = leg.line_ids.filtered(lambda line: line._marketplace_is_active() and line.quantity > line.returned_qty)
        if lines:
            self.act(lambda: leg.with_user(self.case.animator_user)._marketplace_check_animator()
                     ._marketplace_return({lines[0]: 1}, "Pointure trop petite"))

    @rule(hours=st.sampled_from([1, 49]))
    def time_passes_for_waiting_lines(self, hours):
        with freeze_time(fields.Datetime.now() + timedelta(hours=hours)):
            self.case.env.ref("marketplace_orders.ir_cron_unassigned_timeout").method_direct_trigger()

    @rule(order=orders, index=st.integers(0, 3), ship_before=st.booleans(), ship_meanwhile=st.booleans(),
          pay_the_total=st.booleans())
    def authorisation_expires_and_customer_pays_again(self, order, index, ship_before, ship_meanwhile,
                                                      pay_the_total):
        """A leg may have been captured; the provider cancels what is left of the card
        authorisation (it expired); another leg may ship meanwhile (its capture is refused); the
        customer pays again — the order's total or what is left to take — and the new payment
        takes over."""
        if ship_before:
            self.accept_and_ship(order, index)
        live = order._marketplace_authorized_transactions()
        if not live or order.state != "sale":
            return
        for transaction in live:
            transaction._set_canceled(state_message="Authorisation expired")
        if ship_meanwhile:
            self.accept_and_ship(order, index + 1)
        ledger = order._marketplace_ledger()
        amount = order.amount_total if pay_the_total else round(ledger.due - ledger.captured, 2)
        if amount > 0:
            self.case.authorise(order, expected=None, amount=amount)

    @rule(order=orders, index=st.integers(0, 3))
    def deliver(self, order, index):
        leg = self.pick_leg(order, index, ("shipped",))
        if leg:
            self.act(lambda: leg.with_user(self.user_of(leg)).action_deliver())

    # ------------------------------------------------------ invariants
    @invariant()
    def ledgers_hold(self):
        orders = self.case.env["sale.order"].search([("partner_id", "=", self.case.customer.id)])
        for order in orders:
            ledger = order._marketplace_ledger()
            self.case.assertFalse(ledger.check(), f"{order.name}: {ledger}")
            if not ledger.authorised:
                continue
            self.case.assertLessEqual(ledger.captured, ledger.due + 0.005, f"{order.name}: {ledger}")
            if ledger.goods_open <= 0 and not ledger.shipped_uncaptured:
                self.case.assertAlmostEqual(ledger.held, 0.0, places=2,
                                       msg=f"{order.name}: nothing to serve, nothing held: {ledger}")
                self.case.assertAlmostEqual(ledger.captured, ledger.due, places=2,
                                       msg=f"{order.name}: what left, the fee once: {ledger}")
            elif ledger.goods_open > 0:
                # The discounts are shared pro rata and rounded per share: a cent may move
                # between the shares of what left and of what waits (found by a long run).
                self.case.assertGreaterEqual(ledger.held + 0.015, ledger.goods_open + ledger.discount_share(
                    ledger.goods_open), f"{order.name}: what waits keeps its money: {ledger}")
            for leg in order.marketplace_order_ids:
                self.case.assertLessEqual(leg.refunded_amount, leg.capture_amount + 0.005,
                                          f"{leg.name}: refunded more than captured")
                if leg.state in ("shipped", "delivered", "collected"):
                    self.case.assertNotEqual(leg.payment_state, "to_capture",
                                             f"{leg.name}: its pairs left, nobody took its money")
            for line in order.order_line:
                self.case.assertLessEqual(line.qty_delivered, line.product_uom_qty,
                                     f"{order.name}: {line.product_id.display_name} shipped twice")

    @invariant()
    def no_negative_stock(self):
        self.case.env.flush_all()
        self.case.env.cr.execute("""SELECT COUNT(*) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                                WHERE l.usage = 'internal' AND q.quantity < 0""")
        self.case.assertEqual(self.case.env.cr.fetchone()[0], 0, "no quant goes negative")


@tagged("post_install", "-at_install")
class TestLedgerMachine(LedgerCommon, TransactionCase):

    def test_ledger_holds_after_any_sequence_of_actions(self):
        OrderMachine.case = self
        run_state_machine_as_test(OrderMachine, settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=EXAMPLES <= 50,
            database=None, suppress_health_check=list(HealthCheck), print_blob=True))
