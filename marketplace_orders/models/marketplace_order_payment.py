from odoo import models
from odoo.exceptions import UserError

from .sale_order_ledger import SHIPPED_STATES


class MarketplaceOrderPayment(models.AbstractModel):
    """A member order's share of the customer's payment (a concern of ``marketplace.order``):
    captured when its pairs leave the store, refunded when they come back. The amounts come from
    the customer order's ledger (``sale.order._marketplace_ledger``), never from the leg alone."""

    _name = "marketplace.order.payment"
    _description = "Member Order Payment"

    # ----------------------------------------------------------------- actions
    def action_marketplace_retry_capture(self):
        if not self.env.user.has_group("marketplace_base.group_marketplace_animator"):
            raise UserError(self.env._("Only marketplace animators can capture payments."))
        self.sudo().filtered(lambda o: o.state in SHIPPED_STATES)._marketplace_capture()
        return True

    # ---------------------------------------------------------------- business
    def _marketplace_on_shipped(self):
        """The parcel left the store: the customer's money for this leg is taken."""
        self._marketplace_capture()

    def _marketplace_on_payment_authorized(self):
        """The customer order's payment was authorised after these legs were made (or took over
        from an expired one): the live ones capture from it (the shipped ones at once, those
        whose capture failed again)."""
        waiting = self.filtered(lambda o: o.payment_state == "none" and not o.capture_transaction_id
                                and o.state not in ("refused", "expired", "cancelled"))
        waiting.write({"payment_state": "to_capture"})
        (waiting | self.filtered(lambda o: o.payment_state == "failed"))._marketplace_capture()

    def _marketplace_to_capture(self):
        """The legs whose pairs left and whose money is still to take: to capture, failed, or
        waiting for a payment that came after routing."""
        return self.filtered(lambda o: o.state in SHIPPED_STATES and (
            o.payment_state in ("to_capture", "failed")
            or (o.payment_state == "none" and not o.capture_transaction_id)))

    def _marketplace_capture_amount(self, ledger):
        """This leg's capture, from the customer order's ``ledger``: its goods, its share of the
        discounts, the fees with the first capture; the last leg takes what is left of what is
        due."""
        self.ensure_one()
        others = self.sale_order_id.marketplace_order_ids - self
        last = (ledger.goods_open <= 0 and ledger.hub_goods_shipped <= ledger.hub_goods_captured
                and not others._marketplace_to_capture().filtered(lambda o: o.payment_state != "none"))
        goods = sum(line._marketplace_charged_amount() for line in self._marketplace_active_lines())
        return ledger.capture_amount(goods, last)

    def _marketplace_capture(self):
        """Capture each leg's amount on the customer order's authorised transaction (a partial
        capture when the order has several legs). A failure leaves the order shipped, records the
        provider's message, gives the animators an activity and loses nothing: the capture can be
        retried (``action_marketplace_retry_capture``). What is then authorised for nothing is
        voided (``_marketplace_release_authorisation``)."""
        for order in self.sudo()._marketplace_to_capture():
            sale_order = order.sale_order_id
            transaction = sale_order._marketplace_authorized_transaction()
            if not transaction:
                if order.payment_state != "none" or sale_order._marketplace_payment_transaction():
                    order._marketplace_capture_failed(self.env._("Nothing is authorised any more for this order."))
                continue
            transaction._marketplace_lock()
            amount = order._marketplace_capture_amount(sale_order._marketplace_ledger())
            if amount <= 0:
                order.write({"payment_state": "captured", "capture_amount": 0.0, "payment_error": False})
                continue
            try:
                with self.env.cr.savepoint():
                    child = transaction.with_context(
                        marketplace_operation="capture", marketplace_reference_suffix=order.name,
                    )._send_capture_request(amount_to_capture=amount)
            except Exception as error:  # noqa: BLE001 - any provider failure: recorded, retried later
                order._marketplace_capture_failed(str(error))
                continue
            captured = child or transaction
            if captured.state == "done":
                state = "captured"
            elif captured.state in ("error", "cancel"):
                order._marketplace_capture_failed(captured.state_message or captured.state)
                continue
            else:
                state = "pending"
            order.write({"payment_state": state, "capture_transaction_id": captured.id,
                         "capture_amount": amount, "payment_error": False})
        self.sale_order_id._marketplace_release_authorisation()

    def _marketplace_capture_failed(self, message):
        self.ensure_one()
        self.write({"payment_state": "failed", "payment_error": message})
        self._marketplace_alert_animators(
            self.env._("Payment capture failed for %(order)s", order=self.name), message)

    def _marketplace_refund(self, amount):
        """Give ``amount`` back to the customer through the provider of the captured payment."""
        transaction = self.capture_transaction_id
        if not transaction or transaction.state != "done" or amount <= 0:
            return 0.0
        amount = min(amount, self.capture_amount - self.refunded_amount)
        if amount <= 0:
            return 0.0
        transaction._send_refund_request(amount_to_refund=amount)
        self.refunded_amount += amount
        return amount
