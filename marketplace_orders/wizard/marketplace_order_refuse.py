from odoo import fields, models


class MarketplaceOrderRefuse(models.TransientModel):
    _name = "marketplace.order.refuse"
    _description = "Refuse a Member Order"

    order_ids = fields.Many2many("marketplace.order", string="Orders", required=True)
    reason = fields.Selection(
        selection=lambda self: self.env["marketplace.order"]._fields["refuse_reason"].selection,
        required=True, default="out_of_stock")
    note = fields.Char()

    def action_confirm(self):
        self.order_ids._marketplace_check_acting_user()._set_refused(self.reason, self.note)
        return {"type": "ir.actions.act_window_close"}
