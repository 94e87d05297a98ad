from odoo.addons.website_sale.controllers.product_configurator import (
    WebsiteSaleProductConfiguratorController as Base,
)
from odoo.http import request


class WebsiteSaleProductConfiguratorController(Base):

    @staticmethod
    def _apply_taxes_to_price(price, product_or_template, currency):
        """Prices of the configurator's extras: catalogue products take the catalogue VAT."""
        if product_or_template.marketplace_catalog and not product_or_template.sudo().taxes_id._filter_taxes_by_company(
                request.env.company):
            empty = request.env["account.tax"]
            return request.env["product.template"]._apply_taxes_to_price(
                price, currency, empty, empty, product_or_template, website=request.website)
        return Base._apply_taxes_to_price(price, product_or_template, currency)
