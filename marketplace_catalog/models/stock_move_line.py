from odoo import fields, models
from odoo.tools import float_is_zero


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # --------------------------------------------------------------- business
    def _action_done(self):
        """In a quant batch, the quantities collected line by line are written once, at the end."""
        res = super()._action_done()
        batch = self.env.context.get("marketplace_quant_batch")
        if batch and batch["quants"]:
            self.env["stock.quant"]._marketplace_apply_quant_batch(batch["quants"])
            batch["quants"].clear()
        return res

    def _synchronize_quant(self, quantity, location, action="available", in_date=False, **quants_value):
        """Quant batch: with ``marketplace_quant_batch`` in the context (``{'moves': ids, 'quants':
        {}}``), the on-hand change of a line of one of those moves (a stock feed's) is added to
        the batch instead of being written quant by quant (Odoo: a search, a row lock and a write
        per line and location).

        The feed vouches that these lines take only stock nobody reserved, so no reservation has
        to be freed (the returned available quantity is 0)."""
        batch = self.env.context.get("marketplace_quant_batch")
        if (batch is None or action != "available" or self.move_id.id not in batch["moves"]
                or not self.product_id.is_storable):
            return super()._synchronize_quant(quantity, location, action=action, in_date=in_date, **quants_value)
        if not float_is_zero(quantity, precision_rounding=self.product_uom_id.rounding):
            key = (
                self.product_id.id, location.id,
                quants_value.get("lot", self.lot_id).id or None,
                quants_value.get("package", self.package_id).id or None,
                quants_value.get("owner", self.owner_id).id or None,
            )
            batch["quants"][key] += quantity
        return 0, in_date or fields.Datetime.now()
