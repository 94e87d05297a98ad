from odoo import api, fields, models

from .marketplace_order import check_protected_write


class MarketplaceOrderLine(models.Model):
    _name = "marketplace.order.line"
    _description = "Member Order Line"
    # In creation order: an order's lines come together (ordering by the order would join it).
    _order = "id"

    # ------------------------------------------------------------------ fields
    order_id = fields.Many2one("marketplace.order", required=True, ondelete="cascade", index=True, readonly=True)
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Customer Order Line", required=True, index=True, ondelete="restrict",
        readonly=True)
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    state = fields.Selection(related="order_id.state", store=True, index=True)
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True, index=True)
    barcode = fields.Char(related="product_id.barcode")
    quantity = fields.Float(digits="Product Unit of Measure", required=True, readonly=True)
    move_id = fields.Many2one("stock.move", readonly=True, index="btree_not_null")
    currency_id = fields.Many2one(related="order_id.currency_id")
    price_unit = fields.Monetary(
        string="Unit Price", compute="_compute_amount", store=True,
        help="What the customer pays for one unit, VAT included.")
    amount = fields.Monetary(
        compute="_compute_amount", store=True, help="What the customer pays for this line, VAT included.")
    cancelled = fields.Boolean(readonly=True, copy=False, help="Cancelled for the customer by the hub.")
    released = fields.Boolean(
        string="Moved", readonly=True, copy=False,
        help="Given back to routing (reassigned to another store): another member order serves it.")
    returned_qty = fields.Float(string="Returned", digits="Product Unit of Measure", readonly=True, copy=False)

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        check_protected_write(self, set().union(*vals_list) if vals_list else set())
        return super().create(vals_list)

    def write(self, vals):
        check_protected_write(self, vals)
        return super().write(vals)

    def unlink(self):
        check_protected_write(self, ["quantity"])
        return super().unlink()

    # ----------------------------------------------------------------- compute
    @api.depends("quantity", "sale_line_id.price_total", "sale_line_id.product_uom_qty")
    def _compute_amount(self):
        for line in self:
            sale_line = line.sale_line_id
            unit = sale_line.price_total / sale_line.product_uom_qty if sale_line.product_uom_qty else 0.0
            line.price_unit = unit
            line.amount = line.currency_id.round(unit * line.quantity) if line.currency_id else unit * line.quantity

    # ---------------------------------------------------------------- business
    def _marketplace_returned_uncharged_qty(self):
        """Pairs that came back before their leg's payment was captured: nothing to charge."""
        self.ensure_one()
        if self.order_id.payment_state in ("captured", "pending", "in_shop"):
            return 0.0
        return self.returned_qty

    def _marketplace_paid_amount(self):
        """What the customer paid for this line, VAT included: its share of the online order
        (other modules: what was paid at the shop's counter)."""
        self.ensure_one()
        return self.amount

    def _marketplace_share_of(self, qty):
        """What the customer paid for ``qty`` items of this line: its amount shared, rounded to
        the cent (never the rounded unit price × items)."""
        self.ensure_one()
        return self.currency_id.round(self.amount * qty / self.quantity) if self.quantity else 0.0

    def _marketplace_returned_share(self):
        """The share (0 to 1) of what the customer paid for this line that came back to them:
        its items returned (other modules: what the shop's counter paid back)."""
        self.ensure_one()
        return min(self.returned_qty, self.quantity) / self.quantity if self.quantity else 0.0

    def _marketplace_charged_amount(self):
        """What the customer pays for this line's pairs that left and stay charged."""
        self.ensure_one()
        return self.currency_id.round(self.price_unit * (self.quantity - self._marketplace_returned_uncharged_qty()))

    def _marketplace_is_active(self):
        """The line is still this member order's to serve (not cancelled, not moved elsewhere)."""
        self.ensure_one()
        return not self.cancelled and not self.released
