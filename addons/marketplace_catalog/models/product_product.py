from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils import is_ean13


class ProductProduct(models.Model):
    _inherit = "product.product"

    # ------------------------------------------------------------------ fields
    marketplace_purchase_price = fields.Float(
        string="Network Purchase Price", digits="Product Price",
        help="Price members pay the supplier for this size (the same for every member).",
    )
    marketplace_rrp = fields.Float(
        string="Recommended Retail Price", digits="Product Price",
        help="Price the supplier recommends for this size, VAT included.",
    )
    marketplace_size = fields.Char(
        string="Size", compute="_compute_marketplace_size",
        help="European shoe size of this variant.",
    )

    # ----------------------------------------------------------------- compute
    def _compute_marketplace_size(self):
        size_attr = self.env.ref("marketplace_catalog.product_attribute_size", raise_if_not_found=False)
        for product in self:
            value = product.product_template_attribute_value_ids.filtered(
                lambda v: v.attribute_id == size_attr)
            product.marketplace_size = value[:1].name or False

    # ------------------------------------------------------------- constraints
    @api.constrains("barcode", "product_tmpl_id")
    def _check_marketplace_barcode(self):
        for product in self:
            if product.marketplace_catalog and product.barcode and not is_ean13(product.barcode):
                raise ValidationError(self.env._(
                    "The barcode %(barcode)s of %(product)s is not a valid EAN-13 (13 digits and the "
                    "right check digit).", barcode=product.barcode, product=product.display_name,
                ))
