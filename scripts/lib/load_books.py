"""The books before and after a load test (run by scripts/load).

    python load_books.py --config CONF --db DB snapshot FILE        # before: the stores' stock
    python load_books.py --config CONF --db DB check FILE FEEDS     # after: the books hold

``check`` prints every problem and exits 1 if there is one:
- every order paid on the shop during the run is confirmed, and each of its lines is with member
  stores or waiting for one (unassigned) for its whole quantity, never more (routed once);
  its payment ledger holds (nothing captured beyond what is due, nothing captured twice);
- no quant of a store is negative;
- each store's stock moved by exactly its moves: stock at the end = stock at the start + what
  came in - what went out during the run, per store and product (no move applied twice or lost);
- stock = what the store's last feed set minus what was sold since, for every product a feed of
  the run set (FEEDS: what the load test's shop software sent and when it was answered);
- no ticket of a register was recorded twice (Point of Sale's uuid), no feed reference twice."""
import argparse
import json
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import odoo
from odoo import fields
from odoo.tools import config

STORE_QUANTS = """
    SELECT l.warehouse_id, q.product_id, SUM(q.quantity)
      FROM stock_quant q JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
      JOIN stock_warehouse w ON w.id = l.warehouse_id AND w.marketplace_store
     GROUP BY l.warehouse_id, q.product_id"""


NEGATIVE = """SELECT q.id FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
               WHERE l.usage = 'internal' AND q.quantity < 0"""


def snapshot(env, path):
    env.cr.execute(STORE_QUANTS)
    quants = [[w, p, float(q)] for w, p, q in env.cr.fetchall()]
    env.cr.execute(NEGATIVE)
    Path(path).write_text(json.dumps({
        "started": fields.Datetime.to_string(fields.Datetime.now()),
        "quants": quants, "negative": [row[0] for row in env.cr.fetchall()],
    }))


def check_orders(env, started, problems):
    orders = env["sale.order"].search([("website_id", "!=", False), ("create_date", ">=", started),
                                       ("transaction_ids.state", "in", ("authorized", "done"))])
    for order in orders:
        if order.state != "sale":
            problems.append(f"{order.name}: paid, but {order.state}")
            continue
        for line in order.order_line.filtered(lambda line: line.product_id.is_storable):
            legs = line.marketplace_line_ids.filtered(
                lambda ml: not ml.cancelled and not ml.released
                and ml.order_id.state not in ("refused", "expired", "cancelled"))
            with_stores = sum(legs.mapped("quantity"))
            accounted = with_stores + line.marketplace_missing_qty + line.marketplace_cancelled_qty
            if abs(accounted - line.product_uom_qty) > 1e-6:
                problems.append(f"{order.name} {line.product_id.display_name}: {line.product_uom_qty} ordered, "
                                f"{with_stores} with stores, {line.marketplace_missing_qty} unassigned, "
                                f"{line.marketplace_cancelled_qty} cancelled")
        ledger = order._marketplace_ledger()
        for problem in ledger.check():
            problems.append(f"{order.name}: {problem}")
        if ledger.captured > ledger.due + 0.005:
            problems.append(f"{order.name}: captured {ledger.captured} of {ledger.due} due")
    return len(orders)


def moves_during(env, started):
    """(store, product) -> (quantity in, quantity out, [(date, quantity out, is a feed's)]) of the
    moves done during the run."""
    env.cr.execute("""
        SELECT ml.product_id, CASE WHEN src.usage = 'internal' THEN sw.id END,
               CASE WHEN dst.usage = 'internal' THEN dw.id END, ml.quantity, ml.date,
               src.usage = 'inventory' OR dst.usage = 'inventory'
          FROM stock_move_line ml
          JOIN stock_location src ON src.id = ml.location_id
          JOIN stock_location dst ON dst.id = ml.location_dest_id
          LEFT JOIN stock_warehouse sw ON sw.id = src.warehouse_id AND sw.marketplace_store
          LEFT JOIN stock_warehouse dw ON dw.id = dst.warehouse_id AND dw.marketplace_store
         WHERE ml.state = 'done' AND ml.date >= %s
           AND (sw.id IS NOT NULL OR dw.id IS NOT NULL)""", [started])
    moves = defaultdict(lambda: [0.0, 0.0, []])
    for product, source, destination, quantity, date, inventory in env.cr.fetchall():
        if source == destination:
            continue
        if destination:
            moves[destination, product][0] += quantity
            moves[destination, product][2].append((date, -quantity, inventory))
        if source:
            moves[source, product][1] += quantity
            moves[source, product][2].append((date, quantity, inventory))
    return moves


def check_stock(env, before, feeds_path, problems):
    env.cr.execute(STORE_QUANTS)
    after = {(w, p): float(q) for w, p, q in env.cr.fetchall()}
    start = {(w, p): q for w, p, q in before["quants"]}
    env.cr.execute(NEGATIVE)
    if negative := {row[0] for row in env.cr.fetchall()} - set(before.get("negative", [])):
        problems.append(f"{len(negative)} quants went negative: {sorted(negative)[:10]}")
    moves = moves_during(env, before["started"])
    for key in set(after) | set(start) | set(moves):
        came, went, _dated = moves.get(key, (0.0, 0.0, []))
        if abs(after.get(key, 0.0) - (start.get(key, 0.0) + came - went)) > 1e-6:
            problems.append(f"store {key[0]} product {key[1]}: {start.get(key, 0.0)} at the start + {came} in "
                            f"- {went} out, but {after.get(key, 0.0)} at the end")
    # What the last feed set, minus what was sold after its answer; a sale done while the feed
    # ran (between sending and answer) may come before or after it: that pair is not checked.
    stores = {s.marketplace_store_code: s.id for s in env["stock.warehouse"].search([("marketplace_store", "=", True)])}
    products = {}
    last = {}
    lines = [json.loads(line) for line in Path(feeds_path).read_text().splitlines() if line.strip()] \
        if feeds_path and Path(feeds_path).exists() else []
    # A feed (found by its reference) is applied when it is answered, or later by its job when
    # queued: its last write. A store's feeds apply in the order of their numbers.
    received = applied = {}
    if lines:
        env.cr.execute("SELECT reference, id, state, write_date FROM marketplace_stock_feed WHERE reference = ANY(%s)",
                       [[feed["reference"] for feed in lines]])
        received = {reference: (feed_id, state, fields.Datetime.to_string(date))
                    for reference, feed_id, state, date in env.cr.fetchall()}
        applied = {reference: (feed_id, date) for reference, (feed_id, state, date) in received.items()
                   if state == "done"}
    # Received but not applied: still queued, or failed (a feed the run stopped before it was
    # sent was never received: nothing to check).
    not_applied = sum(1 for feed in lines if feed["reference"] in received and feed["reference"] not in applied)
    for feed in lines:
        if feed["reference"] in applied:
            feed["id"], feed["answered"] = applied[feed["reference"]]
    for feed in sorted((feed for feed in lines if feed["reference"] in applied), key=lambda f: f["id"]):
        for barcode, quantity in feed["lines"]:
            last[stores[feed["store"]], barcode] = (quantity, feed["sent"], feed["answered"])
    barcodes = {barcode for _store, barcode in last}
    for product in env["product.product"].search([("barcode", "in", list(barcodes))]):
        products[product.barcode] = product.id
    checked = skipped = 0
    for (store, barcode), (quantity, sent, answered) in last.items():
        key = (store, products[barcode])
        later = [(date, out) for date, out, inventory in moves.get(key, (0, 0, []))[2] if not inventory]
        if any(sent <= fields.Datetime.to_string(date) <= answered for date, _out in later):
            skipped += 1
            continue
        sold = sum(out for date, out in later if fields.Datetime.to_string(date) > answered)
        checked += 1
        if abs(after.get(key, 0.0) - (quantity - sold)) > 1e-6:
            problems.append(f"store {store} {barcode}: fed {quantity}, sold {sold} since, but {after.get(key, 0.0)}")
    if not_applied:
        problems.append(f"{not_applied} feeds of the run were not applied")
    return len(after), checked, skipped


def check_duplicates(env, problems):
    env.cr.execute("SELECT uuid, COUNT(*) FROM pos_order WHERE uuid IS NOT NULL GROUP BY uuid HAVING COUNT(*) > 1")
    for ticket, count in env.cr.fetchall():
        problems.append(f"ticket {ticket} recorded {count} times")
    env.cr.execute("""SELECT store_id, reference, COUNT(*) FROM marketplace_stock_feed WHERE reference IS NOT NULL
                       GROUP BY store_id, reference HAVING COUNT(*) > 1""")
    for store, reference, count in env.cr.fetchall():
        problems.append(f"feed {reference} of store {store} applied {count} times")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("action", choices=("snapshot", "check"))
    parser.add_argument("file")
    parser.add_argument("feeds", nargs="?")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.action == "snapshot":
            snapshot(env, args.file)
            return
        before = json.loads(Path(args.file).read_text())
        problems = []
        orders = check_orders(env, before["started"], problems)
        pairs, checked, skipped = check_stock(env, before, args.feeds, problems)
        check_duplicates(env, problems)
        cr.rollback()
    now = datetime.now(UTC).strftime("%H:%M:%S")
    print(f"books at {now}: {orders} orders paid during the run, {pairs} store stocks, "  # noqa: T201  # pylint: disable=print-used
          f"{checked} fed quantities checked ({skipped} sold while their feed ran, not checked)")
    for problem in problems[:50]:
        print("PROBLEM", problem)  # noqa: T201  # pylint: disable=print-used
    print(f"books: {'ok' if not problems else f'{len(problems)} problems'}")  # noqa: T201  # pylint: disable=print-used
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
