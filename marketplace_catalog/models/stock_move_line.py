from odoo import fields, models
from odoo.tools import float_is_zero


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    # --------------------------------------------------------------- business
    def _action_done(self):
        """In a quant batch, the quantities collected line by line are written once, at the end."""
        res = super()._action_done()
        batch = self.env.context.get("marketplace_quant_batch")
        if batch:
            self.env["stock.quant"]._marketplace_apply_quant_batch(batch)
            batch.clear()
        return res

    def _synchronize_quant(self, quantity, location, action="available", in_date=False, **quants_value):
        """Quant batch: with a dict ``marketplace_quant_batch`` in the context, the on-hand change of
        a simple line (storable, no lot, package or owner) is added to the batch instead of being
        written quant by quant (Odoo: two searches, a row lock and a write per line and location).

        The caller vouches that no quantity falls below what is reserved on it, so no reservation
        has to be freed (the returned available quantity is 0)."""
        batch = self.env.context.get("marketplace_quant_batch")
        simple = (
            batch is not None
            and action == "available"
            and self.product_id.is_storable
            and self.product_id.tracking == "none"
            and not quants_value.get("lot", self.lot_id)
            and not quants_value.get("package", self.package_id)
            and not quants_value.get("owner", self.owner_id)
        )
        if not simple:
            return super()._synchronize_quant(quantity, location, action=action, in_date=in_date, **quants_value)
        if not float_is_zero(quantity, precision_rounding=self.product_uom_id.rounding):
            key = (self.product_id.id, location.id)
            batch[key] = batch.get(key, 0.0) + quantity
        return 0, in_date or fields.Datetime.now()
