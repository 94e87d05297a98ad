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
        if not self.env.su and {"sale_line_id", "picking_id", "product_uom_qty"} & set(vals):
            self._marketplace_check_sale_link()
        return result

    # ---------------------------------------------------------------- business
    def _marketplace_check_sale_link(self):
        """A store's move tied to the hub's customer order line (another company's) is the
        suite's to make: only in a member order's own delivery (or its backorder, where Odoo
        moves the rest of a split), for that order's lines and never beyond their pairs — never a
        user's own move, copy or extra line pointed at a customer order. Odoo's return of that
        delivery keeps it (validating it is the hub's: ``stock.picking._action_done``)."""
        for move in self.sudo().filtered(lambda m: m.sale_line_id and m.sale_line_id.company_id != m.company_id):
            picking = move.picking_id
            returned = picking.return_id._marketplace_own_deliveries().marketplace_order_id.line_ids.move_id
            if move.origin_returned_move_id and move.origin_returned_move_id in returned:
                continue
            delivery = picking.backorder_id if picking.backorder_id.marketplace_order_id else picking
            order = delivery._marketplace_own_deliveries().marketplace_order_id
            order_lines = order.line_ids.filtered(lambda line, move=move: line.sale_line_id == move.sale_line_id)
            moves = (delivery | delivery.backorder_ids).move_ids.filtered(
                lambda m, move=move: m.sale_line_id == move.sale_line_id and m.state != "cancel")
            if not order_lines or sum(moves.mapped("product_uom_qty")) > sum(order_lines.mapped("quantity")):
                raise AccessError(self.env._(
                    "A stock move is tied to a customer order line by the marketplace only (the member "
                    "order's own delivery, for its pairs)."))

    def _marketplace_delivered_qty(self):
        """What this validated move took to the customer (its lines into a customer location):
        a move sent back to the store's own shelves, or not done, delivered nothing."""
        self.ensure_one()
        if self.state != "done":
            return 0.0
        return sum(line.quantity for line in self.move_line_ids if line.location_dest_id.usage == "customer")
