from odoo import api, models
from odoo.addons.website.models import ir_http


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # ---------------------------------------------------------------- business
    @api.model
    def _apply_taxes_to_price(self, price, currency, product_taxes, taxes, product_or_template, website=None):
        """Shop prices: a catalogue product's taxes are the website company's catalogue VAT,
        mapped by the website's fiscal position (``product.template._marketplace_taxes``)."""
        if not product_taxes and product_or_template.marketplace_catalog:
            website = website or self.env["website"].get_current_website()
            product_taxes = product_or_template._marketplace_taxes(self.env.company)
            taxes = website.fiscal_position_id.sudo().map_tax(product_taxes)
        return super()._apply_taxes_to_price(price, currency, product_taxes, taxes, product_or_template,
                                             website=website)

    def _get_additionnal_combination_info(self, product_or_template, quantity, date, website):
        """The product page: Odoo applies the product's taxes only when it has some."""
        info = super()._get_additionnal_combination_info(product_or_template, quantity, date, website)
        if info["product_taxes"] or not product_or_template.marketplace_catalog:
            return info
        product_taxes = product_or_template._marketplace_taxes(self.env.company)
        taxes = website.fiscal_position_id.sudo().map_tax(product_taxes)
        for key in ("price", "list_price", "price_extra"):
            info[key] = self._apply_taxes_to_price(
                info[key], info["currency"], product_taxes, taxes, product_or_template, website=website)
        info.update(
            base_unit_price=product_or_template._get_base_unit_price(info["price"]),
            product_taxes=product_taxes,
            taxes=taxes,
        )
        return info

    def _get_configurator_display_price(self, product_or_template, quantity, date, currency, pricelist, **kwargs):
        """The optional products' configurator, likewise."""
        price, rule_id = super()._get_configurator_display_price(
            product_or_template, quantity, date, currency, pricelist, **kwargs)
        website = ir_http.get_request_website()
        if (website and product_or_template.marketplace_catalog
                and not product_or_template.sudo().taxes_id._filter_taxes_by_company(self.env.company)):
            price = self._apply_taxes_to_price(
                price, currency, self.env["account.tax"], self.env["account.tax"], product_or_template, website=website)
        return price, rule_id
