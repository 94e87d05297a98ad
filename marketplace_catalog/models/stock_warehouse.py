from odoo import fields, models
from odoo.tools import SQL


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # ------------------------------------------------------------------ fields
    marketplace_own_safety_stock = fields.Boolean(
        string="Own Safety Stock",
        help="Use this store's safety stock instead of the hub's default.",
    )
    marketplace_safety_stock = fields.Integer(
        string="Safety Stock",
        help="Units of each product the store keeps off the marketplace.",
    )
    marketplace_feed_ids = fields.One2many("marketplace.stock.feed", "store_id", string="Stock Feeds")

    # --------------------------------------------------------------- business
    def _marketplace_flush_availability(self):
        self.env["stock.quant"].flush_model(["quantity", "reserved_quantity", "location_id", "product_id"])
        self.env["stock.warehouse"].flush_model([
            "active", "marketplace_store", "marketplace_paused", "marketplace_own_safety_stock",
            "marketplace_safety_stock", "company_id",
        ])
        self.env["res.company"].flush_model(["marketplace_state"])

    def _marketplace_availability_sql(self, product_ids, store_ids=None, open_only=False):
        hub = self.env["res.company"]._marketplace_hub()
        default_safety = hub.marketplace_safety_stock if hub else 0
        store_filter = SQL("w.id = ANY(%s)", list(store_ids)) if store_ids is not None else SQL("TRUE")
        open_filter = SQL("w.id IN %s", self._marketplace_open_stores_query().subselect()) if open_only else SQL("TRUE")
        return SQL(
            """
            SELECT w.id, q.product_id,
                   GREATEST(SUM(q.quantity - q.reserved_quantity)
                            - CASE WHEN w.marketplace_own_safety_stock
                                   THEN COALESCE(w.marketplace_safety_stock, 0) ELSE %(default)s END, 0)
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
              JOIN stock_warehouse w ON w.id = l.warehouse_id
             WHERE q.product_id = ANY(%(products)s)
               AND w.marketplace_store AND %(stores)s AND %(open)s
          GROUP BY w.id, q.product_id
            """,
            default=default_safety, products=list(product_ids), stores=store_filter, open=open_filter,
        )

    def _marketplace_available_qty(self, products):
        """Published availability of ``products`` in these stores:
        free quantity (on hand minus reserved) minus the store's safety stock, never below zero.

        One query whatever the number of stores. Returns ``{(store_id, product_id): qty}``
        with only the pairs that have stock."""
        self._marketplace_flush_availability()
        rows = self.env.execute_query(self._marketplace_availability_sql(products.ids, self.ids))
        return {(store_id, product_id): int(qty) for store_id, product_id, qty in rows if qty > 0}

    def _marketplace_network_availability(self, products):
        """Units of each product published by the open stores of the network:
        ``{product_id: qty}``. A product is sold online while this is at least 1."""
        self._marketplace_flush_availability()
        rows = self.env.execute_query(SQL(
            "SELECT product_id, SUM(qty) FROM (%s) AS per_store(store_id, product_id, qty) GROUP BY product_id",
            self._marketplace_availability_sql(products.ids, open_only=True),
        ))
        return {product_id: int(qty) for product_id, qty in rows if qty > 0}
