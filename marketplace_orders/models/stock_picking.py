from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # ------------------------------------------------------------------ fields
    marketplace_order_id = fields.Many2one("marketplace.order", string="Member Order", readonly=True,
                                           index="btree_not_null", copy=False)

    # ---------------------------------------------------------------- business
    def _action_done(self):
        """A member order's delivery validated from Inventory ships the order, as the Ship button
        does: the two screens never disagree."""
        result = super()._action_done()
        self.sudo().filtered(lambda p: p.state == "done").marketplace_order_id._marketplace_on_picking_done()
        return result
