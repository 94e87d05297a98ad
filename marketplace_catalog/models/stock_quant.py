from collections import defaultdict

from odoo import fields, models
from odoo.tools import SQL, create_index


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def init(self):
        """Stock indexes quants by product and by location apart; the feeds (and Odoo's own
        ``_gather``) look a quant up by both. With a million quants and stores holding 20,000
        each, PostgreSQL otherwise intersects a product's quants with the whole store's for
        every line."""
        result = super().init()
        create_index(self.env.cr, "stock_quant_marketplace_product_location_index", self._table,
                     ["product_id", "location_id"])
        return result

    # --------------------------------------------------------------- business
    def _marketplace_apply_quant_batch(self, batch):
        """Add ``{(product_id, location_id, lot_id, package_id, owner_id): quantity}`` to the
        quants: one UPDATE for the quants that exist, Odoo's ``create`` for the others.

        As Odoo's ``_update_available_quantity``: quants another transaction holds are skipped,
        not waited for (``FOR NO KEY UPDATE SKIP LOCKED``), and a new quant takes the change
        then; the incoming date is kept while the quant holds stock, now otherwise. A decrease is
        spread over the quants of its key by what they hold beyond their reservations."""
        changes = {key: qty for key, qty in batch.items() if qty}
        if not changes:
            return self.browse()
        self.flush_model()
        keys = list(changes)
        rows = self.env.execute_query(SQL(
            """SELECT q.id, q.product_id, q.location_id, q.lot_id, q.package_id, q.owner_id,
                      q.quantity, q.reserved_quantity
                 FROM stock_quant q
                 JOIN unnest(%s::int[], %s::int[], %s::int[], %s::int[], %s::int[])
                      AS k(product_id, location_id, lot_id, package_id, owner_id)
                   ON k.product_id = q.product_id AND k.location_id = q.location_id
                  AND q.lot_id IS NOT DISTINCT FROM k.lot_id AND q.package_id IS NOT DISTINCT FROM k.package_id
                  AND q.owner_id IS NOT DISTINCT FROM k.owner_id
             ORDER BY q.id
                  FOR NO KEY UPDATE OF q SKIP LOCKED""",
            *([key[i] for key in keys] for i in range(5)),
        ))
        quants = defaultdict(list)
        for quant_id, *key_and_amounts in rows:
            quants[tuple(key_and_amounts[:5])].append((quant_id, *key_and_amounts[5:]))
        deltas, missing = defaultdict(float), []
        for key, qty in changes.items():
            held = quants.get(key)
            if not held:
                missing.append((key, qty))
            elif qty > 0:
                deltas[held[0][0]] += qty
            else:
                need = -qty
                for quant_id, quantity, reserved in sorted(held, key=lambda q: q[2] - q[1]):
                    take = min(need, max(quantity - reserved, 0))
                    deltas[quant_id] -= take
                    need -= take
                if need > 0:
                    deltas[held[0][0]] -= need
        now = fields.Datetime.now()
        if deltas:
            self.env.execute_query(SQL(
                """UPDATE stock_quant q
                      SET quantity = q.quantity + d.qty,
                          in_date = CASE WHEN q.quantity > 0 AND q.in_date IS NOT NULL THEN q.in_date ELSE %s END,
                          write_uid = %s, write_date = %s
                     FROM unnest(%s::int[], %s::float8[]) AS d(id, qty)
                    WHERE q.id = d.id""",
                now, self.env.uid, now, list(deltas), list(deltas.values()),
            ))
            updated = self.browse(list(deltas))
            updated.invalidate_recordset(["quantity", "in_date", "write_uid", "write_date"])
            updated.modified(["quantity", "in_date"])
        created = self.sudo().create([{
            "product_id": product_id,
            "location_id": location_id,
            "lot_id": lot_id,
            "package_id": package_id,
            "owner_id": owner_id,
            "quantity": qty,
            "in_date": now,
        } for (product_id, location_id, lot_id, package_id, owner_id), qty in missing])
        return self.browse(list(deltas)) | created
