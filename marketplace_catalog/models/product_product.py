from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..utils import is_ean13


class ProductProduct(models.Model):
    _name = "product.product"
    _inherit = ["product.product", "marketplace.catalogue.guard"]

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

    # ---------------------------------------------------------------- business
    def _marketplace_taxes(self, company, kind="sale"):
        """The taxes ``company`` applies to this product: the product's own for that company or,
        for a catalogue product (shared products carry no per-company taxes, see the README), the
        company's default sale or purchase tax. The one fallback used by invoices and the Point of
        Sale (and by the order modules)."""
        self.ensure_one()
        field = "taxes_id" if kind == "sale" else "supplier_taxes_id"
        taxes = self.sudo()[field].filtered_domain(self.env["account.tax"]._check_company_domain(company))
        if not taxes and self.marketplace_catalog:
            taxes = self._marketplace_default_taxes(company, kind)
        return taxes

    @api.model
    def _marketplace_default_taxes(self, company, kind="sale"):
        """What a company charges on catalogue products: its default sale (or purchase) tax,
        French VAT at 20 % for shoes."""
        return company.account_sale_tax_id if kind == "sale" else company.account_purchase_tax_id

    def _process_pos_ui_product_product(self, products, config_id):
        """The Point of Sale computes taxes from each product's ``taxes_id``: catalogue products,
        which carry none, get the taxes of the store's company."""
        super()._process_pos_ui_product_product(products, config_id)
        catalogue = {p["product_tmpl_id"] for p in products if not p.get("taxes_id")}
        if catalogue:
            catalogue = set(self.env["product.template"].sudo().search(
                [("id", "in", list(catalogue)), ("marketplace_catalog", "=", True)]).ids)
        default = self._marketplace_default_taxes(config_id.company_id).ids
        for product in products:
            if product["product_tmpl_id"] in catalogue:
                product["taxes_id"] = default
