from odoo import models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # ---------------------------------------------------------------- business
    def _get_additionnal_combination_info(self, product_or_template, quantity, date, website):
        """The product page once a network shop is chosen: what that shop publishes (website_sale_collect
        would read the shop's own stock, another company's, without its safety stock)."""
        res = super()._get_additionnal_combination_info(product_or_template, quantity, date, website)
        if "in_store_stock" not in res or not product_or_template.is_product_variant:
            return res
        order = website.sale_get_order()
        store = order and order._marketplace_is_network_pickup() and order.marketplace_pickup_store_id.sudo()
        if store:
            product = product_or_template.sudo()
            qty = store._marketplace_available_qty(product).get((store.id, product.id), 0)
            res["in_store_stock"] = {
                "in_stock": qty > 0,
                "show_quantity": product.show_availability and product.available_threshold >= qty,
                "quantity": qty,
            }
        return res
