from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    # ------------------------------------------------------------------ fields
    marketplace_operation = fields.Selection(
        selection=[("capture", "Capture"), ("void", "Void")], readonly=True, copy=False,
        help="What this transaction does to a marketplace order's authorisation: a capture of a shipped "
             "leg or a void of what will not be served (the parent itself when it is taken whole).")

    # ---------------------------------------------------------------- business
    def _create_child_transaction(self, amount, is_refund=False, **custom_create_values):
        """A partial capture or void of a marketplace order says which it is, and a capture takes
        its leg's reference (``P-<authorisation>-<leg>``): two legs captured at once never compute
        the same reference."""
        operation = self.env.context.get("marketplace_operation")
        if not is_refund and operation:
            custom_create_values.setdefault("marketplace_operation", operation)
            suffix = self.env.context.get("marketplace_reference_suffix")
            if suffix:
                custom_create_values.setdefault("reference", self._compute_reference(
                    self.provider_code, prefix=f"P-{self.reference}-{suffix}"))
        return super()._create_child_transaction(amount, is_refund=is_refund, **custom_create_values)

    def _send_capture_request(self, amount_to_capture=None):
        if self.env.context.get("marketplace_operation") == "capture" and not self.marketplace_operation and (
                not amount_to_capture or amount_to_capture == self.amount):
            self.marketplace_operation = "capture"  # taken whole: no child
        return super()._send_capture_request(amount_to_capture=amount_to_capture)

    def _send_void_request(self, amount_to_void=None):
        if self.env.context.get("marketplace_operation") == "void" and not self.marketplace_operation and (
                not amount_to_void or amount_to_void == self.amount):
            self.marketplace_operation = "void"  # released whole: no child
        return super()._send_void_request(amount_to_void=amount_to_void)

    def _set_authorized(self, *args, **kwargs):
        """A payment authorised after its order was routed (a payment link, a hand-typed order
        paid later): its member orders capture from it, those already shipped at once."""
        transactions = super()._set_authorized(*args, **kwargs)
        transactions = transactions - transactions._marketplace_release_second_authorisations()
        orders = transactions.sale_order_ids.filtered(lambda order: order.marketplace_routed and order.state == "sale")
        orders.sudo().marketplace_order_ids._marketplace_on_payment_authorized()
        return transactions

    def _marketplace_release_second_authorisations(self):
        """A routed customer order is paid once: a second authorisation (a payment link paid
        after the checkout, a second tab) is voided at once — the legs capture from the first,
        the customer is never charged twice — and the animators are told. Returns them.
        A new payment the order needs (a capture refused, an authorisation expired: what the
        others hold no longer covers what is left to take) takes over instead: what the others
        still hold is released."""
        second = self.browse()
        for transaction in self.filtered(lambda tx: tx.state == "authorized" and not tx.source_transaction_id):
            orders = transaction.sale_order_ids.sudo().filtered(
                lambda order: order.marketplace_routed and order.state == "sale")
            if not orders:
                continue
            # Two payments of one order confirmed at once: one after the other.
            self.env.cr.execute(SQL("UPDATE sale_order SET write_date = write_date WHERE id IN %s",
                                    tuple(orders.ids)))
            paid = {order: (order._marketplace_payment_candidates() - transaction)[:1] for order in orders}
            if not all(paid.values()):
                continue  # the only payment of one of its orders: kept
            if any(order._marketplace_needs_new_payment(transaction) for order in orders):
                for order, first in paid.items():
                    order._marketplace_take_over_payment(transaction)
                    order._marketplace_alert_animators(
                        self.env._("New payment %(reference)s takes over", reference=transaction.reference),
                        self.env._("The payment %(first)s could not cover the order any more (a capture refused, "
                                   "an authorisation expired): the legs capture from %(reference)s, what the "
                                   "older payments still held is released.",
                                   first=first.reference, reference=transaction.reference))
                continue
            # Voided as the ledger's: counted as released even while the provider confirms it later.
            transaction.sudo().with_context(marketplace_operation="void")._send_void_request()
            for order, first in paid.items():
                order._marketplace_alert_animators(
                    self.env._("Second payment %(reference)s voided", reference=transaction.reference),
                    self.env._("The order was already paid by %(first)s: the second authorisation of %(amount)s "
                               "was released at once. Check with the customer that nothing is missing.",
                               first=first.reference, amount=transaction.amount))
            second |= transaction
        return second

    def _set_done(self, *args, **kwargs):
        transactions = super()._set_done(*args, **kwargs)
        self._marketplace_follow_captures()
        return transactions

    def _set_canceled(self, *args, **kwargs):
        transactions = super()._set_canceled(*args, **kwargs)
        self._marketplace_follow_captures()
        return transactions

    def _set_error(self, *args, **kwargs):
        transactions = super()._set_error(*args, **kwargs)
        self._marketplace_follow_captures()
        return transactions

    def _marketplace_follow_captures(self):
        """A capture the provider answered later (pending, then confirmed or refused by its
        webhook): the leg follows it — captured, or failed with the animators told (and its
        capture can be retried)."""
        captures = self.filtered(lambda tx: tx.marketplace_operation == "capture")
        if not captures:  # every other payment of the instance: nothing to read
            return
        legs = self.env["marketplace.order"].sudo().search([
            ("capture_transaction_id", "in", captures.ids), ("payment_state", "in", ("pending", "captured"))])
        for leg in legs:
            transaction = leg.capture_transaction_id
            if transaction.state == "done" and leg.payment_state == "pending":
                leg.payment_state = "captured"
            elif transaction.state in ("error", "cancel"):
                leg._marketplace_capture_failed(transaction.state_message or transaction.state)

    def action_capture(self):
        self._marketplace_check_manual_operation()
        return super().action_capture()

    def action_void(self):
        self._marketplace_check_manual_operation()
        return super().action_void()

    def _marketplace_check_manual_operation(self):
        """A routed marketplace order's payment is captured leg by leg when its pairs leave the
        stores and voided for what will not be served (its ledger): never by hand."""
        if self.env.context.get("marketplace_operation"):
            return
        if self.sale_order_ids.filtered("marketplace_routed") or self.source_transaction_id.sale_order_ids.filtered(
                "marketplace_routed"):
            raise UserError(self.env._(
                "This payment belongs to a marketplace order: it is captured when each member order ships and "
                "released for what will not be served. Cancel the order or its lines instead."))

    def _marketplace_lock(self):
        """One capture or void of an authorisation at a time: the row is locked (and touched, so
        that a concurrent transaction that read it before retries instead of computing the same
        child reference)."""
        self.ensure_one()
        self.env.cr.execute(SQL("UPDATE payment_transaction SET write_date = write_date WHERE id = %s", self.id))

    def _marketplace_split_amounts(self):
        """(authorised, captured, voided, refunded) of this source transaction: its children say
        what each did (``marketplace_operation``; by their state when it is not set)."""
        self.ensure_one()
        currency = self.currency_id
        captured = voided = refunded = 0.0
        if self.marketplace_operation == "capture" and self.state in ("done", "pending", "authorized"):
            captured = self.amount
        elif self.marketplace_operation == "void" and self.state in ("cancel", "pending", "authorized"):
            voided = self.amount
        elif not self.child_transaction_ids and self.state == "done":
            captured = self.amount
        for child in self.child_transaction_ids:
            if child.operation == "refund":
                if child.state != "error":
                    refunded -= child.amount
                continue
            operation = child.marketplace_operation or ("void" if child.state == "cancel" else "capture")
            if operation == "capture" and child.state not in ("error", "cancel"):
                captured += child.amount
            elif operation == "void" and child.state != "error":
                voided += child.amount
        for capture in self.child_transaction_ids.filtered(lambda tx: tx.marketplace_operation == "capture"):
            refunded += sum(-refund.amount for refund in capture.child_transaction_ids
                            if refund.operation == "refund" and refund.state != "error")
        if self.state in ("cancel", "error") and not self.marketplace_operation:
            voided = self.amount - captured  # the authorisation ended (expired at the provider): nothing is held
        return (currency.round(self.amount), currency.round(captured), currency.round(voided),
                currency.round(refunded))

    def _marketplace_uncaptured_amount(self):
        """What is left of this authorised amount once its partial captures and voids (done,
        pending or requested) are taken off."""
        self.ensure_one()
        _authorised, captured, voided, _refunded = self._marketplace_split_amounts()
        return self.currency_id.round(self.amount - captured - voided)
