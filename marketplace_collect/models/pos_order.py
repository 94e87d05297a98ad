import logging

from odoo import models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class PosOrder(models.Model):
    _inherit = "pos.order"

    # ---------------------------------------------------------------- business
    def _create_order_picking(self):
        """Click & collect paid at the counter: the orders of the ticket's pickup codes are handed
        over (their reserved delivery takes the pairs out of the shop, once) and the ticket's picking
        leaves those lines out. A code whose order cannot be handed over any more (cancelled meanwhile,
        another shop's, handed over already) keeps its lines in the ticket's picking: the pairs still
        leave the shop once, and the animators are told."""
        if self.state in ("paid", "done", "invoiced"):
            self._marketplace_hand_over_pickups()
            self._marketplace_return_pickups()
        return super()._create_order_picking()

    def _marketplace_hand_over_pickups(self):
        """Each pickup code of the ticket hands over its order when the ticket's lines of that code
        are exactly the order's reserved pairs (same products, same quantities) and the order can
        still be handed over at this shop. Anything else — a code put on another product or on
        more pairs, a code already paid on another ticket, an order cancelled meanwhile — keeps
        its lines in the ticket's own picking (the pairs leave the shop once, with a stock move)
        and reaches the animators with the ticket, the order and the amount paid."""
        self.ensure_one()
        lines = self.lines.filtered("marketplace_pickup_code")
        store = self.config_id.picking_type_id.warehouse_id
        by_code = lines.grouped("marketplace_pickup_code")
        orders = self.env["marketplace.order"].sudo().search(
            [("pickup_code", "in", list(by_code)), ("fulfilment", "=", "collect")]).grouped("pickup_code")
        for code, code_lines in by_code.items():
            member_order = orders.get(code, self.env["marketplace.order"])
            if member_order.store_id == store and member_order.state == "collected" \
                    and member_order.pos_order_id == self:
                continue  # handed over by this ticket already (the ticket processed again)
            problem = self._marketplace_pickup_problem(member_order, code_lines, store)
            if not problem:
                try:
                    with self.env.cr.savepoint():
                        member_order.pos_order_id = self
                        member_order._marketplace_set_counter_amounts(code_lines)
                        member_order._marketplace_hand_over()
                except UserError as error:
                    problem = str(error)
            if problem:
                _logger.warning("Ticket %s: pickup code %s not handed over: %s", self.name, code, problem)
                code_lines.marketplace_pickup_code = False
                alerted = member_order or self.env["marketplace.order"]
                summary = self.env._(
                    "Ticket %(ticket)s paid %(amount)s for the pickup code %(code)s but did not hand it over",
                    ticket=self.name, code=code,
                    amount=sum(line._marketplace_counter_total() for line in code_lines))
                if alerted:
                    alerted._marketplace_alert_animators(summary, problem)

    def _marketplace_return_pickups(self):
        """A refund ticket of click & collect pairs paid at the counter (Odoo's refund lines
        point at the lines refunded, which carry the pickup code): the order handed over by the
        refunded ticket records the return — its commission is reversed like any return's; the
        refund ticket's own picking brings the pairs back and the cashier paid the customer.
        Each refund line counts once, however often the ticket is processed."""
        self.ensure_one()
        refund_lines = self.lines.filtered(
            lambda line: line.qty < 0 and not line.marketplace_returned
            and line.refunded_orderline_id.marketplace_pickup_code)
        if not refund_lines:
            return
        refund_lines.marketplace_returned = True
        Order = self.env["marketplace.order"].sudo()
        for (code, ticket), lines in refund_lines.grouped(
                lambda line: (line.refunded_orderline_id.marketplace_pickup_code,
                              line.refunded_orderline_id.order_id)).items():
            member_order = Order.search([("pickup_code", "=", code), ("pos_order_id", "=", ticket.id),
                                         ("state", "=", "collected")], limit=1)
            quantities = {}
            for line in lines:
                left = -line.qty
                # What the cashier paid back for these pairs (a refund at no price reverses nothing).
                refunded = max(-line._marketplace_counter_total(), 0.0)
                for order_line in member_order.line_ids.filtered(lambda ol, p=line.product_id: ol.product_id == p):
                    qty = min(left, order_line.quantity - order_line.returned_qty - quantities.get(order_line, 0.0))
                    if qty > 0:
                        quantities[order_line] = quantities.get(order_line, 0.0) + qty
                        order_line.counter_refunded += member_order.currency_id.round(refunded * qty / -line.qty)
                        order_line.counter_refunded_qty += qty
                        left -= qty
            if quantities:
                member_order._marketplace_return(quantities, self.env._("Refunded at the counter"),
                                                 counter_ticket=self.name)

    def _marketplace_discount_factor(self):
        """What the ticket's discounts leave of its lines' prices (0 to 1): a discount on the whole
        ticket (a negative line without a pickup code, as Odoo's global discount and loyalty
        rewards make) is shared by every line it lowers, in proportion to their totals."""
        self.ensure_one()
        totals = [(line, line._marketplace_counter_total()) for line in self.lines if not line.refunded_orderline_id]
        sold = sum(total for _line, total in totals if total > 0)
        discounts = sum(total for line, total in totals if total < 0 and not line.marketplace_pickup_code)
        return max(0.0, 1.0 + discounts / sold) if sold else 0.0

    def _marketplace_pickup_problem(self, member_order, code_lines, store):
        """Why the ticket's ``code_lines`` cannot hand ``member_order`` over (or nothing)."""
        if not member_order or member_order.store_id != store:
            return self.env._("No order to collect at this shop has this code.")
        if member_order.state == "collected":
            return self.env._("The order %(order)s was already handed over (ticket %(ticket)s).",
                              order=member_order.name, ticket=member_order.pos_order_id.name or "—")
        if member_order.state not in ("accepted", "ready"):
            return self.env._("The order %(order)s can no longer be handed over.", order=member_order.name)
        if member_order.company_id.marketplace_state != "active":
            return self.env._("The member of the order %(order)s is not active: the hub's animators handle it.",
                              order=member_order.name)
        if not member_order._marketplace_to_pay_in_shop():
            return self.env._("The order %(order)s was paid online: it is handed over without a payment.",
                              order=member_order.name)
        reserved, on_ticket = {}, {}
        for line in member_order.line_ids.filtered(lambda line: line._marketplace_is_active()):
            reserved[line.product_id.id] = reserved.get(line.product_id.id, 0.0) + line.quantity
        for line in code_lines:
            on_ticket[line.product_id.id] = on_ticket.get(line.product_id.id, 0.0) + line.qty
        if reserved != on_ticket:
            return self.env._("The ticket's lines of this code are not the order's reserved pairs.")
        return False
