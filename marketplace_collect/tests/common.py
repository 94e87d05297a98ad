import json

from odoo.addons.marketplace_orders.tests.common import OrdersCommon


class CollectCommon(OrdersCommon):
    """The orders' network (Lyon, Marseille, Villeurbanne shops) behind the hub's website, whose
    pick-up method offers the network's shops."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([("company_id", "=", cls.hub.id)], limit=1)
        cls.pickup = cls.env.ref("website_sale_collect.carrier_pick_up_in_store")
        cls.sneaker.sudo().is_published = True

    def cart(self, quantities, customer=None):
        order = self.env["sale.order"].with_company(self.hub).create({
            "partner_id": (customer or self.customer).id,
            "company_id": self.hub.id,
            "website_id": self.website.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": qty})
                           for product, qty in quantities.items()],
        })
        return order.with_env(self.env)  # without the hub as active company: users act on it next

    def choose(self, order, store):
        order.set_delivery_line(self.pickup, 0.0)
        order._set_pickup_location(json.dumps({"id": store.id}))

    def pay_on_site(self, order):
        """Reserve & collect: the customer chose website_sale_collect's "pay on site"; the order is
        confirmed (Odoo's post-processing of the pending transaction)."""
        on_site = self.env.ref("website_sale_collect.payment_provider_on_site")
        on_site.sudo().write({"company_id": self.hub.id, "state": "enabled"})
        transaction = self.env["payment.transaction"].sudo().create({
            "provider_id": on_site.id, "payment_method_id": on_site.payment_method_ids[:1].id,
            "amount": order.amount_total, "currency_id": order.currency_id.id, "partner_id": order.partner_id.id,
            "reference": f"{order.name}-site", "sale_order_ids": [(6, 0, order.ids)],
        })
        transaction._set_pending()
        transaction._post_process()
        return transaction

    def ticket_at(self, session, lines):
        """A paid ticket of ``session``'s register, synced as the register does:
        ``lines`` [(product, qty, pickup code or False[, unit price paid, 89.90 by default[, other
        values the register sends, e.g. a forged ``price_subtotal_incl``]])]."""
        values = []
        for product, qty, code, *rest in lines:
            price = rest[0] if rest else 89.90
            values.append(dict({"product_id": product.id, "qty": qty, "price_unit": price,
                                "price_subtotal": price * qty, "price_subtotal_incl": price * qty,
                                "marketplace_pickup_code": code, "tax_ids": [(5, 0, 0)]},
                               **(rest[1] if len(rest) > 1 else {})))
        total = sum(vals["price_subtotal_incl"] for vals in values)
        company = session.config_id.company_id
        order = self.env["pos.order"].with_company(company).create({
            "session_id": session.id, "company_id": company.id, "lines": [(0, 0, vals) for vals in values],
            "amount_tax": 0.0, "amount_total": total, "amount_paid": 0.0, "amount_return": 0.0,
        })
        order.add_payment({"pos_order_id": order.id, "amount": total,
                           "payment_method_id": session.config_id.payment_method_ids[:1].id})
        order._process_saved_order(False)
        return order


class RegisterCommon(CollectCommon):
    """Lyon's register with an open session, and reserve & collect orders waiting there."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config = cls.env["pos.config"].search([("company_id", "=", cls.member_lyon.id)], limit=1)
        cls.session = cls.env["pos.session"].with_company(cls.member_lyon).create(
            {"config_id": cls.config.id, "user_id": cls.user_lyon.id})

    def reserved_at_lyon(self, code):
        """A reserve & collect order of one v38 at Lyon, accepted, with the pickup ``code``."""
        self.set_stock(self.store_lyon, {self.v38: 4, self.v39: 2})
        order = self.cart({self.v38: 1})
        self.choose(order, self.store_lyon)
        self.pay_on_site(order)
        member_order = order.marketplace_order_ids
        member_order.sudo().pickup_code = code
        member_order.with_user(self.user_lyon).action_accept()
        return member_order
