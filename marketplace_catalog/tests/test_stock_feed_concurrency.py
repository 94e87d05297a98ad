import gc

from odoo import SUPERUSER_ID, api
from odoo.addons.marketplace_base.tests.common import registry_unlocked, run_overlapped
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged

from ..utils import make_ean13
from .common import committed_hub_store, delete_committed_product

STORE_CODE = "CONC-01"


@tagged("post_install", "-at_install")
class TestStockFeedConcurrency(TransactionCase):
    """Two workers receive the same feed at the same moment (a retry of the shop software, two
    Odoo workers): it is applied once. Works on committed data, with real separate cursors."""

    def setUp(self):
        super().setUp()
        self.enterContext(registry_unlocked())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            _hub, store = committed_hub_store(env, STORE_CODE, "CONC", "Magasin concurrence")
            product = env["product.product"].search([("barcode", "=", make_ean13(990001))])
            if not product:
                product = env["product.template"].create({
                    "name": "Botte concurrence", "is_storable": True, "marketplace_catalog": True,
                    "barcode": make_ean13(990001),
                }).product_variant_id
            product.product_tmpl_id.marketplace_catalog = True
            self.store_id, self.product_id = store.id, product.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM marketplace_stock_feed WHERE store_id = %s", [self.store_id])
            delete_committed_product(cr, self.product_id)

    def test_same_reference_applied_once(self):
        def submit(quantity):
            def call(env):
                return env["marketplace.stock.feed"].submit(
                    STORE_CODE, [{"barcode": make_ean13(990001), "quantity": quantity}], reference="retry-1")
            return call

        overlap = run_overlapped(self.registry, submit(4), submit(7))
        self.assertTrue(overlap.waited, "the second feed waited for the first one's lock on the store")
        self.assertIn("UPDATE stock_warehouse SET write_date = write_date", overlap.waiting_query,
                      "on the store's lock, before looking for the reference")
        self.assertEqual(overlap.attempts, 2, "then read the store's feeds again (a serialization retry)")
        self.assertEqual([overlap.first["duplicate"], overlap.second["duplicate"]], [False, True])
        with self.registry.cursor() as cr:
            cr.execute("SELECT COUNT(*) FROM marketplace_stock_feed WHERE store_id = %s", [self.store_id])
            self.assertEqual(cr.fetchone()[0], 1)
            cr.execute("SELECT COUNT(*) FROM stock_move WHERE product_id = %s AND state = 'done'", [self.product_id])
            self.assertEqual(cr.fetchone()[0], 1, "one inventory move: the feed was applied once")

    def test_sale_committed_during_a_feed_is_not_lost(self):
        """A sale validated while a feed is being applied: the feed's worker retries on the
        committed sale and the quants still agree with the moves."""
        barcode = make_ean13(990001)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["marketplace.stock.feed"].submit(STORE_CODE, [{"barcode": barcode, "quantity": 3}])
        with self.registry.cursor() as cr_feed:
            env_feed = api.Environment(cr_feed, SUPERUSER_ID, {})
            store = env_feed["stock.warehouse"].browse(self.store_id)
            stock_location_id = store.lot_stock_id.id
            # The feed's transaction has taken its snapshot (3 in stock) ...
            self.assertEqual(env_feed["marketplace.stock.feed"]._marketplace_current_quantities(
                store.lot_stock_id, [self.product_id]), {self.product_id: 3})
            # ... when a sale of one pair is validated and committed elsewhere.
            with self.registry.cursor() as cr_sale:
                env_sale = api.Environment(cr_sale, SUPERUSER_ID, {})
                product = env_sale["product.product"].browse(self.product_id)
                move = env_sale["stock.move"].create({
                    "name": "Vente", "product_id": product.id, "product_uom": product.uom_id.id,
                    "product_uom_qty": 1, "location_id": stock_location_id,
                    "location_dest_id": env_sale.ref("stock.stock_location_customers").id,
                    "company_id": store.company_id.id,
                })
                move._action_confirm()
                move._action_assign()
                move.picked = True
                move._action_done()
            attempts = []

            def submit():
                attempts.append(1)
                return env_feed["marketplace.stock.feed"].submit(STORE_CODE, [{"barcode": barcode, "quantity": 5}])

            report = retrying(submit, env_feed)
            self.assertEqual(len(attempts), 2, "the first attempt, on a stale snapshot, must fail and be retried")
            self.assertEqual(report["applied"], 1)
        with self.registry.cursor() as cr:
            cr.execute("""SELECT COALESCE(SUM(quantity), 0) FROM stock_quant
                           WHERE product_id = %s AND location_id = %s""", [self.product_id, stock_location_id])
            on_hand = cr.fetchone()[0]
            cr.execute("""SELECT COALESCE(SUM(CASE WHEN location_dest_id = %(loc)s THEN quantity ELSE -quantity END), 0)
                            FROM stock_move_line
                           WHERE product_id = %(product)s AND state = 'done'
                             AND %(loc)s IN (location_id, location_dest_id)""",
                       {"loc": stock_location_id, "product": self.product_id})
            moved = cr.fetchone()[0]
            cr.execute("SELECT SUM(quantity) FROM stock_quant WHERE product_id = %s", [self.product_id])
            everywhere = cr.fetchone()[0]
        self.assertEqual(on_hand, 5, "the feed states the store's stock after the sale")
        self.assertEqual(moved, 5, "quants agree with the done moves")
        self.assertEqual(everywhere, 0, "what entered the store left the inventory and customer locations")

    def sell(self, env, quantity=1):
        """A sale at the store's counter: a delivery of the pair, validated."""
        product = env["product.product"].browse(self.product_id)
        store = env["stock.warehouse"].browse(self.store_id)
        move = env["stock.move"].create({
            "name": "Vente au comptoir", "product_id": product.id, "product_uom": product.uom_id.id,
            "product_uom_qty": quantity, "location_id": store.lot_stock_id.id,
            "location_dest_id": env.ref("stock.stock_location_customers").id, "company_id": store.company_id.id,
        })
        move._action_confirm()
        move._action_assign()
        move.picked = True
        move._action_done()
        self.assertEqual(move.state, "done")

    def store_total(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            location = env["stock.warehouse"].browse(self.store_id).lot_stock_id
            return env["marketplace.stock.feed"]._marketplace_current_quantities(location, [self.product_id])

    def test_sale_in_flight_does_not_block_the_feed(self):
        """A sale at the counter holds its quant, not committed yet, when a feed of the same store
        arrives: the feed neither waits for it nor fails (no retry), and both are kept.

        Each cursor's environment is kept until its commit, as a request keeps its own: the sale's
        last writes wait in it for the commit's flush, and an environment nobody holds may be
        collected at any moment (``gc.collect()`` makes that moment now), which silently dropped
        the sale's decrement in one run out of three."""
        barcode = make_ean13(990001)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["marketplace.stock.feed"].submit(STORE_CODE, [{"barcode": barcode, "quantity": 3}])
        with self.registry.cursor() as cr_sale:
            env_sale = api.Environment(cr_sale, SUPERUSER_ID, {})
            self.sell(env_sale)
            gc.collect()
            with self.registry.cursor() as cr_feed:
                cr_feed.execute("SET LOCAL lock_timeout = '3s'")
                env_feed = api.Environment(cr_feed, SUPERUSER_ID, {})
                report = env_feed["marketplace.stock.feed"].submit(STORE_CODE, [{"barcode": barcode, "quantity": 5}])
                self.assertEqual(report["applied"], 1)
        self.assertEqual(self.store_total(), {self.product_id: 4}, "5 counted, then the pair sold at the counter")

    def test_sale_while_a_feed_is_in_flight(self):
        """A feed has written the store's quants and not committed yet when a pair is sold at the
        counter: the sale does not wait for the feed, and both are kept."""
        barcode = make_ean13(990001)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["marketplace.stock.feed"].submit(STORE_CODE, [{"barcode": barcode, "quantity": 3}])
        with self.registry.cursor() as cr_feed:
            env_feed = api.Environment(cr_feed, SUPERUSER_ID, {})
            report = env_feed["marketplace.stock.feed"].submit(STORE_CODE, [{"barcode": barcode, "quantity": 6}])
            self.assertEqual(report["applied"], 1)
            gc.collect()  # as above: the environments live until their commit
            with self.registry.cursor() as cr_sale:
                cr_sale.execute("SET LOCAL lock_timeout = '3s'")
                env_sale = api.Environment(cr_sale, SUPERUSER_ID, {})
                self.sell(env_sale)
                gc.collect()
        self.assertEqual(self.store_total(), {self.product_id: 5})
