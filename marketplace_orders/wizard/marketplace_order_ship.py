from odoo import fields, models


class MarketplaceOrderShip(models.TransientModel):
    _name = "marketplace.order.ship"
    _description = "Ship a Member Order"

    order_id = fields.Many2one("marketplace.order", required=True)
    tracking_ref = fields.Char(string="Tracking Reference", required=True)

    def action_confirm(self):
        self.order_id._marketplace_check_acting_user()._marketplace_ship(self.tracking_ref)
        return {"type": "ir.actions.act_window_close"}
