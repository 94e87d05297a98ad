from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------ fields
    marketplace_settlement_id = fields.Many2one(
        "marketplace.settlement", string="Settlement", readonly=True, copy=False, index="btree_not_null",
        ondelete="restrict")

    # ----------------------------------------------------------------- actions
    def action_view_marketplace_settlement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "marketplace.settlement",
            "res_id": self.marketplace_settlement_id.id,
            "view_mode": "form",
        }
