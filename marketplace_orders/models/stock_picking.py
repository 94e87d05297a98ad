from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------------ fields
    marketplace_order_id = fields.Many2one("marketplace.order", string="Member Order", readonly=True,
                                           index="btree_not_null", copy=False)

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("marketplace_order_id") for vals in vals_list):
            self._marketplace_check_link_write()
        return super().create(vals_list)

    def write(self, vals):
        if "marketplace_order_id" in vals:
            self._marketplace_check_link_write()
        return super().write(vals)

    # ---------------------------------------------------------------- business
    def _marketplace_check_link_write(self):
        """Only the suite links a delivery to a member order (never a user's write)."""
        if not self.env.su:
            raise AccessError(self.env._("The member order of a delivery is set by the marketplace only."))

    def _marketplace_own_deliveries(self):
        """The deliveries that are their member order's own (same company): only these move it."""
        return self.sudo().filtered(lambda p: p.marketplace_order_id.picking_id == p
                                    and p.company_id == p.marketplace_order_id.company_id)

    def _marketplace_check_pairs(self):
        """A member order's delivery takes at most the order's pairs: the customer's line is
        never delivered beyond what was ordered (fewer pairs go back to routing)."""
        for picking in self:
            order = picking.marketplace_order_id
            over = order._marketplace_active_lines().filtered(
                lambda line: line.move_id.product_id != line.product_id
                or line.move_id.product_uom._compute_quantity(line.move_id.quantity, line.product_id.uom_id)
                > line.quantity)
            if over:
                raise UserError(self.env._(
                    "The delivery %(picking)s takes more pairs of %(items)s than the order %(order)s holds: "
                    "validate it with the ordered quantities.",
                    picking=picking.name, order=order.name, items=", ".join(over.product_id.mapped("display_name"))))

    def _marketplace_check_user_validation(self):
        """A user validates a member order's pairs only in its own delivery: never a return of
        them (the hub's to record, with the refund), whatever the picking says, nor another
        picking holding the order's moves."""
        moves = self.sudo().move_ids
        lines = self.env["marketplace.order.line"].sudo().search(
            [("move_id", "in", (moves | moves.origin_returned_move_id).ids)])
        if self.sudo().return_id.marketplace_order_id or (moves.origin_returned_move_id & lines.move_id):
            raise UserError(self.env._(
                "Returns of marketplace orders are recorded by the hub's animators (Return on the member "
                "order): the customer is refunded and the pairs come back to the shop."))
        strays = lines.filtered(
            lambda line: line.move_id in moves and line.move_id.picking_id != line.order_id.picking_id)
        if strays:
            raise UserError(self.env._(
                "The pairs of the order %(order)s leave through its own delivery %(picking)s only.",
                order=strays[0].order_id.name, picking=strays[0].order_id.picking_id.name))
        orders = lines.filtered(lambda line: line.move_id in moves).order_id
        orders.with_env(self.env)._marketplace_check_member_active()

    def _marketplace_store_stock(self):
        """{(location, product): quantity} on hand in these deliveries' stores for their products."""
        stock = {}
        for picking in self:
            groups = self.env["stock.quant"].sudo()._read_group(
                [("location_id", "child_of", picking.location_id.id),
                 ("product_id", "in", picking.move_ids.product_id.ids)], ["product_id"], ["quantity:sum"])
            for product, quantity in groups:
                stock[picking.location_id, product] = quantity
        return stock

    def _marketplace_check_stock_left(self, stock_before):
        """A member order's delivery never takes its store's stock below zero: pairs the store no
        longer holds (a stock feed lowered them under the order's reservation) do not leave on
        paper; the member validates what is there, or sends the shop's stock first."""
        self.env["stock.quant"].flush_model(["quantity"])
        stock_after = self._marketplace_store_stock()
        short = [product for (location, product), quantity in stock_after.items()
                 if quantity < 0 and quantity < stock_before.get((location, product), 0.0)]
        if short:
            raise UserError(self.env._(
                "The store does not hold %(items)s any more (its stock was lowered under the order's reservation): "
                "validate the delivery with the pairs that are there, or send the shop's stock first.",
                items=", ".join(product.display_name for product in short)))

    def _action_done(self):
        """A member order's delivery validated from Inventory ships the order, as the Ship button
        does: the two screens never disagree. Only a validation that takes the delivery to done
        here moves the order (one marked done otherwise moved no pair). A return of a member
        order's delivery is the hub's to record (refund, commission): refused in Inventory."""
        if not self.env.su:
            self._marketplace_check_user_validation()
        own = self._marketplace_own_deliveries()
        open_before = own.filtered(lambda p: p.state not in ("done", "cancel"))
        open_before._marketplace_check_pairs()
        open_before.marketplace_order_id.with_env(self.env)._marketplace_check_member_active()
        stock_before = open_before._marketplace_store_stock()
        result = super()._action_done()
        open_before._marketplace_check_stock_left(stock_before)
        open_before.filtered(lambda p: p.state == "done").marketplace_order_id._marketplace_on_picking_done()
        # The hub's own products left its warehouse: their share of the payment is taken.
        self.sudo().filtered(lambda p: p.state == "done" and not p.marketplace_order_id
                             and p.sale_id.marketplace_routed).sale_id._marketplace_capture_hub_goods()
        return result
