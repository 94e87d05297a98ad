from odoo import models

from ..ledger import Ledger


def alert_animators(records, summary, note=None):
    """A to-do activity on each record for each of the hub's animators."""
    group = records.env.ref("marketplace_base.group_marketplace_animator")
    users = group.sudo().users.filtered(lambda u: u.active and not u.share)
    for record in records:
        for user in users:
            record.activity_schedule("mail.mail_activity_data_todo", user_id=user.id, summary=summary, note=note)


# Member order states in which the pairs have left the store.
SHIPPED_STATES = ("shipped", "delivered", "collected", "closed")


class SaleOrderLedger(models.AbstractModel):
    """The customer order's payment ledger (a concern of ``sale.order``, one place): what was
    authorised, captured, voided, what is still held and for what; every capture and void of its
    legs is decided from it."""

    _name = "marketplace.sale.ledger"
    _description = "Customer Order Payment Ledger"

    # ----------------------------------------------------------------- compute
    def _compute_marketplace_ledger(self):
        """The ledger's figures on the customer order (``marketplace_amount_*``)."""
        for order in self:
            ledger = order._marketplace_ledger() if order.id else None
            order.marketplace_amount_authorised = ledger.authorised if ledger else 0.0
            order.marketplace_amount_captured = ledger.captured if ledger else 0.0
            order.marketplace_amount_voided = ledger.voided if ledger else 0.0
            order.marketplace_amount_held = ledger.held if ledger else 0.0
            order.marketplace_amount_refunded = ledger.refunded if ledger else 0.0

    # ---------------------------------------------------------------- business
    def _marketplace_payment_transaction(self):
        """The customer's manual-capture payment the legs capture from: authorised at checkout
        (or later, by a payment link), then split into captures and voids; empty when none."""
        self.ensure_one()
        return self._marketplace_payment_candidates()[:1]

    def _marketplace_payment_candidates(self):
        """The order's manual-capture payments, the one the legs capture from first: the one
        already split into captures and voids, else the first authorised."""
        self.ensure_one()
        return self.sudo().transaction_ids.filtered(
            lambda tx: not tx.source_transaction_id and tx.operation != "refund" and (
                tx.state == "authorized" or tx.marketplace_operation
                or tx.child_transaction_ids.filtered("marketplace_operation"))
        ).sorted(lambda tx: (not tx.child_transaction_ids.filtered("marketplace_operation"), tx.id))

    def _marketplace_alert_animators(self, summary, note=None):
        """A to-do activity on the customer order for each of the hub's animators."""
        alert_animators(self, summary, note)

    def _marketplace_authorized_transaction(self):
        """The payment the legs capture from now: the oldest of those still partly authorised
        (a new payment takes over from an expired one), or an empty recordset."""
        self.ensure_one()
        return self._marketplace_authorized_transactions()[:1]

    def _marketplace_authorized_transactions(self):
        """The order's payments of which some is still authorised, oldest first."""
        self.ensure_one()
        return self._marketplace_payment_candidates().filtered(
            lambda tx: tx.state == "authorized" and tx._marketplace_uncaptured_amount() > 0).sorted("id")

    def _marketplace_needs_new_payment(self, transaction):
        """Whether the customer's new payment ``transaction`` takes over from the order's other
        payments: it covers what is left to take, and the order needs it — a leg's capture
        failed (an authorisation expired at the provider looks authorised until a capture is
        refused), or what the others still hold does not cover what is left to take."""
        self.ensure_one()
        ledger = self._marketplace_ledger()
        left = ledger.due - ledger.captured
        compare = self.currency_id.compare_amounts
        if compare(transaction._marketplace_uncaptured_amount(), left) < 0:
            return False  # a payment short of what is left releases nothing
        if self.marketplace_order_ids.filtered(lambda leg: leg.payment_state == "failed"):
            return True
        live = sum(tx._marketplace_uncaptured_amount()
                   for tx in self._marketplace_authorized_transactions() - transaction)
        return compare(live, left) < 0

    def _marketplace_ledger(self):
        """This order's ledger (``marketplace_orders.ledger.Ledger``), read from its payment
        transaction, its lines and its member orders."""
        self.ensure_one()
        order = self.sudo()
        currency = order.currency_id
        ledger = Ledger(digits=currency.decimal_places)
        transactions = order._marketplace_payment_candidates()
        for payment in transactions:  # an expired authorisation, then the payment that took over
            authorised, captured, voided, refunded = payment._marketplace_split_amounts()
            ledger.authorised += authorised
            ledger.captured += captured
            ledger.voided += voided
            ledger.refunded += refunded
        cancelled_order = order.state == "cancel"
        for line in order.order_line.filtered(lambda line: not line.display_type):
            if line._marketplace_is_hub_goods():
                # The hub's own products, delivered from its warehouse (Odoo's flow).
                quantity = line.product_uom_qty
                unit = line.price_total / quantity if quantity else 0.0
                shipped = min(line.qty_delivered, quantity)
                open_qty = 0.0 if cancelled_order else max(quantity - shipped, 0.0)
                ledger.goods_ordered += line.price_total
                ledger.goods_shipped += currency.round(unit * shipped)
                ledger.goods_open += currency.round(unit * open_qty)
                ledger.goods_cancelled += currency.round(unit * (quantity - shipped - open_qty))
                ledger.hub_goods_shipped += currency.round(unit * shipped)
                continue
            if not line._marketplace_is_routed():
                if line.price_total >= 0:
                    ledger.fees += line.price_total
                else:
                    ledger.discounts += line.price_total
                continue
            quantity = line.product_uom_qty
            unit = line.price_total / quantity if quantity else 0.0
            shipped = cancelled = 0.0
            for member_line in line.marketplace_line_ids:
                if member_line.released:
                    continue
                if member_line.cancelled:
                    cancelled += member_line.quantity
                elif member_line.state in SHIPPED_STATES:
                    # Pairs returned before their leg's money was taken are never charged.
                    shipped += member_line.quantity - member_line._marketplace_returned_uncharged_qty()
            cancelled += line.marketplace_cancelled_qty
            if cancelled_order:
                cancelled = quantity - shipped
            open_qty = max(quantity - shipped - cancelled, 0.0)
            ledger.goods_ordered += line.price_total
            ledger.goods_shipped += currency.round(unit * shipped)
            ledger.goods_open += currency.round(unit * open_qty)
            ledger.goods_cancelled += currency.round(unit * min(cancelled, quantity))
        for leg in order.marketplace_order_ids:
            if leg.state in SHIPPED_STATES and leg.payment_state in ("to_capture", "failed"):
                ledger.shipped_uncaptured += leg.amount_total
        ledger.hub_goods_captured = order.marketplace_hub_captured_goods
        if transactions:
            ledger.shipped_uncaptured += max(ledger.hub_goods_shipped - ledger.hub_goods_captured, 0.0)
        for name in ("authorised", "captured", "voided", "refunded", "fees", "discounts", "goods_ordered",
                     "goods_shipped", "goods_open", "goods_cancelled", "hub_goods_shipped"):
            setattr(ledger, name, currency.round(getattr(ledger, name)))
        return ledger

    def _marketplace_capture_hub_goods(self):
        """The hub's own products left its warehouse: their money is taken (with the fees if
        nothing was captured yet; what is left of what is due when nothing else is to serve)."""
        for order in self.sudo().filtered("marketplace_routed"):
            transaction = order._marketplace_authorized_transaction()
            if not transaction:
                continue
            transaction._marketplace_lock()
            ledger = order._marketplace_ledger()
            goods = order.currency_id.round(ledger.hub_goods_shipped - ledger.hub_goods_captured)
            if goods <= 0:
                continue
            legs_to_capture = order.marketplace_order_ids._marketplace_to_capture().filtered(
                lambda o: o.payment_state != "none")
            amount = ledger.capture_amount(goods, ledger.goods_open <= 0 and not legs_to_capture)
            if amount > 0:
                transaction.with_context(
                    marketplace_operation="capture", marketplace_reference_suffix=f"{order.name}-HUB",
                )._send_capture_request(amount_to_capture=amount)
            order.marketplace_hub_captured_goods += goods
            order._marketplace_release_authorisation()

    def _marketplace_take_over_payment(self, transaction):
        """The new payment ``transaction`` replaces the order's older ones: what they still hold
        is released (the legs capture from the new one)."""
        self.ensure_one()
        for old in self.sudo()._marketplace_authorized_transactions() - transaction:
            old._marketplace_lock()
            try:
                with self.env.cr.savepoint():
                    old.with_context(marketplace_operation="void")._send_void_request(
                        amount_to_void=old._marketplace_uncaptured_amount())
            except Exception as error:  # noqa: BLE001 - an expired authorisation the provider no longer voids
                if not old.child_transaction_ids.filtered("marketplace_operation"):
                    old.marketplace_operation = "void"  # released whole (its captures, if any, count once)
                old._set_canceled(state_message=str(error))  # nothing is held on it any more

    def _marketplace_release_authorisation(self):
        """Void what is authorised for nothing any more (cancelled lines, a cancelled order,
        nothing left to serve), read from the ledger: idempotent, whatever called it and however
        often. Returns the amount voided."""
        voided = 0.0
        for order in self.sudo():
            transactions = order._marketplace_authorized_transactions()
            for transaction in transactions:
                transaction._marketplace_lock()
            amount = order._marketplace_ledger().to_void if transactions else 0.0
            for transaction in transactions:  # the oldest first: it expires first
                part = min(amount, transaction._marketplace_uncaptured_amount())
                if part <= 0:
                    break
                transaction.with_context(marketplace_operation="void")._send_void_request(amount_to_void=part)
                voided += part
                amount = order.currency_id.round(amount - part)
        return voided
