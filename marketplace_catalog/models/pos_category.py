from odoo import models


class PosCategory(models.Model):
    _name = "pos.category"
    _inherit = ["pos.category", "marketplace.mirrored.category"]
