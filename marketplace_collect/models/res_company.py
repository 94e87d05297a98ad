from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------ fields
    marketplace_collect_reassign_km = fields.Integer(
        string="Pick-up Moves Within (km)",
        default=15,
        help="An animator moves a click & collect order only to a shop this close to the one the customer chose "
             "(0: anywhere).",
    )
