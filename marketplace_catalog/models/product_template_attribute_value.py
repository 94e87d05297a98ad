from odoo import models


class ProductTemplateAttributeValue(models.Model):
    _name = "product.template.attribute.value"
    _inherit = ["product.template.attribute.value", "marketplace.catalogue.guard"]
