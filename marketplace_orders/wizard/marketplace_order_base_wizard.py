from odoo import api, fields, models


class MarketplaceOrderWizard(models.AbstractModel):
    _name = "marketplace.order.wizard"
    _description = "Animator Action on a Member Order"

    order_id = fields.Many2one("marketplace.order", required=True, readonly=True)

    # -------------------------------------------------------------------- CRUD
    @api.model
    def default_get(self, fields_list):
        """The order's open lines (not cancelled, not moved elsewhere) in ``line_ids``."""
        values = super().default_get(fields_list)
        order = self.env["marketplace.order"].browse(values.get("order_id")).sudo()
        if order and "line_ids" in fields_list:
            lines = order._marketplace_active_lines()
            values["line_ids"] = self._marketplace_default_lines(lines)
        return values

    def _marketplace_default_lines(self, lines):
        return [(6, 0, lines.ids)]
