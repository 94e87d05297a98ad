from odoo import fields, models


class MarketplaceOrderLine(models.Model):
    _inherit = "marketplace.order.line"

    # ------------------------------------------------------------------ fields
    counter_amount = fields.Monetary(
        string="Paid at the Counter", readonly=True, copy=False,
        help="Reserve & collect paid at the shop's counter: what the customer paid there for this line, VAT "
             "included (the cashier may have changed the price).")
    counter_refunded = fields.Monetary(
        string="Refunded at the Counter", readonly=True, copy=False,
        help="What refund tickets paid back at the shop's counter for this line's returned items.")
    counter_refunded_qty = fields.Float(
        string="Items Refunded at the Counter", digits="Product Unit of Measure", readonly=True, copy=False,
        help="The returned items refund tickets paid back (the others came back another way).")

    # ---------------------------------------------------------------- business
    def _marketplace_paid_amount(self):
        """Paid at the counter by a ticket: the ticket's price, not the online one."""
        self.ensure_one()
        if self.order_id.pos_order_id:
            return self.counter_amount
        return super()._marketplace_paid_amount()

    def _marketplace_returned_share(self):
        """Items refunded at the counter count for the share of what was paid there that the
        cashier paid back (a refund at no price brings the pairs back but the sale stands);
        items returned another way (the animators' return) count whole."""
        share = super()._marketplace_returned_share()
        if self.order_id.pos_order_id and self.counter_amount and self.counter_refunded_qty and self.quantity:
            by_counter = min(self.counter_refunded_qty, self.quantity) / self.quantity
            paid_back = min(by_counter, self.counter_refunded / self.counter_amount)
            return max(0.0, share - by_counter + paid_back)
        return share
