import threading
from functools import partial

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

from ..utils import make_ean13

STORE_CODE = "CONC-01"


@tagged("post_install", "-at_install")
class TestStockFeedConcurrency(TransactionCase):
    """Two workers receive the same feed at the same moment (a retry of the shop software, two
    Odoo workers): it is applied once. Works on committed data, with real separate cursors."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            hub = env["res.company"]._marketplace_ensure_hub()
            store = env["stock.warehouse"].search([("marketplace_store_code", "=", STORE_CODE)])
            if not store:
                store = env["stock.warehouse"].create({
                    "name": "Magasin concurrence", "code": "CONC", "company_id": hub.id,
                    "marketplace_store": True, "marketplace_store_code": STORE_CODE,
                })
            product = env["product.product"].search([("barcode", "=", make_ean13(990001))])
            if not product:
                product = env["product.product"].create({
                    "name": "Botte concurrence", "is_storable": True, "barcode": make_ean13(990001),
                })
            self.store_id, self.product_id = store.id, product.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM marketplace_stock_feed WHERE store_id = %s", [self.store_id])
            cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", [self.product_id])
            cr.execute("DELETE FROM stock_move WHERE product_id = %s", [self.product_id])
            cr.execute("DELETE FROM stock_quant WHERE product_id = %s", [self.product_id])

    def test_same_reference_applied_once(self):
        barrier = threading.Barrier(2, timeout=30)
        reports, errors = [], []

        def worker(quantity):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait()
                    # As an RPC call runs: retried on serialization failures.
                    reports.append(retrying(partial(
                        env["marketplace.stock.feed"].submit,
                        STORE_CODE, [{"barcode": make_ean13(990001), "quantity": quantity}], reference="retry-1",
                    ), env))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=worker, args=(quantity,)) for quantity in (4, 7)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertFalse(errors)
        self.assertEqual(sorted(report["duplicate"] for report in reports), [False, True])
        with self.registry.cursor() as cr:
            cr.execute("SELECT COUNT(*) FROM marketplace_stock_feed WHERE store_id = %s", [self.store_id])
            self.assertEqual(cr.fetchone()[0], 1)
            cr.execute("SELECT COUNT(*) FROM stock_move WHERE product_id = %s AND state = 'done'", [self.product_id])
            self.assertEqual(cr.fetchone()[0], 1, "one inventory move: the feed was applied once")
