from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    # --------------------------------------------------------------- business
    def _should_bypass_reservation(self, forced_location=False):
        """A stock feed's batched moves (see ``stock.move.line._synchronize_quant``) are done at
        once and take only stock nobody reserved: reserving their quants only to release them a
        moment later is skipped. Only those moves: any other move keeps Odoo's reservations."""
        batch = self.env.context.get("marketplace_quant_batch")
        return (
            super()._should_bypass_reservation(forced_location=forced_location)
            or (batch is not None and self.id in batch["moves"])
        )
