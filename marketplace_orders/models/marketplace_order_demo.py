from datetime import timedelta

from odoo import api, fields, models

# (name, street, postcode, town, e-mail, what happens to the order)
DEMO_CUSTOMERS = [
    ("Camille Durand", "8 rue Anatole France", "69100", "Villeurbanne", "camille.durand@example.fr", "assigned"),
    ("Louis Martin", "5 rue de Rivoli", "75004", "Paris", "louis.martin@example.fr", "accepted"),
    ("Léa Bernard", "12 cours de l'Intendance", "33000", "Bordeaux", "lea.bernard@example.fr", "ready"),
    ("Hugo Petit", "3 rue Nationale", "59000", "Lille", "hugo.petit@example.fr", "shipped"),
    ("Chloé Robert", "18 rue du Taur", "31000", "Toulouse", "chloe.robert@example.fr", "delivered"),
    ("Nathan Richard", "25 rue de la Canebière", "13001", "Marseille", "nathan.richard@example.fr", "refused"),
    ("Manon Dubois", "7 place Kléber", "67000", "Strasbourg", "manon.dubois@example.fr", "assigned"),
    ("Jules Moreau", "44 rue Crébillon", "44000", "Nantes", "jules.moreau@example.fr", "unassigned"),
    ("Sarah Laurent", "2 rue de la Loge", "34000", "Montpellier", "sarah.laurent@example.fr", "late"),
    ("Julien Garnier", "10 rue Mercière", "69002", "Lyon", "julien.garnier@example.fr", "delivered"),
]
# Customers who buy what a given shop has (its member's settlement shows their order).
DEMO_SHOPS = {"julien.garnier@example.fr": "A001-01"}


class MarketplaceOrder(models.Model):
    _inherit = "marketplace.order"

    @api.model
    def _marketplace_load_demo_orders(self):
        """Demo data: French customers' orders in every state, paid with the demo provider
        (authorised at checkout, captured at shipment), so that every screen shows something."""
        env = self.sudo().env
        hub = env["res.company"]._marketplace_hub()
        if not hub or env["sale.order"].search_count([("marketplace_order_ids", "!=", False)], limit=1):
            return
        provider = env.ref("payment.payment_provider_demo")
        provider.write({"state": "test", "capture_manually": True, "company_id": hub.id})
        variants = env["product.product"].search([("product_tmpl_id.marketplace_catalog", "=", True)], order="id")
        available = env["stock.warehouse"]._marketplace_network_availability(variants)
        in_stock = variants.filtered(lambda p: available.get(p.id, 0) >= 2)
        if len(in_stock) < 2:
            return
        for index, (name, street, zip_code, city, email, fate) in enumerate(DEMO_CUSTOMERS):
            customer = env["res.partner"].create({
                "name": name, "street": street, "zip": zip_code, "city": city, "email": email,
                "country_id": env.ref("base.fr").id,
            })
            shop = env["stock.warehouse"].search([("marketplace_store_code", "=", DEMO_SHOPS.get(email))])
            shelf = {product_id for _store, product_id in shop._marketplace_available_qty(in_stock)} if shop else set()
            on_shelf = in_stock.filtered(lambda p, shelf=shelf: p.id in shelf)
            if fate == "unassigned":
                products = {variants.filtered(lambda p: not available.get(p.id))[:1] or in_stock[0]: 3}
            elif len(on_shelf) >= 2:
                products = {on_shelf[0]: 1, on_shelf[1]: 1}
            else:
                products = {in_stock[(2 * index) % len(in_stock)]: 1, in_stock[(2 * index + 1) % len(in_stock)]: 1}
            order = env["sale.order"].with_company(hub).create({
                "partner_id": customer.id, "company_id": hub.id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": qty}) for p, qty in products.items()],
            })
            transaction = env["payment.transaction"].create({
                "provider_id": provider.id, "payment_method_id": env.ref("payment_demo.payment_method_demo").id,
                "amount": order.amount_total, "currency_id": order.currency_id.id, "partner_id": customer.id,
                "reference": order.name, "sale_order_ids": [(6, 0, order.ids)],
            })
            transaction._handle_notification_data(
                "demo", {"reference": transaction.reference, "simulated_state": "done"})
            order.action_confirm()
            legs = order.marketplace_order_ids
            if fate in ("accepted", "ready", "shipped", "delivered", "late"):
                legs._set_accepted()
            if fate == "late":  # not prepared in time: flagged, the animators have a to-do
                now = fields.Datetime.now()
                legs.write({"prepare_deadline": now - timedelta(hours=1)})
                for leg in legs:
                    leg._marketplace_enforce_deadline(now)
            if fate in ("ready", "shipped", "delivered"):
                legs._set_ready()
            if fate in ("shipped", "delivered"):
                for number, leg in enumerate(legs, start=1):
                    leg._marketplace_ship(f"6A{index:04d}{number:07d}")
            if fate == "delivered":
                legs._set_delivered()
            if fate == "refused":
                legs[:1]._set_refused("out_of_stock", "Dernière paire vendue en boutique")
