from odoo import api, fields, models


class MarketplaceOrderReturn(models.TransientModel):
    _name = "marketplace.order.return"
    _inherit = "marketplace.order.wizard"
    _description = "Return Items of a Member Order"

    line_ids = fields.One2many("marketplace.order.return.line", "wizard_id", string="Items")
    reason = fields.Char(required=True)

    # ---------------------------------------------------------------- business
    def _marketplace_default_lines(self, lines):
        return [(0, 0, {"order_line_id": line.id, "quantity": 0.0})
                for line in lines if line.quantity > line.returned_qty]

    # ----------------------------------------------------------------- actions
    def action_confirm(self):
        order = self.order_id._marketplace_check_animator()
        order._marketplace_return({line.order_line_id.sudo(): line.quantity for line in self.line_ids}, self.reason)
        return {"type": "ir.actions.act_window_close"}


class MarketplaceOrderReturnLine(models.TransientModel):
    _name = "marketplace.order.return.line"
    _description = "Returned Item"

    wizard_id = fields.Many2one("marketplace.order.return", required=True, ondelete="cascade")
    order_line_id = fields.Many2one("marketplace.order.line", required=True, readonly=True)
    product_id = fields.Many2one(related="order_line_id.product_id")
    returnable_qty = fields.Float(compute="_compute_returnable_qty", digits="Product Unit of Measure")
    quantity = fields.Float(string="Returned", digits="Product Unit of Measure")

    # ----------------------------------------------------------------- compute
    @api.depends("order_line_id")
    def _compute_returnable_qty(self):
        for line in self:
            order_line = line.order_line_id.sudo()
            line.returnable_qty = order_line.quantity - order_line.returned_qty
