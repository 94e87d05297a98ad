from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    # ------------------------------------------------------------------ fields
    marketplace_pickup_code = fields.Char(
        readonly=True, copy=False,
        help="The click & collect order paid on this line at the counter: its pairs left the shop with "
             "its own delivery, not the ticket's.")

    # ---------------------------------------------------------------- business
    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "marketplace_pickup_code"]
