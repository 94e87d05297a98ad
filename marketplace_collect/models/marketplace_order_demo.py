import json

from odoo import api, models

# (name, street, postcode, town, e-mail, pickup code, how the customer pays)
DEMO_COLLECT = [
    ("Inès Lefèvre", "14 rue Garibaldi", "69006", "Lyon", "ines.lefevre@example.fr", "VENEZ234", "online"),
    ("Paul Garnier", "9 rue Sainte-Catherine", "33000", "Bordeaux", "paul.garnier@example.fr", "PAYEZ234", "on_site"),
]


class MarketplaceOrder(models.Model):
    _inherit = "marketplace.order"

    @api.model
    def _marketplace_load_demo_collect(self):
        """Demo data: two click & collect orders ready in a shop, one paid online (the demo
        provider) and one to pay at the counter, with the pickup codes VENEZ234 and PAYEZ234 to try
        the Point of Sale's Click & collect screen."""
        env = self.sudo().env
        hub = env["res.company"]._marketplace_hub()
        if not hub or env["marketplace.order"].search_count([("fulfilment", "=", "collect")], limit=1):
            return
        website = env["website"].search([("company_id", "=", hub.id)], limit=1)
        carrier = env.ref("website_sale_collect.carrier_pick_up_in_store")
        online = env.ref("payment.payment_provider_demo")
        online.write({"state": "test", "capture_manually": True, "company_id": hub.id})
        on_site = env.ref("website_sale_collect.payment_provider_on_site")
        on_site.write({"state": "enabled", "company_id": hub.id})
        variants = env["product.product"].search([("product_tmpl_id.marketplace_catalog", "=", True)], order="id")
        stock = carrier._marketplace_pickup_stock(dict.fromkeys(variants.ids, 1.0))
        offers = sorted((store_id, product_id) for store_id, products in stock.items() for product_id in products)
        if len(offers) < len(DEMO_COLLECT):
            return
        for index, (name, street, zip_code, city, email, code, payment) in enumerate(DEMO_COLLECT):
            store_id, product_id = offers[index * (len(offers) // len(DEMO_COLLECT))]
            customer = env["res.partner"].create({
                "name": name, "street": street, "zip": zip_code, "city": city, "email": email,
                "country_id": env.ref("base.fr").id,
            })
            order = env["sale.order"].with_company(hub).create({
                "partner_id": customer.id, "company_id": hub.id, "website_id": website.id,
                "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": 1})],
            })
            order.set_delivery_line(carrier, carrier.product_id.list_price)
            order._set_pickup_location(json.dumps({"id": store_id}))
            provider = online if payment == "online" else on_site
            transaction = env["payment.transaction"].create({
                "provider_id": provider.id, "payment_method_id": provider.payment_method_ids[:1].id,
                "amount": order.amount_total, "currency_id": order.currency_id.id, "partner_id": customer.id,
                "reference": order.name, "sale_order_ids": [(6, 0, order.ids)],
            })
            if payment == "online":
                transaction._handle_notification_data(
                    "demo", {"reference": transaction.reference, "simulated_state": "done"})
                order.action_confirm()
            else:  # website_sale_collect confirms it too, and e-mails the PDF quotation (not for demo data)
                transaction._set_pending()
                order.action_confirm()
            legs = order.marketplace_order_ids
            legs.write({"pickup_code": code})
            legs._set_accepted()
            legs._set_ready()
