from odoo import fields, models


class MarketplaceOrderCancel(models.TransientModel):
    _name = "marketplace.order.cancel"
    _inherit = "marketplace.order.wizard"
    _description = "Cancel a Member Order or Some of Its Lines"

    line_ids = fields.Many2many(
        "marketplace.order.line", string="Lines to Cancel", required=True,
        domain="[('order_id', '=', order_id), ('cancelled', '=', False), ('released', '=', False)]")
    reason = fields.Char(required=True)

    # ----------------------------------------------------------------- actions
    def action_confirm(self):
        self.order_id._marketplace_check_animator()._marketplace_cancel_lines(self.line_ids.sudo(), self.reason)
        return {"type": "ir.actions.act_window_close"}
