"""The ledger machine with click & collect (issue 17, "The ledger, proven"): beside the
shipped orders' actions, customers pick their pairs up at a shop — paid online and handed over,
or reserved and paid at the register's counter (at the online price or discounted by the
cashier), then refunded at the counter. After every step the ledgers hold, no pair leaves a
shop twice, and a pair paid at the counter is commissioned on what the customer paid there
(reversed when refunded).

Same knobs as the shipped machine: ``MKT_LEDGER_EXAMPLES``, ``MKT_LEDGER_STEPS``."""
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from odoo.addons.marketplace_collect.tests.common import RegisterCommon
from odoo.addons.marketplace_orders.tests.test_ledger import LedgerCommon
from odoo.addons.marketplace_orders.tests.test_ledger_machine import EXAMPLES, STEPS, OrderMachine
from odoo.tests import TransactionCase, tagged


class CollectMachine(OrderMachine):
    """The shipped orders' machine, and click & collect."""

    def __init__(self):
        super().__init__()
        self.refunded = set()  # legs whose ticket was refunded (once: Odoo refunds a line once)

    @rule(target=OrderMachine.orders, items=st.lists(st.sampled_from(["v38", "v39", "v40"]), min_size=1, max_size=2),
          store=st.sampled_from(["store_lyon", "store_marseille", "store_villeurbanne"]), online=st.booleans(),
          then=st.sampled_from(["wait", "hand_over", "counter", "counter_discounted", "counter_refunded"]))
    def new_pickup_order(self, items, store, online, then):
        """A pick-up order, paid online or to pay at the shop; the customer may come at once
        (handed over, or paid at Lyon's counter, at the online price or discounted, and maybe
        brings the pairs back at once)."""
        quantities = {}
        for name in items:
            product = getattr(self.case, name)
            quantities[product] = quantities.get(product, 0) + 1
        order = self.case.cart(quantities)
        self.case.choose(order, self.case.store_lyon if then.startswith("counter") else getattr(self.case, store))
        if online and not then.startswith("counter"):
            self.case.authorise(order)
            order.action_confirm()
        else:
            self.case.pay_on_site(order)
        if then == "hand_over":
            self.hand_over_at_the_shop(order, 0)
        elif then.startswith("counter"):
            self.paid_at_the_counter(order, 0, 0.5 if then == "counter_discounted" else 1.0)
            if then == "counter_refunded":
                self.refunded_at_the_counter(order, 0)
        return order

    def pick_pickup(self, order, index, states):
        legs = order.marketplace_order_ids.filtered(
            lambda o: o.state in states and o.fulfilment == "collect").sorted("id")
        return legs[index % len(legs)] if legs else legs

    def accepted_pickup(self, order, index):
        """A pick-up order of ``order`` ready to go: accepted by its member first when it was
        only assigned (the customer is at the shop)."""
        leg = self.pick_pickup(order, index, ("assigned", "accepted", "ready"))
        if leg.state == "assigned":
            self.act(lambda: leg.with_user(self.user_of(leg)).action_accept())
        return leg if leg.state in ("accepted", "ready") else leg.browse()

    @rule(order=OrderMachine.orders, index=st.integers(0, 3))
    def hand_over_later(self, order, index):
        self.hand_over_at_the_shop(order, index)

    def hand_over_at_the_shop(self, order, index):
        leg = self.accepted_pickup(order, index)
        if leg:
            self.act(lambda: leg.with_user(self.user_of(leg)).action_hand_over())

    @rule(order=OrderMachine.orders, index=st.integers(0, 3), discount=st.sampled_from([1.0, 0.5]))
    def paid_at_the_counter_later(self, order, index, discount):
        self.paid_at_the_counter(order, index, discount)

    def paid_at_the_counter(self, order, index, discount):
        leg = self.accepted_pickup(order, index)
        if not leg or leg.store_id != self.case.store_lyon or not leg._marketplace_to_pay_in_shop():
            return
        lines = [(line.product_id, line.quantity, leg.pickup_code, round(line.price_unit * discount, 2))
                 for line in leg.line_ids if line._marketplace_is_active()]
        self.act(lambda: self.case.ticket_at(self.case.session, lines))

    @rule(order=OrderMachine.orders, index=st.integers(0, 3))
    def refunded_at_the_counter_later(self, order, index):
        self.refunded_at_the_counter(order, index)

    def refunded_at_the_counter(self, order, index):
        leg = self.pick_pickup(order, index, ("collected",))
        if not leg or not leg.pos_order_id or leg.id in self.refunded:
            return
        self.refunded.add(leg.id)
        refund = leg.pos_order_id.with_company(leg.company_id)._refund()
        refund.add_payment({"pos_order_id": refund.id, "amount": refund.amount_total,
                            "payment_method_id": self.case.session.config_id.payment_method_ids[:1].id})
        self.act(lambda: refund._process_saved_order(False))

    @invariant()
    def counter_sales_commissioned_on_what_was_paid(self):
        legs = self.case.env["marketplace.order"].search([
            ("sale_order_id.partner_id", "=", self.case.customer.id), ("pos_order_id", "!=", False),
            ("state", "=", "collected")])
        for leg in legs:
            self.case.assertEqual(leg.payment_state, "in_shop", f"{leg.name}: paid at the counter")
            ticket_lines = leg.pos_order_id.lines.filtered(
                lambda line, code=leg.pickup_code: line.marketplace_pickup_code == code)
            self.case.assertAlmostEqual(sum(leg.line_ids.mapped("commission_base")),
                                        sum(ticket_lines.mapped("price_subtotal_incl")), places=2,
                                        msg=f"{leg.name}: commissioned on what the counter took")
            # What the counter refunded (Odoo's refund lines point at the ticket's lines) came back
            # to the order, its commission reversed.
            refunds = ticket_lines.refund_orderline_ids.filtered(
                lambda line: line.order_id.state in ("paid", "done", "invoiced"))
            self.case.assertAlmostEqual(sum(leg.line_ids.mapped("returned_qty")), -sum(refunds.mapped("qty")),
                                        msg=f"{leg.name}: what the counter refunded came back to the order")
            for line in leg.line_ids:
                if line.returned_qty >= line.quantity:
                    self.case.assertAlmostEqual(line.commission_reversed, line.commission_amount, places=2,
                                                msg=f"{leg.name}: refunded at the counter, commission reversed")


@tagged("post_install", "-at_install")
class TestCollectLedgerMachine(LedgerCommon, RegisterCommon, TransactionCase):

    def test_ledger_holds_with_click_and_collect(self):
        CollectMachine.case = self
        run_state_machine_as_test(CollectMachine, settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=EXAMPLES <= 50,
            database=None, suppress_health_check=list(HealthCheck), print_blob=True))
