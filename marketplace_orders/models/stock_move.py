from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    # ---------------------------------------------------------------- business
    def _marketplace_delivered_qty(self):
        """What this validated move took to the customer (its lines into a customer location):
        a move sent back to the store's own shelves, or not done, delivered nothing."""
        self.ensure_one()
        if self.state != "done":
            return 0.0
        return sum(line.quantity for line in self.move_line_ids if line.location_dest_id.usage == "customer")
