from odoo import api, models
from odoo.exceptions import AccessError


class StockMove(models.Model):
    _inherit = "stock.move"

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        if not self.env.su:
            moves._marketplace_check_sale_link()
        return moves

    def write(self, vals):
        result = super().write(vals)
        watched = {"sale_line_id", "picking_id", "product_uom_qty", "product_uom", "product_id"}
        if not self.env.su and watched & set(vals):
            self._marketplace_check_sale_link()
        return result

    # ---------------------------------------------------------------- business
    def _marketplace_check_sale_link(self):
        """A store's move tied to the hub's customer order line (another company's) is the
        suite's to make. The order's own move stays in its delivery, with its product and unit;
        any other such move (Odoo's split of it) only in that delivery or its backorder, while the
        order is open, for its active lines and never beyond their pairs — never a user's own
        move, copy or extra line pointed at a customer order. Odoo's return of that delivery keeps
        it (validating it is the hub's: ``stock.picking._action_done``)."""
        moves = self.sudo().filtered(lambda m: m.sale_line_id and m.sale_line_id.company_id != m.company_id)
        if not moves:
            return
        own_lines = self.env["marketplace.order.line"].sudo().search([("move_id", "in", moves.ids)])
        for move in moves:
            line = own_lines.filtered(lambda ml, move=move: ml.move_id == move)[:1]
            if line:
                if (move.picking_id != line.order_id.picking_id or move.product_id != line.product_id
                        or move.product_uom != line.product_id.uom_id):
                    self._marketplace_refuse_sale_link()
                continue
            picking = move.picking_id
            returned = picking.return_id._marketplace_own_deliveries().marketplace_order_id.line_ids.move_id
            if move.origin_returned_move_id and move.origin_returned_move_id in returned:
                continue
            delivery = picking.backorder_id if picking.backorder_id.marketplace_order_id else picking
            order = delivery._marketplace_own_deliveries().marketplace_order_id
            order_lines = order._marketplace_active_lines().filtered(
                lambda ml, move=move: ml.sale_line_id == move.sale_line_id)
            family = (delivery | delivery.backorder_ids).move_ids.filtered(
                lambda m, move=move: m.sale_line_id == move.sale_line_id and m.state != "cancel")
            if (order.state not in ("assigned", "accepted", "ready") or not order_lines
                    or move.product_id != order_lines[0].product_id
                    or sum(family.mapped("product_qty")) > sum(order_lines.mapped("quantity"))):
                self._marketplace_refuse_sale_link()

    def _marketplace_refuse_sale_link(self):
        raise AccessError(self.env._(
            "A stock move is tied to a customer order line by the marketplace only (the member "
            "order's own delivery, for its pairs)."))

    def _marketplace_delivered_qty(self):
        """What this validated move took to the customer (its lines into a customer location):
        a move sent back to the store's own shelves, or not done, delivered nothing."""
        self.ensure_one()
        if self.state != "done":
            return 0.0
        return sum(line.product_uom_id._compute_quantity(line.quantity, self.product_id.uom_id)
                   for line in self.move_line_ids
                   if line.location_dest_id.usage == "customer" and line.product_id == self.product_id)
