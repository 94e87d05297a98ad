from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import registry_unlocked
from odoo.addons.marketplace_catalog.tests.common import (
    CatalogCommon,
    committed_hub_store,
    delete_committed_product,
)
from odoo.addons.marketplace_catalog.utils import make_ean13
from odoo.addons.payment_demo.models.payment_transaction import PaymentTransaction as DemoTransaction
from odoo.tests import TransactionCase

RACE_STORE_CODE = "RACE-01"
RACE_BARCODE = make_ean13(990101)


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

    def authorise(self, order, expected="authorized", simulated_state="done", amount=None):
        """A payment of ``order`` (of its total, or of ``amount``: a payment link for what is
        left), the demo provider answering ``simulated_state``, in the ``expected`` state when
        given."""
        transaction = self.env["payment.transaction"].create({
            "provider_id": self.provider.id,
            "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
            "amount": order.amount_total if amount is None else amount,
            "currency_id": order.currency_id.id,
            "partner_id": order.partner_id.id,
            "reference": self.env["payment.transaction"]._compute_reference("demo", prefix=order.name),
            "sale_order_ids": [(6, 0, order.ids)],
        })
        transaction._handle_notification_data(
            "demo", {"reference": transaction.reference, "simulated_state": simulated_state})
        if expected:
            self.assertEqual(transaction.state, expected)
        return transaction

    def order_paid(self, quantities, customer=None):
        order = self.make_order({**quantities, self.fee: 1}, customer=customer, confirm=False)
        transaction = self.authorise(order)
        order.action_confirm()
        return order, transaction

    def pending_captures(self):
        """A provider that answers every capture *pending* (it confirms or refuses later, by its
        webhook: ``_set_done`` / ``_set_error`` on the capture transaction)."""
        # The demo provider's own step is replaced, not the whole chain: the suite's overrides
        # above it still run (a capture of the whole authorisation has no child).

        def send_capture(tx, amount_to_capture=None):
            child = super(DemoTransaction, tx)._send_capture_request(amount_to_capture=amount_to_capture)
            (child or tx)._set_pending()
            return child
        return patch.object(DemoTransaction, "_send_capture_request", send_capture)

    def ship(self, member_order, user, ref):
        member_order.with_user(user).action_accept()
        self.env["marketplace.order.ship"].with_user(user).create(
            {"order_id": member_order.id, "tracking_ref": ref}).action_confirm()


class OrderConcurrencyCommon:
    """A store of the hub with one pair of a product and a customer, committed (real cursors),
    removed after each test (``run_overlapped`` runs a second worker on it while the first
    one's transaction is open)."""

    def setUp(self):
        super().setUp()
        self.enterContext(registry_unlocked())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            hub, store = committed_hub_store(env, RACE_STORE_CODE, "RACE", "Magasin course")
            product = env["product.template"].create({
                "name": "Derbies course", "is_storable": True, "marketplace_catalog": True, "barcode": RACE_BARCODE,
                "list_price": 99.0,
            }).product_variant_id
            customer = env["res.partner"].create({"name": "Client course", "zip": "69002", "city": "Lyon"})
            self.store_id, self.product_id, self.customer_id = store.id, product.id, customer.id
            self.hub_id = hub.id
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["marketplace.stock.feed"].submit(RACE_STORE_CODE, [{"barcode": RACE_BARCODE, "quantity": 1}])

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM sale_order WHERE partner_id = %s", [self.customer_id])
            orders = [row[0] for row in cr.fetchall()] or [0]
            cr.execute("DELETE FROM marketplace_order_line WHERE order_id IN "
                       "(SELECT id FROM marketplace_order WHERE sale_order_id = ANY(%s))", [orders])
            cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", [self.product_id])
            cr.execute("DELETE FROM stock_move WHERE product_id = %s", [self.product_id])
            cr.execute("DELETE FROM stock_picking WHERE marketplace_order_id IN "
                       "(SELECT id FROM marketplace_order WHERE sale_order_id = ANY(%s))", [orders])
            cr.execute("DELETE FROM marketplace_order WHERE sale_order_id = ANY(%s)", [orders])
            cr.execute("DELETE FROM sale_order_line WHERE order_id = ANY(%s)", [orders])
            cr.execute("DELETE FROM sale_order WHERE id = ANY(%s)", [orders])
            cr.execute("DELETE FROM marketplace_stock_feed WHERE store_id = %s", [self.store_id])
            delete_committed_product(cr, self.product_id)
            cr.execute("DELETE FROM res_partner WHERE id = %s", [self.customer_id])

    def order_and_confirm(self, env):
        order = env["sale.order"].create({
            "partner_id": self.customer_id, "company_id": self.hub_id,
            "order_line": [(0, 0, {"product_id": self.product_id, "product_uom_qty": 1})],
        })
        order.action_confirm()
        return order.id


class HubStoresSetAside(TransactionCase):
    """For Odoo's own tests run with the suite: their fixtures take the company's only warehouse;
    the hub stores that the suite's tests on committed data keep (real cursors) are set aside for
    the test's transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["stock.warehouse"].flush_model()
        cls.env.cr.execute("UPDATE stock_warehouse SET active = FALSE WHERE company_id = %s AND marketplace_store",
                           [cls.env.company.id])
        cls.env["stock.warehouse"].invalidate_model(["active"])
