from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    # ------------------------------------------------------------------ fields
    marketplace_pickup_code = fields.Char(
        readonly=True, copy=False,
        help="The click & collect order paid on this line at the counter: its pairs left the shop with "
             "its own delivery, not the ticket's.")
    marketplace_returned = fields.Boolean(
        readonly=True, copy=False,
        help="A refund line of click & collect pairs paid at the counter: their order recorded the return.")

    # ---------------------------------------------------------------- business
    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "marketplace_pickup_code"]

    def _marketplace_counter_total(self):
        """What this line takes, VAT included, from its price, discount and taxes as the server
        computes them — never the total the register sends (a client may send any figure)."""
        self.ensure_one()
        return self._compute_amount_line_all()["price_subtotal_incl"]

    def _launch_stock_rule_from_pos_order_lines(self):
        """A ticket shipped later: the click & collect lines have their own delivery."""
        return super(PosOrderLine, self.filtered(lambda line: not line.marketplace_pickup_code)) \
            ._launch_stock_rule_from_pos_order_lines()
