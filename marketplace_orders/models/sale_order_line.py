from odoo import api, fields, models

from .marketplace_order import RELEASED_STATES


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # ------------------------------------------------------------------ fields
    marketplace_line_ids = fields.One2many("marketplace.order.line", "sale_line_id", string="Member Order Lines")
    marketplace_missing_qty = fields.Float(
        string="Unassigned Quantity", compute="_compute_marketplace_missing_qty", store=True,
        digits="Product Unit of Measure",
        help="Quantity of this confirmed line that no member store has taken yet.")

    # ----------------------------------------------------------------- compute
    @api.depends("state", "product_uom_qty", "product_id", "order_id.marketplace_routed",
                 "marketplace_line_ids.quantity", "marketplace_line_ids.state", "marketplace_line_ids.cancelled",
                 "marketplace_line_ids.released")
    def _compute_marketplace_missing_qty(self):
        for line in self:
            if line.state != "sale" or not line._marketplace_is_routed():
                line.marketplace_missing_qty = 0.0
                continue
            # Taken: with a store that has not given it back, or cancelled for the customer.
            taken = sum(line.marketplace_line_ids.filtered(
                lambda ml: not ml.released and (ml.cancelled or ml.state not in RELEASED_STATES)).mapped("quantity"))
            line.marketplace_missing_qty = max(line.product_uom_qty - taken, 0.0)

    # ---------------------------------------------------------------- business
    def _marketplace_is_routed(self):
        """Lines of the hub's orders that member stores serve (orders confirmed since the module
        routes them): storable products; not services, notes, down payments nor delivery fees."""
        self.ensure_one()
        return bool(
            not self.display_type
            and self.product_id.is_storable
            and not self.is_downpayment
            and not getattr(self, "is_delivery", False)
            and self.order_id.marketplace_routed
        )

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        """The hub ships nothing itself: member stores do, through their member orders."""
        others = self.filtered(lambda line: not line._marketplace_is_routed())
        return super(SaleOrderLine, others)._action_launch_stock_rule(previous_product_uom_qty=previous_product_uom_qty)
