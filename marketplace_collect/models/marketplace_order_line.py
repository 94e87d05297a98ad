from odoo import fields, models


class MarketplaceOrderLine(models.Model):
    _inherit = "marketplace.order.line"

    # ------------------------------------------------------------------ fields
    counter_amount = fields.Monetary(
        string="Paid at the Counter", readonly=True, copy=False,
        help="Reserve & collect paid at the shop's counter: what the customer paid there for this line, VAT "
             "included (the cashier may have changed the price).")

    # ---------------------------------------------------------------- business
    def _marketplace_paid_amount(self):
        """Paid at the counter by a ticket: the ticket's price, not the online one."""
        self.ensure_one()
        if self.order_id.pos_order_id:
            return self.counter_amount
        return super()._marketplace_paid_amount()
