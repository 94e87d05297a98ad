from odoo import fields, models
from odoo.addons.marketplace_orders.models.marketplace_order import RELEASED_STATES, STATES
from odoo.tools import SQL


class MarketplaceSalesReport(models.Model):
    """One row per member order line sold (not cancelled nor released to another shop), for the
    graph and pivot views of *Marketplace › Reporting › Sales and Commission*: the network's
    sales (GMV, VAT included: what the customers paid), the hub's commission per month, member,
    store, brand and category. Members read their own rows (the order lines' record rules)."""

    _name = "marketplace.sales.report"
    _description = "Marketplace Sales Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc"

    # ------------------------------------------------------------------ fields
    order_id = fields.Many2one("marketplace.order", string="Member Order", readonly=True)
    date = fields.Datetime(string="Order Date", readonly=True)
    company_id = fields.Many2one("res.company", string="Member", readonly=True)
    store_id = fields.Many2one("stock.warehouse", readonly=True)
    state = fields.Selection(STATES, readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    brand_id = fields.Many2one("marketplace.brand", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    quantity = fields.Float(string="Items Sold", readonly=True, help="Items sold less the items returned.")
    amount = fields.Float(string="Sales (VAT incl.)", readonly=True,
                          help="What the customers paid for these items, less what came back.")
    commission = fields.Float(readonly=True, help="The hub's commission (with the fixed fee of each order), less what "
                              "returns reversed.")
    settled = fields.Boolean(readonly=True, help="Taken by a settlement.")

    # ---------------------------------------------------------------- business
    @property
    def _table_query(self):
        """A line's sales are what the customer paid for the items that did not come back (the
        line's amount shared, as the settlement does); its commission, less what returns
        reversed, with the order's fixed fee on its first line. Lines of an order refused,
        expired or cancelled went to another shop or to nobody: not this shop's sales."""
        share = self.env["marketplace.settlement"]._marketplace_share_sql
        return SQL(
            """SELECT l.id AS id, l.order_id, o.assigned_date AS date, l.company_id, o.store_id, o.state,
                      l.product_id, t.marketplace_brand_id AS brand_id, t.categ_id,
                      l.quantity - COALESCE(l.returned_qty, 0) AS quantity,
                      COALESCE(l.amount, 0) - %(returned)s AS amount,
                      COALESCE(l.commission_amount, 0) - COALESCE(l.commission_reversed, 0)
                      + CASE WHEN NOT EXISTS (SELECT 1 FROM marketplace_order_line f
                                               WHERE f.order_id = l.order_id AND f.id < l.id)
                             THEN COALESCE(o.commission_fee, 0) - COALESCE(o.commission_fee_reversed, 0)
                             ELSE 0 END AS commission,
                      l.settlement_id IS NOT NULL AS settled
                 FROM marketplace_order_line l
                 JOIN marketplace_order o ON o.id = l.order_id
                 -- LEFT JOINs on primary keys: PostgreSQL leaves them out of a query that reads
                 -- neither brand nor category (per month and member, the pivot's first view).
                 LEFT JOIN product_product p ON p.id = l.product_id
                 LEFT JOIN product_template t ON t.id = p.product_tmpl_id
                WHERE NOT COALESCE(l.cancelled, FALSE) AND NOT COALESCE(l.released, FALSE)
                  AND o.state NOT IN %(released)s""",
            returned=share(SQL("l.returned_qty")), released=tuple(RELEASED_STATES))
