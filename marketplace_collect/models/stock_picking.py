from odoo import api, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ---------------------------------------------------------------- business
    @api.model
    def _create_picking_from_pos_order_lines(self, location_dest_id, lines, picking_type, partner=False):
        """A ticket's click & collect lines have their own delivery: no second picking for them."""
        lines = lines.filtered(lambda line: not line.marketplace_pickup_code)
        if not lines:
            return self.browse()
        return super()._create_picking_from_pos_order_lines(location_dest_id, lines, picking_type, partner=partner)
