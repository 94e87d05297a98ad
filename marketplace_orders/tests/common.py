from odoo.addons.marketplace_catalog.tests.common import CatalogCommon


class OrdersCommon(CatalogCommon):
    """The catalogue's two members, plus a second store of the Marseille member in Villeurbanne
    (nearer to a Villeurbanne customer than the Lyon store), a customer there and one in Paris."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store_villeurbanne = cls.member_marseille._marketplace_create_store({
            "name": "Semelles du Vieux-Port Villeurbanne", "code": "T002-02", "street": "20 cours Émile Zola",
            "zip": "69100", "city": "Villeurbanne",
        }, create_pos=False)
        cls.customer = cls.env["res.partner"].create({
            "name": "Camille Durand", "street": "8 rue Anatole France", "zip": "69100", "city": "Villeurbanne",
            "country_id": cls.env.ref("base.fr").id, "email": "camille.durand@example.fr", "phone": "06 12 34 56 78",
        })
        cls.customer_paris = cls.env["res.partner"].create({
            "name": "Louis Martin", "street": "5 rue de Rivoli", "zip": "75004", "city": "Paris",
            "country_id": cls.env.ref("base.fr").id,
        })
        cls.stores = cls.store_lyon | cls.store_marseille | cls.store_villeurbanne

    @classmethod
    def set_stock(cls, store, quantities):
        cls.env["marketplace.stock.feed"].sudo().submit(store.marketplace_store_code, [
            {"barcode": product.barcode, "quantity": qty} for product, qty in quantities.items()
        ], mode="delta")

    def make_order(self, quantities, customer=None, confirm=True):
        order = self.env["sale.order"].with_company(self.hub).create({
            "partner_id": (customer or self.customer).id,
            "company_id": self.hub.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": qty})
                           for product, qty in quantities.items()],
        })
        if confirm:
            order.action_confirm()
        return order.with_env(self.env)  # without the hub as active company: users try it next

    @staticmethod
    def legs(order):
        """{store: {product: qty}} of the order's live member orders."""
        result = {}
        for member_order in order.marketplace_order_ids.filtered(
                lambda o: o.state not in ("refused", "expired", "cancelled")):
            for line in member_order.line_ids.filtered(lambda line: line._marketplace_is_active()):
                result.setdefault(member_order.store_id, {})
                result[member_order.store_id][line.product_id] = (
                    result[member_order.store_id].get(line.product_id, 0) + line.quantity)
        return result

    # ----------------------------------------------------------------- payment
    @classmethod
    def setup_payment(cls):
        """The demo provider with manual capture, in the hub, and a delivery fee product."""
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "capture_manually": True, "company_id": cls.hub.id})
        cls.fee = cls.env["product.product"].create({"name": "Frais de port", "type": "service", "list_price": 5.9})

    def authorise(self, order):
        transaction = self.env["payment.transaction"].create({
            "provider_id": self.provider.id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order.amount_total,
            "currency_id": order.currency_id.id,
            "partner_id": order.partner_id.id,
            "reference": self.env["payment.transaction"]._compute_reference("demo", prefix=order.name),
            "sale_order_ids": [(6, 0, order.ids)],
        })
        transaction._handle_notification_data("demo", {"reference": transaction.reference, "simulated_state": "done"})
        self.assertEqual(transaction.state, "authorized")
        return transaction

    def order_paid(self, quantities, customer=None):
        order = self.make_order({**quantities, self.fee: 1}, customer=customer, confirm=False)
        transaction = self.authorise(order)
        order.action_confirm()
        return order, transaction

    def ship(self, member_order, user, ref):
        member_order.with_user(user).action_accept()
        self.env["marketplace.order.ship"].with_user(user).create(
            {"order_id": member_order.id, "tracking_ref": ref}).action_confirm()
