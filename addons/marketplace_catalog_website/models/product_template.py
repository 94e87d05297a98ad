from odoo import api, models
from odoo.addons.marketplace_base.utils import haversine_km
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
        """The product page: Odoo applies the product's taxes only when it has some; for the
        chosen size, how many shops near the customer have it (``marketplace_stores_near``)."""
        info = super()._get_additionnal_combination_info(product_or_template, quantity, date, website)
        if product_or_template.is_product_variant and product_or_template.marketplace_catalog:
            near = self._marketplace_stores_near(product_or_template, website)
            info["marketplace_stores_near"] = near
            info["marketplace_stores_near_message"] = near and (
                self.env._("In stock in 1 shop less than %(km)s km from you.", km=self._marketplace_near_km)
                if near == 1 else
                self.env._("In stock in %(count)s shops less than %(km)s km from you.",
                           count=near, km=self._marketplace_near_km))
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

    def _get_attribute_exclusions(self, parent_combination=None, parent_name=None, combination_ids=None):
        """The size selector: the sizes no open store publishes are greyed out
        (``marketplace_unavailable``, read by the shop's variant script), for a catalogue shoe whose
        only choice is its size. One query for all its sizes."""
        res = super()._get_attribute_exclusions(parent_combination, parent_name, combination_ids)
        if (self.marketplace_catalog and len(self.valid_product_template_attribute_line_ids) == 1
                and self.env["res.company"]._marketplace_hub()):
            variants = self.sudo().product_variant_ids
            available = self.env["stock.warehouse"].sudo()._marketplace_network_availability(variants)
            res["marketplace_unavailable"] = [
                ptav.id for variant in variants if not available.get(variant.id)
                for ptav in variant.product_template_attribute_value_ids
            ]
        return res

    _marketplace_near_km = 30

    @api.model
    def _marketplace_customer_position(self, website):
        """(latitude, longitude) of the customer: the cart's delivery address, else the logged-in
        customer's own; None for a visitor or an address without coordinates."""
        partner = self.env["res.partner"]
        order = website.sale_get_order() if website else None
        if order and order.partner_shipping_id and not website.is_public_user():
            partner = order.partner_shipping_id
        elif website and not website.is_public_user():
            partner = self.env.user.partner_id
        partner = partner.sudo()
        if partner and (partner.partner_latitude or partner.partner_longitude):
            return partner.partner_latitude, partner.partner_longitude
        return None

    @api.model
    def _marketplace_stores_near(self, product, website):
        """Open stores within ``_marketplace_near_km`` of the customer publishing ``product``, or
        None when the customer's position is unknown: one query for the stock, one for the
        stores' coordinates."""
        position = self._marketplace_customer_position(website)
        if not position:
            return None
        Store = self.env["stock.warehouse"].sudo()
        Store._marketplace_flush_availability()
        rows = self.env.execute_query(Store._marketplace_availability_sql([product.id], open_only=True))
        stores = Store.browse(store_id for store_id, _product_id, qty in rows if qty > 0)
        return sum(
            1 for store in stores
            if (store.partner_id.partner_latitude or store.partner_id.partner_longitude)
            and haversine_km(*position, store.partner_id.partner_latitude, store.partner_id.partner_longitude)
            <= self._marketplace_near_km
        )

    @api.model
    def _marketplace_stop_selling_out_of_stock(self):
        """The hub sells what the stores publish: a size nobody has is out of stock, not sold anyway.
        Website › Settings › "Continue selling when out-of-stock" off (website_sale_stock's default
        is on), and the catalogue products made before."""
        self.env["ir.default"].sudo().set("product.template", "allow_out_of_stock_order", False)
        self.with_context(active_test=False).search(
            [("marketplace_catalog", "=", True), ("allow_out_of_stock_order", "=", True)]
        ).write({"allow_out_of_stock_order": False})
