from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    # --------------------------------------------------------------- business
    def _should_bypass_reservation(self, forced_location=False):
        """Moves validated in a quant batch (see ``stock.move.line._synchronize_quant``) are done
        at once: reserving their quants only to release them a moment later is skipped."""
        return (
            super()._should_bypass_reservation(forced_location=forced_location)
            or self.env.context.get("marketplace_quant_batch") is not None
        )
