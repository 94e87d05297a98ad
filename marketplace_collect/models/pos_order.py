from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    # ---------------------------------------------------------------- business
    def _create_order_picking(self):
        """Click & collect paid at the counter: the ticket's picking leaves those pairs out (their
        reserved delivery takes them out of the shop), and the orders are handed over."""
        result = super()._create_order_picking()
        codes = set(self.lines.filtered("marketplace_pickup_code").mapped("marketplace_pickup_code"))
        Order = self.env["marketplace.order"].sudo()
        for code in sorted(codes):
            member_order = Order.search([("pickup_code", "=", code), ("fulfilment", "=", "collect")], limit=1)
            if member_order and member_order.state in ("accepted", "ready") \
                    and member_order.store_id == self.config_id.picking_type_id.warehouse_id:
                member_order._marketplace_hand_over()
        return result
