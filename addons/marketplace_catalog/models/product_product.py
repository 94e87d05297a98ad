from odoo import api, models
from odoo.exceptions import ValidationError

from ..utils import is_ean13


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.constrains("barcode", "product_tmpl_id")
    def _check_marketplace_barcode(self):
        for product in self:
            if product.marketplace_catalog and product.barcode and not is_ean13(product.barcode):
                raise ValidationError(self.env._(
                    "The barcode %(barcode)s of %(product)s is not a valid EAN-13 (13 digits and the "
                    "right check digit).", barcode=product.barcode, product=product.display_name,
                ))
