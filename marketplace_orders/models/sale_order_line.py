from datetime import timedelta

from odoo import api, fields, models

from .marketplace_order import RELEASED_STATES, check_ledger_write


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "marketplace.cron.batch.mixin"]

    # ------------------------------------------------------------------ fields
    marketplace_line_ids = fields.One2many("marketplace.order.line", "sale_line_id", string="Member Order Lines")
    marketplace_missing_qty = fields.Float(
        string="Unassigned Quantity", compute="_compute_marketplace_missing_qty", store=True,
        digits="Product Unit of Measure",
        help="Quantity of this confirmed line that no member store has taken yet.")
    marketplace_cancelled_qty = fields.Float(
        string="Cancelled While Unassigned", digits="Product Unit of Measure", readonly=True, copy=False,
        help="Quantity no store took in time: cancelled for the customer, its payment voided.")

    marketplace_unassigned_deadline = fields.Datetime(
        string="Cancelled If Still Unassigned On", readonly=True, copy=False, index="btree_not_null",
        help="When this line, waiting for a store, is cancelled and its payment voided (Settings › Marketplace).")

    # -------------------------------------------------------------------- CRUD
    def write(self, vals):
        check_ledger_write(self, vals, {"marketplace_cancelled_qty", "marketplace_unassigned_deadline"})
        return super().write(vals)

    # ----------------------------------------------------------------- compute
    @api.depends("state", "product_uom_qty", "product_id", "order_id.marketplace_routed",
                 "marketplace_line_ids.quantity", "marketplace_line_ids.state", "marketplace_line_ids.cancelled",
                 "marketplace_line_ids.released", "marketplace_cancelled_qty")
    def _compute_marketplace_missing_qty(self):
        for line in self:
            if line.state != "sale" or not line._marketplace_is_routed():
                line.marketplace_missing_qty = 0.0
                continue
            # Taken: with a store that has not given it back, or cancelled for the customer.
            taken = sum(line.marketplace_line_ids.filtered(
                lambda ml: not ml.released and (ml.cancelled or ml.state not in RELEASED_STATES)).mapped("quantity"))
            line.marketplace_missing_qty = max(line.product_uom_qty - taken - line.marketplace_cancelled_qty, 0.0)

    # ---------------------------------------------------------------- business
    def _additional_name_per_id(self):
        """Odoo names a customer order line with its customer ("S00042 - Derby (Camille Durand)"),
        read as the superuser: a member reads its lines' names without the customer (it reads
        them on its order while it serves them) — Odoo computes it as the superuser for the
        member's user: the user decides."""
        if self.env.user._marketplace_is_member_only():
            return {}
        return super()._additional_name_per_id()

    def _marketplace_is_routed(self):
        """Lines of the hub's orders that member stores serve (orders confirmed since the module
        routes them): storable catalogue products, what members stock; not services, notes, down
        payments nor delivery fees. The hub's own products keep Odoo's delivery from its warehouse."""
        self.ensure_one()
        return bool(
            not self.display_type
            and self.product_id.is_storable
            and self.product_id.marketplace_catalog
            and not self.is_downpayment
            and not getattr(self, "is_delivery", False)
            and self.order_id.marketplace_routed
        )

    def _marketplace_is_hub_goods(self):
        """Lines of a routed order that the hub delivers itself from its warehouse: its own
        storable products, not the catalogue's."""
        self.ensure_one()
        return bool(
            not self.display_type
            and self.product_id.is_storable
            and not self.product_id.marketplace_catalog
            and not getattr(self, "is_delivery", False)
            and self.order_id.marketplace_routed
        )

    def _get_outgoing_incoming_moves(self, strict=True):
        """What a store delivered of a routed line is what its member orders' own moves took
        (and their returns): another company's move pointed at the line by anyone else counts
        for nothing (Odoo's delivered and procured quantities read it here)."""
        outgoing, incoming = super()._get_outgoing_incoming_moves(strict=strict)
        trusted = self.sudo().marketplace_line_ids.move_id
        return (
            outgoing.filtered(lambda m: m.company_id == self.company_id or m in trusted),
            incoming.filtered(lambda m: m.company_id == self.company_id or (
                m.origin_returned_move_id in trusted
                and m.picking_id.return_id == m.origin_returned_move_id.picking_id)),
        )

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        """The hub ships nothing itself: member stores do, through their member orders."""
        others = self.filtered(lambda line: not line._marketplace_is_routed())
        return super(SaleOrderLine, others)._action_launch_stock_rule(previous_product_uom_qty=previous_product_uom_qty)

    def _marketplace_track_unassigned(self):
        """After a routing: lines left waiting for a store get their deadline (the customer is
        told at once that the items are being looked for), lines served lose it."""
        lines = self.sudo()  # the suite keeps these fields, whoever routed
        lines.invalidate_recordset(["marketplace_missing_qty"])
        served = lines.filtered(
            lambda line: line.marketplace_unassigned_deadline and line.marketplace_missing_qty <= 0)
        served.marketplace_unassigned_deadline = False
        waiting = lines.filtered(lambda line: not line.marketplace_unassigned_deadline
                                 and line.marketplace_missing_qty > 0)
        if not waiting:
            return
        hours = lines.env["res.company"]._marketplace_hub().marketplace_unassigned_hours or 48
        waiting.marketplace_unassigned_deadline = fields.Datetime.now() + timedelta(hours=hours)
        template = lines.env.ref("marketplace_orders.mail_template_marketplace_unassigned_waiting",
                                 raise_if_not_found=False)
        for order in waiting.order_id.filtered(lambda o: o.partner_id.email):
            if template:
                template.with_context(marketplace_lines=waiting & order.order_line).send_mail(order.id)

    @api.model
    def _cron_marketplace_unassigned_timeout(self, batch_size=200):
        """Lines that waited for a store longer than the set time (a card authorisation does
        not last): what no store took is cancelled for the customer, its payment voided, the
        customer told. Batched, committed per batch, safe on several workers."""
        return self._marketplace_cron_batches(
            [("marketplace_unassigned_deadline", "<=", fields.Datetime.now())],
            lambda lines: lines._marketplace_cancel_unassigned(), batch_size)

    def _marketplace_cancel_unassigned(self):
        self.invalidate_recordset(["marketplace_missing_qty"])
        template = self.env.ref("marketplace_orders.mail_template_marketplace_unassigned_cancelled",
                                raise_if_not_found=False)
        for order, lines in self.sudo().grouped("order_id").items():
            lines.marketplace_unassigned_deadline = False
            lines = lines.filtered(lambda line: line.marketplace_missing_qty > 0 and line.order_id.state == "sale")
            if not lines:
                continue
            cancelled = {line: line.marketplace_missing_qty for line in lines}
            for line, qty in cancelled.items():
                line.marketplace_cancelled_qty += qty
            items = ", ".join(f"{int(qty)} × {line.product_id.display_name}" for line, qty in cancelled.items())
            order.message_post(body=self.env._(
                "No store could serve %(items)s in time: cancelled, its payment voided.", items=items))
            order._marketplace_release_authorisation()
            if template and order.partner_id.email:
                template.with_context(marketplace_lines=lines).send_mail(order.id)
