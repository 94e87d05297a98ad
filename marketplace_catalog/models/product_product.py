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

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        products.filtered("marketplace_catalog")._marketplace_sync_price_extra()
        return products

    def write(self, vals):
        res = super().write(vals)
        if "marketplace_rrp" in vals:
            self.filtered("marketplace_catalog")._marketplace_sync_price_extra()
        return res

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        self.env["product.template"]._marketplace_read_taxes(self, result, fnames)
        return result

    # ---------------------------------------------------------------- business
    def _marketplace_taxes(self, company, kind="sale"):
        """See ``product.template._marketplace_taxes``, the one enforcement point."""
        self.ensure_one()
        return self.product_tmpl_id._marketplace_taxes(company, kind)

    def _marketplace_sync_price_extra(self):
        """A catalogue size sells at its recommended retail price: Odoo's price of a variant is its
        model's sales price plus the extra price of its size, which is kept equal to the difference
        (pricelists, the website and the Point of Sale all read it)."""
        for product in self.sudo():
            template = product.product_tmpl_id
            values = product.product_template_attribute_value_ids
            # The size alone makes variants (the shop's filters, brand or colour, make none).
            if len(template.attribute_line_ids._without_no_variant_attributes()) != 1 or len(values) != 1:
                continue
            extra = round((product.marketplace_rrp or template.list_price) - template.list_price, 2)
            if values.price_extra != extra:
                values.price_extra = extra

    def _get_tax_included_unit_price(self, company, currency, document_date, document_type,
                                     is_refund_document=False, product_uom=None, product_currency=None,
                                     product_price_unit=None, product_taxes=None, fiscal_position=None):
        """Invoice and bill lines: the catalogue VAT (or purchase tax) is the product's."""
        if product_taxes is None and document_type in ("sale", "purchase") and self.marketplace_catalog:
            product_taxes = self._marketplace_taxes(company, document_type)
        return super()._get_tax_included_unit_price(
            company, currency, document_date, document_type, is_refund_document=is_refund_document,
            product_uom=product_uom, product_currency=product_currency, product_price_unit=product_price_unit,
            product_taxes=product_taxes, fiscal_position=fiscal_position)

    def _get_tax_included_unit_price_from_price(self, product_price_unit, product_taxes, fiscal_position=None,
                                                product_taxes_after_fp=None):
        """Sale lines: a catalogue price is VAT included in the company's catalogue VAT, which a
        fiscal position may map to another tax (then the price follows)."""
        if not product_taxes and len(self) == 1 and self.marketplace_catalog:
            product_taxes = self._marketplace_taxes(self.env.company)
        return super()._get_tax_included_unit_price_from_price(
            product_price_unit, product_taxes, fiscal_position=fiscal_position,
            product_taxes_after_fp=product_taxes_after_fp)

    def get_product_info_pos(self, price, quantity, pos_config_id):
        """The Point of Sale's product information: prices with the catalogue VAT of the store."""
        info = super().get_product_info_pos(price, quantity, pos_config_id)
        config = self.env["pos.config"].browse(pos_config_id)
        if self.marketplace_catalog and not self.sudo().taxes_id.filtered(lambda t: t.company_id == config.company_id):
            taxes = self._marketplace_taxes(config.company_id).compute_all(price, config.currency_id, quantity, self)
            details = {}
            for tax in taxes["taxes"]:
                details.setdefault(tax["id"], {"name": tax["name"], "amount": 0.0})
                details[tax["id"]]["amount"] += tax["amount"] / quantity if quantity else 0
            info["all_prices"] = {
                "price_without_tax": taxes["total_excluded"] / quantity if quantity else 0,
                "price_with_tax": taxes["total_included"] / quantity if quantity else 0,
                "tax_details": list(details.values()),
            }
        return info
