from odoo import models


class ProductTemplateAttributeLine(models.Model):
    _name = "product.template.attribute.line"
    _inherit = ["product.template.attribute.line", "marketplace.catalogue.guard"]
