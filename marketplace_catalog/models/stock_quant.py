from odoo import fields, models
from odoo.tools import SQL


class StockQuant(models.Model):
    _inherit = "stock.quant"

    # --------------------------------------------------------------- business
    def _marketplace_apply_quant_batch(self, batch):
        """Add ``{(product_id, location_id): quantity}`` to the quants without lot, package or
        owner: one UPDATE for the quants that exist, one batched create for the others. The
        incoming date follows Odoo: kept while the quant holds stock, now otherwise."""
        changes = {key: qty for key, qty in batch.items() if qty}
        if not changes:
            return self.browse()
        self.flush_model()
        keys = list(changes)
        now = fields.Datetime.now()
        rows = self.env.execute_query(SQL(
            """SELECT DISTINCT ON (q.product_id, q.location_id) q.product_id, q.location_id, q.id
                 FROM stock_quant q
                 JOIN unnest(%s::int[], %s::int[]) AS k(product_id, location_id)
                   ON k.product_id = q.product_id AND k.location_id = q.location_id
                WHERE q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL
             ORDER BY q.product_id, q.location_id, q.id""",
            [k[0] for k in keys], [k[1] for k in keys],
        ))
        existing = {(product_id, location_id): quant_id for product_id, location_id, quant_id in rows}
        if existing:
            self.env.execute_query(SQL(
                """UPDATE stock_quant q
                      SET quantity = q.quantity + d.qty,
                          in_date = CASE WHEN q.quantity > 0 AND q.in_date IS NOT NULL THEN q.in_date ELSE %s END,
                          write_uid = %s, write_date = %s
                     FROM unnest(%s::int[], %s::float8[]) AS d(id, qty)
                    WHERE q.id = d.id""",
                now, self.env.uid, now, list(existing.values()), [changes[k] for k in existing],
            ))
            updated = self.browse(list(existing.values()))
            updated.invalidate_recordset(["quantity", "in_date", "write_uid", "write_date"])
            updated.modified(["quantity", "in_date"])
        missing = [key for key in keys if key not in existing]
        # Outside inventory mode, stock's create() only creates its quants one at a time (to fill a
        # quants cache this batch does not use): the base create() makes them in one go.
        created = models.Model.create(self.sudo(), [{
            "product_id": product_id,
            "location_id": location_id,
            "quantity": changes[(product_id, location_id)],
            "in_date": now,
        } for product_id, location_id in missing])
        return self.browse(list(existing.values())) | created
