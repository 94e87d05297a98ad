from odoo import api, fields, models


class MarketplaceOrderCancel(models.TransientModel):
    _name = "marketplace.order.cancel"
    _description = "Cancel a Member Order or Some of Its Lines"

    order_id = fields.Many2one("marketplace.order", required=True, readonly=True)
    line_ids = fields.Many2many(
        "marketplace.order.line", string="Lines to Cancel", required=True,
        domain="[('order_id', '=', order_id), ('cancelled', '=', False), ('released', '=', False)]")
    reason = fields.Char(required=True)

    # -------------------------------------------------------------------- CRUD
    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["marketplace.order"].browse(values.get("order_id"))
        if order and "line_ids" in fields_list:
            values["line_ids"] = [(6, 0, order.line_ids.filtered(lambda line: line._marketplace_is_active()).ids)]
        return values

    # ----------------------------------------------------------------- actions
    def action_confirm(self):
        self.order_id._marketplace_check_animator()._marketplace_cancel_lines(self.line_ids.sudo(), self.reason)
        return {"type": "ir.actions.act_window_close"}
