"""Benchmarks of the suite against the naive Odoo way, in the same run, on generated data.

Run through ./scripts/bench (which prepares the database); prints one line per measure and a
JSON summary. Figures are ratios against the naive way measured in the same run."""
import argparse
import base64
import contextlib
import io
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import odoo
from odoo.tools import config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def _status_kb(key):
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(row.split()[1]) for row in status if row.startswith(key + ":"))


def _timed_rss(func):
    """(seconds, result, MB the process's resident memory peaked above where it started): Linux's
    peak is reset first (clear_refs). Unlike tracemalloc, it does not slow Python down (×3 on
    Odoo's invoices)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")
    start = _status_kb("VmRSS")
    seconds, result = timed(func)
    return seconds, result, (_status_kb("VmHWM") - start) / 1024


def bench_feed(env, network, rnd, changed_ratio, naive_lines, feed_lines):
    """Full feed of a store with ``feed_lines`` lines, ``changed_ratio`` of them changing the
    quantity (median of three feeds). A feed this large is a job in production (issue 21): its
    apply is timed here, in this process, as its job runs it."""
    Feed = env["marketplace.stock.feed"].sudo().with_context(queue_job__no_delay=True)
    store = network["stores"][rnd.randrange(len(network["stores"]))]
    variants = network["variants"][:feed_lines]
    barcodes = dict(env["product.product"].browse(variants).mapped(lambda p: (p.id, p.barcode)))
    # Bring the store to a known state, then send the feed being measured.
    base = {pid: rnd.randint(1, 6) for pid in variants}
    Feed.submit(store.marketplace_store_code, [{"barcode": barcodes[p], "quantity": q} for p, q in base.items()],
                mode="full")
    env.cr.commit()
    # Three feeds in a row, each changing the quantities the previous one left: the median.
    runs = []
    for _run in range(3):
        lines = []
        for pid, qty in base.items():
            if rnd.random() < changed_ratio:  # sales and deliveries: down as often as up
                qty = max(qty + rnd.choice((-3, -2, -1, 1, 2, 3)), 0) or qty + 1
                base[pid] = qty
            lines.append({"barcode": barcodes[pid], "quantity": qty})
        seconds, report = timed(Feed.submit, store.marketplace_store_code, lines, mode="full")
        env.cr.commit()
        runs.append((seconds, report))
    seconds, report = sorted(runs, key=lambda run: run[0])[1]
    suite_rate = len(lines) / seconds

    # Naive: stock.quant in inventory mode, line by line, then one batched apply.
    naive_store = network["stores"][(list(network["stores"]).index(store) + 1) % len(network["stores"])]
    Quant = env["stock.quant"].sudo().with_company(naive_store.company_id).with_context(inventory_mode=True)
    sample = variants[:naive_lines]
    start = time.perf_counter()
    for pid in sample:
        quant = Quant.create({"product_id": pid, "location_id": naive_store.lot_stock_id.id,
                              "inventory_quantity": rnd.randint(1, 9)})
        quant.action_apply_inventory()
    naive_rate = len(sample) / (time.perf_counter() - start)
    env.cr.rollback()
    start = time.perf_counter()
    quants = Quant.create([{"product_id": pid, "location_id": naive_store.lot_stock_id.id,
                            "inventory_quantity": rnd.randint(10, 19)} for pid in sample])
    quants.action_apply_inventory()
    batched_rate = len(sample) / (time.perf_counter() - start)
    env.cr.rollback()
    return {
        "lines": len(lines), "changed": report["applied"], "seconds": round(seconds, 2),
        "seconds_runs": [round(run[0], 2) for run in runs],
        "suite_lines_per_s": round(suite_rate), "naive_lines_per_s": round(naive_rate, 1),
        "naive_batched_lines_per_s": round(batched_rate, 1),
        "ratio_vs_naive": round(suite_rate / naive_rate, 1), "ratio_vs_batched": round(suite_rate / batched_rate, 1),
    }


def bench_availability(env, network, rnd, naive_stores):
    Warehouse = env["stock.warehouse"].sudo()
    product = env["product.product"].browse(network["variants"][rnd.randrange(len(network["variants"]))])
    Warehouse._marketplace_network_availability(product)  # warm the caches, as a running server has them
    runs = [timed(Warehouse._marketplace_network_availability, product)[0] for _i in range(20)]
    suite_ms = sorted(runs)[len(runs) // 2] * 1000
    stores = network["stores"][:naive_stores]
    start = time.perf_counter()
    total = 0
    for store in stores:
        total += product.with_context(warehouse_id=store.id).free_qty
    naive_per_store_ms = (time.perf_counter() - start) * 1000 / len(stores)
    naive_ms = naive_per_store_ms * len(network["stores"])
    return {
        "stores": len(network["stores"]), "suite_ms": round(suite_ms, 2),
        "naive_ms_per_store": round(naive_per_store_ms, 2), "naive_ms_all_stores": round(naive_ms),
        "ratio_vs_naive": round(naive_ms / suite_ms, 1),
    }


def bench_availability_at_scale(env, network, store_count=2000, per_store=500):
    """Network availability at DESIGN's 2,000 stores and a million quants, on rows written
    straight in SQL (stores, their stock locations, their quants) inside a transaction that is
    rolled back: the ORM takes hours to build that many real warehouses here."""
    cr = env.cr
    rnd = random.Random(3)
    company = network["stores"][0].company_id.id
    variants = network["variants"]
    cr.execute("SAVEPOINT scale")
    cr.execute("""
        INSERT INTO stock_warehouse (name, code, company_id, view_location_id, lot_stock_id, active,
                                     reception_steps, delivery_steps, sequence,
                                     marketplace_store, marketplace_store_code)
        SELECT 'Synthetic ' || i, 'S' || i, %s, l.id, l.id, TRUE, 'one_step', 'ship_only', 10, TRUE, 'SYN-' || i
          FROM generate_series(1, %s) AS i, LATERAL (SELECT id FROM stock_location WHERE usage = 'internal' LIMIT 1) l
        RETURNING id""", [company, store_count])
    store_ids = [row[0] for row in cr.fetchall()]
    cr.execute("""
        INSERT INTO stock_location (name, usage, company_id, warehouse_id, active, parent_path)
        SELECT 'Stock', 'internal', %s, w, TRUE, '' FROM unnest(%s) AS w RETURNING id, warehouse_id""",
               [company, store_ids])
    locations = cr.fetchall()
    rows = io.StringIO()
    for location_id, _store in locations:
        for product_id in rnd.sample(variants, min(per_store, len(variants))):
            rows.write(f"{product_id}\t{company}\t{location_id}\t{rnd.randint(1, 6)}\t0\tnow\n")
    rows.seek(0)
    cr.copy_expert("COPY stock_quant (product_id, company_id, location_id, quantity, reserved_quantity, in_date)"
                   " FROM STDIN", rows)
    cr.execute("ANALYZE stock_quant")
    env.invalidate_all()
    Warehouse = env["stock.warehouse"].sudo()
    products = env["product.product"].browse(variants[:20])
    Warehouse._marketplace_network_availability(products[:1])
    runs = sorted(timed(Warehouse._marketplace_network_availability, product)[0] for product in products)
    cr.execute("SELECT COUNT(*) FROM stock_quant")
    quants = cr.fetchone()[0]
    cr.execute("ROLLBACK TO SAVEPOINT scale")
    env.invalidate_all()
    return {"stores": store_count + len(network["stores"]), "quants": quants,
            "median_ms": round(runs[len(runs) // 2] * 1000, 2), "max_ms": round(runs[-1] * 1000, 2)}


def bench_export(env, network):
    member = network["stores"][0].company_id
    Export = env["marketplace.catalog.export"].sudo().with_company(member)
    export = Export._marketplace_start()
    tracemalloc.start()
    seconds, spool = timed(export._stream_to_file)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = spool.seek(0, 2)
    # Naive: read every variant through the ORM and build the file in memory.
    start = time.perf_counter()
    variants = env["product.product"].search([("marketplace_catalog", "=", True)])
    rows = [";".join(str(v) for v in (p.marketplace_supplier_ref, p.barcode, p.name, p.marketplace_size,
                                       p.marketplace_colour, p.marketplace_material, p.marketplace_department,
                                       p.marketplace_family, p.marketplace_subfamily, p.marketplace_brand_id.name,
                                       p.marketplace_manufacturer, p.marketplace_purchase_price, p.marketplace_rrp))
            for p in variants]
    naive_seconds = time.perf_counter() - start
    return {
        "variants": export.line_count, "seconds": round(seconds, 2), "bytes": size,
        "peak_python_memory_mb": round(peak / 1e6, 1), "naive_orm_seconds": round(naive_seconds, 2),
        "naive_rows": len(rows), "ratio_vs_naive": round(naive_seconds / seconds, 1),
    }


def bench_export_at_scale(env, network, variants=100000):
    """The référencier export of ``variants`` variants: the catalogue is topped up with copies of
    its variants written straight in SQL (sizes included) inside a savepoint rolled back after."""
    from odoo.tools import SQL  # noqa: PLC0415

    env["product.product"].flush_model()
    env.cr.execute("SAVEPOINT bench_export_scale")
    existing = env.execute_query(SQL(
        """SELECT COUNT(*) FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
            WHERE t.marketplace_catalog AND p.active"""))[0][0]
    # every column of the source variant is copied (installed modules add NOT NULL ones, e.g.
    # website_sale's base_unit_count) but the identity and the unique ones
    copied = SQL(", ").join(SQL.identifier(name) for (name,) in env.execute_query(SQL(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'product_product' AND table_schema = current_schema()
              AND column_name NOT IN ('id', 'barcode', 'combination_indices', 'create_date', 'write_date')
            ORDER BY ordinal_position""")))
    env.execute_query(SQL(
        """WITH src AS (
               SELECT p.*, row_number() OVER (ORDER BY p.id) AS rn
                 FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
                WHERE t.marketplace_catalog AND p.active),
           copies AS (
               INSERT INTO product_product (%s, barcode, create_date, write_date)
               SELECT %s, '29' || lpad(g::text, 11, '0'), now() at time zone 'utc', now() at time zone 'utc'
                 FROM generate_series(1, %s) g JOIN src ON src.rn = mod(g, %s) + 1
            RETURNING id, barcode)
           INSERT INTO product_variant_combination (product_product_id, product_template_attribute_value_id)
           SELECT c.id, pvc.product_template_attribute_value_id
             FROM copies c
             JOIN src ON src.rn = mod(substr(c.barcode, 3)::int, %s) + 1
             JOIN product_variant_combination pvc ON pvc.product_product_id = src.id""",
        copied, copied,
        max(variants - existing, 0), existing, existing,
    ))
    env.invalidate_all()
    member = network["stores"][0].company_id
    export = env["marketplace.catalog.export"].sudo().with_company(member)._marketplace_start()
    tracemalloc.start()
    seconds, spool = timed(export._stream_to_file)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = spool.seek(0, 2)
    count = export.line_count
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_export_scale")
    env.invalidate_all()
    return {"variants": count, "seconds": round(seconds, 2), "bytes": size,
            "peak_python_memory_mb": round(peak / 1e6, 1)}


def _enrol_one(env, code, admin):
    """One real enrolment by a hub administrator (company, French chart of accounts, store, Point
    of Sale, login), commit-time work included, rolled back. Returns (seconds, company id, tax
    links the new chart added to catalogue products)."""
    from odoo.tools import SQL  # noqa: PLC0415

    env.cr.execute("SAVEPOINT bench_enrolment")
    wizard = env["marketplace.enrolment.wizard"].with_user(admin).create({
        "member_name": f"Chaussures {code}", "member_code": code, "street": "2 rue Crébillon",
        "zip": "44000", "city": "Nantes", "store_name": f"Chaussures {code}", "store_code": f"{code}-01",
        "user_mode": "new", "user_login": f"bench-{code.lower()}", "email": f"{code.lower()}@chaussures.fr",
    })
    env.flush_all()
    start = time.perf_counter()
    action = wizard.action_enrol()
    env.flush_all()
    env.cr.precommit.run()  # what the commit would run (Odoo queues some work there)
    seconds = time.perf_counter() - start
    company_id = action["res_id"]
    links = env.execute_query(SQL(
        "SELECT COUNT(*) FROM product_taxes_rel r JOIN account_tax x ON x.id = r.tax_id WHERE x.company_id = %s",
        company_id))[0][0]
    return seconds, company_id, links


def _forget(env):
    """Roll back an enrolment: the cursor, the environments and the registry's caches still know
    the company."""
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_enrolment")
    env.cr.clear()
    env.transaction.reset()
    env.registry.clear_all_caches()


def _bench_admin(env):
    hub = env["res.company"]._marketplace_hub()
    admin = env["res.users"].search([("login", "=", "bench_admin")])
    if not admin:
        admin = env["res.users"].with_context(no_reset_password=True).create({
            "name": "Administrateur banc d'essai", "login": "bench_admin", "email": "bench@reseau.fr",
            "company_id": hub.id, "company_ids": [(6, 0, hub.ids)],
            "groups_id": [(6, 0, [env.ref("base.group_user").id,
                                  env.ref("marketplace_base.group_marketplace_admin").id])],
        })
        env.cr.commit()
    return admin


def bench_enrolment(env, empty_env=None, runs=5):
    """Enrolling one member, as a hub administrator does, on this network and on an empty one
    (just the hub, no catalogue): DESIGN wants the 1,600th enrolment to cost what the first did,
    whatever the catalogue size. Then the same enrolment with every catalogue product given the
    hub's sale tax, as Odoo's defaults would (each new chart then adds its own tax to each)."""
    from odoo.tools import SQL  # noqa: PLC0415

    def summary(env_, samples, links):
        return {
            "companies": env_["res.company"].search_count([]),
            "catalogue_models": env_["product.template"].search_count([("marketplace_catalog", "=", True)]),
            "seconds_median": round(statistics.median(samples), 2),
            "seconds_runs": [round(x, 2) for x in samples], "tax_links_added": links,
        }

    def inter_company_locations(env_, company_id):
        """The inter-company locations stock sets for a new company: the suite's two statements
        against stock's one write per existing company."""
        from odoo.addons.stock.models.res_company import Company as StockCompany  # noqa: PLC0415

        company = env_["res.company"].browse(company_id).sudo()
        transit = env_.ref("stock.stock_location_inter_company")
        env_.flush_all()
        suite, _none = timed(company._set_per_company_inter_company_locations, transit)
        naive, _none = timed(StockCompany._set_per_company_inter_company_locations, company, transit)
        env_.flush_all()
        return {"companies": env_["res.company"].search_count([]), "suite_ms": round(suite * 1000, 1),
                "naive_ms": round(naive * 1000, 1), "ratio_vs_naive": round(naive / suite, 1)}

    # One enrolment on each network first (caches warm, as on a running server), then the
    # measured runs alternate between the two networks, so that the machine's ups and downs fall
    # on both alike.
    networks = [("network", env, "BENCHA")] + ([("empty_network", empty_env, "BENCHE")] if empty_env else [])
    admins = {name: _bench_admin(env_) for name, env_, _prefix in networks}
    samples, links = {name: [] for name, *_rest in networks}, {}
    for run in range(runs + 1):
        for name, env_, prefix in networks:
            seconds, company_id, links[name] = _enrol_one(env_, f"{prefix}{run}", admins[name])
            if run:
                samples[name].append(seconds)
            elif name == "network":
                locations = inter_company_locations(env_, company_id)
            _forget(env_)
    result = {name: summary(env_, samples[name], links[name]) for name, env_, _prefix in networks}
    result["inter_company_locations"] = locations
    if empty_env is not None:
        result["ratio_network_vs_empty"] = round(
            result["network"]["seconds_median"] / result["empty_network"]["seconds_median"], 2)
    hub_tax = env["res.company"]._marketplace_hub().account_sale_tax_id
    if hub_tax:
        env.cr.execute("SAVEPOINT bench_taxed")
        env.execute_query(SQL(
            """INSERT INTO product_taxes_rel (prod_id, tax_id)
               SELECT t.id, %s FROM product_template t WHERE t.marketplace_catalog ON CONFLICT DO NOTHING""",
            hub_tax.id))
        env.invalidate_all()
        seconds, _company_id, links = _enrol_one(env, "BENCHB", _bench_admin(env))
        _forget(env)
        env.cr.execute("ROLLBACK TO SAVEPOINT bench_taxed")
        env.invalidate_all()
        result["taxed_catalogue"] = {"seconds": round(seconds, 2), "tax_links_added": links,
                                     "ratio_vs_untaxed": round(seconds / result["network"]["seconds_median"], 2)}
    return result


def _routing_orders(env, network, rnd, count, lines=3, company=None):
    """``count`` customer orders of the hub (or ``company``), not confirmed, ``lines`` sizes each,
    all held by one store at least, delivered to customers across France."""
    from odoo.tools import SQL  # noqa: PLC0415

    hub = company or env["res.company"]._marketplace_hub()
    rows = env.execute_query(SQL(
        """SELECT l.warehouse_id, array_agg(q.product_id ORDER BY q.product_id)
             FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
            WHERE l.warehouse_id = ANY(%s) AND q.quantity - q.reserved_quantity >= 2
         GROUP BY l.warehouse_id""", network["stores"].ids))
    held = [products for _store, products in rows if len(products) >= lines]
    towns = [("69002", "Lyon"), ("75011", "Paris"), ("13006", "Marseille"), ("33000", "Bordeaux"),
             ("59000", "Lille"), ("44000", "Nantes"), ("31000", "Toulouse"), ("67000", "Strasbourg")]
    customers = env["res.partner"].create([{
        "name": f"Client banc {zip_code}", "zip": zip_code, "city": city, "country_id": env.ref("base.fr").id,
    } for zip_code, city in towns])
    customers.geo_localize()
    orders = env["sale.order"].with_company(hub).create([{
        "partner_id": customers[number % len(customers)].id, "company_id": hub.id,
        "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": 1})
                       for product_id in rnd.sample(held[rnd.randrange(len(held))], lines)],
    } for number in range(count)])
    return orders


def bench_routing(env, network, rnd, naive_stores=100, runs=20):
    """Routing a 3-line order over the network (the candidate stores, their stock and distances,
    the plan), against asking each store its ``free_qty`` of the three sizes, as
    website_sale_collect asks each warehouse."""
    env.cr.execute("SAVEPOINT bench_routing")
    order = _routing_orders(env, network, rnd, 1)
    rule = env["marketplace.routing.rule"]._marketplace_rules_for("ship")[:1]
    needs = {line.product_id.id: line.product_uom_qty for line in order.order_line}
    origin = order._marketplace_delivery_coordinates()
    order._marketplace_plan(rule, needs, "ship", origin, env["stock.warehouse"])  # warm the caches
    samples, legs = [], None
    for _run in range(runs):
        seconds, (legs, _decision) = timed(order._marketplace_plan, rule, needs, "ship", origin, env["stock.warehouse"])
        samples.append(seconds)
    products = order.order_line.product_id
    stores = network["stores"][:naive_stores]
    start = time.perf_counter()
    for store in stores:
        for product in products.with_context(warehouse_id=store.id):
            product.free_qty  # noqa: B018 - what website_sale_collect reads per warehouse
        env.invalidate_all()
    naive_ms = (time.perf_counter() - start) * 1000 / len(stores) * len(network["stores"])
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_routing")
    env.invalidate_all()
    median_ms = statistics.median(samples) * 1000
    return {"stores": len(network["stores"]), "lines": len(needs), "legs": len(legs),
            "median_ms": round(median_ms, 1), "max_ms": round(max(samples) * 1000, 1),
            "naive_ms_all_stores": round(naive_ms), "ratio_vs_naive": round(naive_ms / median_ms, 1)}


def _stock_one_warehouse(env, company, products, quantity=1000):
    """Give ``company``'s warehouse ``quantity`` of each product: Odoo's own confirmation then
    reserves every line from that one warehouse, as the member pickings do from the stores."""
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    Quant = env["stock.quant"].with_company(company)
    for product in products:
        Quant._update_available_quantity(product, warehouse.lot_stock_id, quantity)
    return warehouse


def bench_confirm(env, network, rnd, count=1000):
    """Confirming ``count`` 3-line customer orders back to back, routing and member pickings
    included, against Odoo's own confirmation of the same orders (same products, same customers)
    in a company that ships from one warehouse of its own holding them all (sale_stock's
    procurement, picking and reservation)."""
    seed = rnd.random()
    env.cr.execute("SAVEPOINT bench_confirm")
    orders = _routing_orders(env, network, random.Random(seed), count)
    env.flush_all()
    seconds, _result = timed(lambda: [order.action_confirm() for order in orders])
    env.flush_all()
    legs = env["marketplace.order"].search_count([("sale_order_id", "in", orders.ids)])
    unassigned = sum(orders.mapped("marketplace_unassigned"))
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_confirm")
    env.invalidate_all()

    env.cr.execute("SAVEPOINT bench_confirm_naive")
    company = network["stores"][0].company_id
    plain = _routing_orders(env, network, random.Random(seed), count, company=company)
    _stock_one_warehouse(env, company, plain.order_line.product_id)
    env.flush_all()
    naive_seconds, _result = timed(lambda: [order.with_company(company).action_confirm() for order in plain])
    env.flush_all()
    pickings = env["stock.picking"].search_count([("sale_id", "in", plain.ids)])
    naive_reserved = env["stock.picking"].search_count([("sale_id", "in", plain.ids), ("state", "=", "assigned")])
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_confirm_naive")
    env.invalidate_all()
    return {"orders": count, "seconds": round(seconds, 1), "orders_per_s": round(count / seconds, 1),
            "member_orders": legs, "orders_with_unassigned_lines": unassigned,
            "naive_seconds": round(naive_seconds, 1), "naive_orders_per_s": round(count / naive_seconds, 1),
            "naive_pickings": pickings, "naive_pickings_reserved": naive_reserved,
            "ratio_vs_naive": round(naive_seconds / seconds, 2)}


def _open_member_orders(env, network, rnd, count):
    """``count`` open member orders (assigned or accepted, deadlines ahead) written straight in
    SQL: the background of a busy day, for the deadline cron and the control room."""
    from odoo.tools import SQL  # noqa: PLC0415

    hub = env["res.company"]._marketplace_hub()
    sale_orders = _routing_orders(env, network, rnd, 50, lines=1)
    env.flush_all()
    stores = network["stores"]
    env.cr.execute(SQL(
        """INSERT INTO marketplace_order (name, sale_order_id, store_id, company_id, fulfilment, state, payment_state,
                                          assigned_date, accept_deadline, prepare_deadline, post_deadline, deadline,
                                          deadline_check, is_late, amount_total, create_uid, write_uid, create_date,
                                          write_date)
           SELECT 'BENCH-' || n, (%(sale_orders)s)[1 + mod(n, %(sale_count)s)], w.id, w.company_id,
                  CASE WHEN mod(n, 10) = 0 THEN 'collect' ELSE 'ship' END,
                  CASE WHEN mod(n, 3) = 0 THEN 'assigned' ELSE 'accepted' END, 'none',
                  now() at time zone 'UTC' - interval '1 hour', d, d + interval '1 day', d + interval '2 days', d, d,
                  false, 89.90, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
             FROM generate_series(1, %(count)s) AS n
             JOIN stock_warehouse w ON w.id = (%(stores)s)[1 + mod(n, %(store_count)s)]
            CROSS JOIN LATERAL (SELECT now() at time zone 'UTC' + mod(n, 4000) * interval '1 minute'
                                       + interval '3 hours' AS d) AS deadline""",
        sale_orders=sale_orders.ids, sale_count=len(sale_orders), stores=stores.ids, store_count=len(stores),
        count=count))
    env["marketplace.order"].invalidate_model()
    env.cr.execute("ANALYZE marketplace_order")
    return hub


@contextlib.contextmanager
def _no_cron_commit():
    """The batched crons commit after each batch (outside tests): the bench rolls back instead."""
    import threading  # noqa: PLC0415

    thread = threading.current_thread()
    thread.testing = True
    try:
        yield
    finally:
        thread.testing = False


def bench_deadline_cron(env, network, rnd, background=100000, due=300, runs=5):
    """The deadline cron over ``background`` open member orders: when nothing is due (one index
    lookup) and when ``due`` real orders (routed, with their pickings) pass their acceptance
    deadline and expire; then the re-routing cron it triggers, which cancels their pickings and
    gives each order's lines to the next store."""
    from odoo.tools import SQL  # noqa: PLC0415

    env.cr.execute("SAVEPOINT bench_deadlines")
    _open_member_orders(env, network, rnd, background)
    Order = env["marketplace.order"]
    with _no_cron_commit():
        Order._cron_marketplace_deadlines()  # warm the caches
        idle = [timed(Order._cron_marketplace_deadlines)[0] for _run in range(runs)]
        orders = _routing_orders(env, network, rnd, due)
        for order in orders:
            order.action_confirm()
        member_orders = Order.search([("sale_order_id", "in", orders.ids), ("state", "=", "assigned")])
        env.flush_all()
        env.cr.execute(SQL(
            """UPDATE marketplace_order SET accept_deadline = now() at time zone 'UTC' - interval '1 minute',
                                            deadline_check = now() at time zone 'UTC' - interval '1 minute'
                WHERE id = ANY(%s)""", member_orders.ids))
        Order.invalidate_model()
        env.cr.flush()  # what confirming the orders left for commit time
        # What a commit does first (flush, Odoo's tracking messages) is part of each measure.
        seconds, processed = timed(lambda: (Order._cron_marketplace_deadlines(), env.cr.flush())[0])
        release_seconds, released = timed(lambda: (Order._marketplace_release_expired(), env.cr.flush())[0])
    rerouted = Order.search_count([("sale_order_id", "in", orders.ids), ("state", "=", "assigned")])
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_deadlines")
    env.invalidate_all()
    return {"open_orders": background, "nothing_due_ms": round(statistics.median(idle) * 1000, 1),
            "expired": processed, "expiry_seconds": round(seconds, 3),
            "expirations_per_s": round(processed / seconds, 1) if seconds else None,
            "released": released, "rerouted_legs": rerouted, "release_seconds": round(release_seconds, 1),
            "releases_per_s": round(released / release_seconds, 1) if release_seconds else None}


def bench_control_room(env, network, rnd, open_orders=10000, runs=5):
    """The control room's first page over ``open_orders`` open member orders, as the web client
    asks for it: the columns by state (``web_read_group``) and each column's first cards
    (``web_search_read`` with the kanban card's fields), server time only."""
    env.cr.execute("SAVEPOINT bench_control_room")
    _open_member_orders(env, network, rnd, open_orders)
    animator = env.ref("marketplace_base.group_marketplace_animator").users[:1]
    Order = env["marketplace.order"].with_user(animator) if animator else env["marketplace.order"]
    domain = [("state", "in", ("assigned", "accepted", "ready"))]
    specification = {
        "name": {}, "amount_total": {}, "currency_id": {"fields": {}}, "is_late": {}, "deadline": {},
        "store_id": {"fields": {"display_name": {}}}, "company_id": {"fields": {"display_name": {}}},
        "customer_city": {}, "fulfilment": {}, "state": {},
    }

    def first_page():
        Order.invalidate_model()
        env["sale.order"].invalidate_model()
        groups = Order.web_read_group(domain, ["state"], ["state"], lazy=True)["groups"]
        for group in groups:
            Order.web_search_read(group["__domain"], specification, limit=40)
        return groups

    first_page()
    samples = [timed(first_page)[0] for _run in range(runs)]
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_control_room")
    env.invalidate_all()
    return {"open_orders": open_orders, "median_ms": round(statistics.median(samples) * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1)}


def _settlement_lines(env, network, rnd, lines, members):
    """Write ``lines`` eligible member order lines (delivered, captured, past the withdrawal
    period, two per member order) spread over ``members`` members, in SQL; every member of them
    accepted self-billing, no subscription. Returns (member order ids, member store ids)."""
    from odoo.tools import SQL  # noqa: PLC0415

    sale_orders = _routing_orders(env, network, rnd, 50, lines=1)
    env.flush_all()
    sale_lines = sale_orders.order_line
    stores = []
    seen = set()
    for store in network["stores"]:
        if store.company_id.id not in seen:
            seen.add(store.company_id.id)
            stores.append(store.id)
    stores = stores[:members]
    orders = lines // 2
    env.cr.execute(SQL(
        """INSERT INTO marketplace_order (name, sale_order_id, store_id, company_id, fulfilment, state, payment_state,
                                          assigned_date, delivered_date, amount_total, commission_fee, commission_total,
                                          create_uid, write_uid, create_date, write_date)
           SELECT 'SETTLE-' || n, (%(sale_orders)s)[1 + mod(n, %(sale_count)s)], w.id, w.company_id, 'ship',
                  'delivered', 'captured', now() at time zone 'UTC' - interval '25 days',
                  now() at time zone 'UTC' - interval '20 days', 179.80, 0, 21.58, 1, 1,
                  now() at time zone 'UTC', now() at time zone 'UTC'
             FROM generate_series(1, %(orders)s) AS n
             JOIN stock_warehouse w ON w.id = (%(stores)s)[1 + mod(n, %(store_count)s)]
        RETURNING id, company_id, sale_order_id""",
        sale_orders=sale_orders.ids, sale_count=len(sale_orders), stores=stores, store_count=len(stores),
        orders=orders))
    rows = env.cr.fetchall()
    line_of_order = {line.order_id.id: line for line in sale_lines}
    env.cr.execute(SQL(
        """INSERT INTO marketplace_order_line (order_id, sale_line_id, company_id, state, product_id, quantity,
                                               price_unit, amount, commission_rate, commission_base,
                                               commission_amount, commission_date, create_uid, write_uid,
                                               create_date, write_date)
           SELECT o.id, o.sale_line_id, o.company_id, 'delivered', o.product_id, 1, 89.90, 89.90, 12, 89.90, 10.79,
                  now() at time zone 'UTC' - interval '20 days', 1, 1, now() at time zone 'UTC',
                  now() at time zone 'UTC'
             FROM unnest(%(ids)s::int[], %(companies)s::int[], %(sale_lines)s::int[], %(products)s::int[])
                  AS o(id, company_id, sale_line_id, product_id)
            CROSS JOIN generate_series(1, 2)""",
        ids=[row[0] for row in rows], companies=[row[1] for row in rows],
        sale_lines=[line_of_order[row[2]].id for row in rows],
        products=[line_of_order[row[2]].product_id.id for row in rows]))
    env["marketplace.order"].invalidate_model()
    env["marketplace.order.line"].invalidate_model()
    env.cr.execute("ANALYZE marketplace_order")
    env.cr.execute("ANALYZE marketplace_order_line")
    env["res.company"]._marketplace_hub().marketplace_subscription_fee = 0.0
    # Every member of the bench accepted self-billing (a settlement leaves the others out).
    env.cr.execute(SQL("UPDATE res_company SET marketplace_self_billing_date = '2026-01-05' WHERE id = ANY(%s)",
                       [row[1] for row in rows]))
    env["res.company"].invalidate_model(["marketplace_self_billing_date"])
    env.flush_all()
    return [row[0] for row in rows], stores


def bench_reporting(env, network, rnd, lines=100000, members=1600, runs=7):
    """*Marketplace › Reporting* over ``lines`` member order lines (``_settlement_lines``, their
    orders spread over a year): the server time of what the graph and pivot views ask
    (``read_group`` of the database views, an animator reading every member's rows and a member
    its own), against the naive way (every line read, summed in Python), median of ``runs``."""
    from odoo.tools import SQL  # noqa: PLC0415

    env.cr.execute("SAVEPOINT bench_reporting")
    order_ids, _stores = _settlement_lines(env, network, rnd, lines, members)
    env.cr.execute(SQL(
        """UPDATE marketplace_order SET assigned_date = now() at time zone 'UTC' - (mod(id, 365) || ' days')::interval,
                  accepted_date = now() at time zone 'UTC' - (mod(id, 365) || ' days')::interval + interval '2 hours'
            WHERE id = ANY(%s)""", order_ids))
    env.invalidate_all()
    animator = env.ref("marketplace_base.group_marketplace_animator").users.filtered(
        lambda user: not user.has_group("marketplace_base.group_marketplace_admin"))[:1]
    member_company = env["marketplace.order"].browse(order_ids[0]).company_id
    member = env["res.users"].search([
        ("company_ids", "in", member_company.ids), ("share", "=", False),
        ("groups_id", "in", env.ref("marketplace_base.group_marketplace_member").ids),
        ("groups_id", "not in", env.ref("marketplace_base.group_marketplace_animator").ids)], limit=1)
    if not member:  # the generated network's members have no logins: one, for the measure
        member = env["res.users"].create({
            "name": "Membre du banc", "login": f"bench-member-{rnd.random()}", "company_id": member_company.id,
            "company_ids": [(6, 0, member_company.ids)],
            "groups_id": [(6, 0, env.ref("marketplace_base.group_marketplace_member").ids)]})
    result_member = {"member_rows": env["marketplace.sales.report"].with_user(member).search_count([])}
    views = {
        "sales_per_month_and_member": ("marketplace.sales.report", ["amount:sum", "commission:sum"],
                                       ["company_id", "date:month"]),
        "sales_per_brand_and_category": ("marketplace.sales.report", ["amount:sum", "quantity:sum"],
                                         ["brand_id", "categ_id"]),
        "orders_per_day_and_state": ("marketplace.order.report", ["__count"], ["date:day", "state"]),
        "acceptance_per_member_and_store": ("marketplace.order.report", ["acceptance_hours:avg"],
                                            ["company_id", "store_id"]),
        "payouts_per_month_and_member": ("marketplace.settlement", ["payout:sum"], ["member_id", "date:month"]),
    }

    def median_ms(func):
        func()
        samples = sorted(timed(func)[0] for _run in range(runs))
        return round(samples[len(samples) // 2] * 1000, 1)

    result = {"lines": lines, "orders": len(order_ids), **result_member}
    for user_name, user in (("animator", animator), ("member", member)):
        for name, (model, aggregates, groupby) in views.items():
            Model = env[model].with_user(user) if user else env[model]

            def read(Model=Model, aggregates=aggregates, groupby=groupby):
                Model.invalidate_model()
                return Model.read_group([], aggregates, groupby, lazy=False)
            result[f"{user_name}_{name}_ms"] = median_ms(read)

    def naive():
        """Every line read by the ORM, summed per month and member in Python."""
        Line = env["marketplace.order.line"].with_user(animator) if animator else env["marketplace.order.line"]
        Line.invalidate_model()
        totals = {}
        for line in Line.search_read([], ["company_id", "amount", "commission_amount", "order_id"]):
            key = line["company_id"][0]
            totals[key] = totals.get(key, 0.0) + (line["amount"] or 0.0)
        return totals
    naive_ms = median_ms(naive)
    result["naive_sales_per_member_ms"] = naive_ms
    result["ratio_vs_naive"] = round(naive_ms / result["animator_sales_per_month_and_member_ms"], 1)
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_reporting")
    env.invalidate_all()
    return result


def bench_settlement(env, network, rnd, lines=100000, members=1600, conf=None, workers=(1, 2)):
    """The settlement over ``lines`` eligible member order lines spread over ``members`` members
    (``_settlement_lines``): in this process, rolled back (time and peak memory); then, with
    ``conf``, as production runs it, jobs of 20 members run by 1 and then 2 job workers."""
    env.cr.execute("SAVEPOINT bench_settlement")
    _order_ids, stores = _settlement_lines(env, network, rnd, lines, members)
    Settlement = env["marketplace.settlement"]
    with _no_cron_commit():
        seconds, settlements, peak_mb = _timed_rss(lambda: (Settlement._marketplace_settle(), env.cr.flush())[0])
    settled = env["marketplace.order.line"].search_count([("settlement_id", "in", settlements.ids)])
    moves = len(settlements.move_ids)
    floor = _odoo_invoice_floor(env, settlements.move_ids[:200])
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_settlement")
    env.invalidate_all()
    result = {"lines": lines, "members": len(stores), "seconds": round(seconds, 1),
              "lines_per_s": round(settled / seconds, 1) if seconds else None, "settled_lines": settled,
              "settlements": len(settlements), "invoices": moves, "peak_rss_growth_mb": round(peak_mb, 1),
              "ms_per_invoice": round(seconds * 1000 / moves, 1) if moves else None,
              "odoo_ms_per_invoice": floor, "odoo_floor_s": round(floor * moves / 1000, 1) if floor else None}
    if conf:
        result["job_workers"] = _bench_settlement_workers(env, network, rnd, lines, members, conf, workers)
    return result


def _bench_settlement_workers(env, network, rnd, lines, members, conf, workers):
    """The scheduled action's jobs (20 members each, ``root.marketplace.settlement``) run by
    ``n`` job workers (``scripts/lib/job_worker.py`` processes) for each ``n`` of ``workers``,
    on the same committed lines, the settlements undone in between: wall time of each, speed-up."""
    import subprocess  # noqa: PLC0415

    order_ids, _stores = _settlement_lines(env, network, rnd, lines, members)
    env.cr.commit()
    Settlement = env["marketplace.settlement"]
    worker = Path(__file__).resolve().parent / "lib" / "job_worker.py"
    channel = "root.marketplace.settlement"
    runs = {}
    try:
        for count in workers:
            env.cr.execute("DELETE FROM queue_job WHERE channel = %s", [channel])
            jobs = Settlement._cron_marketplace_settle(batch_size=20)
            env.cr.commit()
            processes = [subprocess.Popen(  # noqa: S603 - our own script
                [sys.executable, str(worker), conf, env.cr.dbname, channel],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(count)]
            for process in processes:  # Odoo loaded in each, as in a running worker
                assert process.stdout.readline().strip() == "READY"
            start = time.perf_counter()
            for process in processes:  # all at once
                process.stdin.write("go\n")
                process.stdin.close()
            ran = [int(process.stdout.read().strip() or 0) for process in processes]
            for process in processes:
                process.wait()
            seconds = time.perf_counter() - start
            env.invalidate_all()
            env.cr.execute("SELECT state, COUNT(*) FROM queue_job WHERE channel = %s GROUP BY state", [channel])
            states = dict(env.cr.fetchall())
            env.cr.execute("""SELECT COUNT(DISTINCT settlement_id), COUNT(settlement_id) FROM marketplace_order_line
                               WHERE order_id = ANY(%s)""", [order_ids])
            settlements, settled = env.cr.fetchone()
            runs[count] = {"seconds": round(seconds, 1), "jobs": jobs, "jobs_per_worker": ran, "job_states": states,
                           "settlements": settlements, "settled_lines": settled,
                           "lines_per_s": round(settled / seconds, 1)}
            print(f"settlement with {count} job worker(s): {runs[count]}", flush=True)
            _undo_settlements(env, order_ids)
            env.cr.commit()
    finally:
        _undo_settlements(env, order_ids)
        env.cr.execute("DELETE FROM queue_job WHERE channel = %s", [channel])
        env.cr.execute("DELETE FROM marketplace_order_line WHERE order_id = ANY(%s)", [order_ids])
        env.cr.execute("DELETE FROM marketplace_order WHERE id = ANY(%s)", [order_ids])
        env.cr.commit()
        env.invalidate_all()
    fewest, most = runs.get(min(workers)), runs.get(max(workers))  # whatever order they ran in
    if fewest and most and most["seconds"]:
        runs["speed_up"] = round(fewest["seconds"] / most["seconds"], 2)
    return runs


def _undo_settlements(env, order_ids):
    """Remove the settlements of these member orders' lines and their invoices (SQL)."""
    env.cr.execute("""SELECT DISTINCT settlement_id FROM marketplace_order_line
                       WHERE order_id = ANY(%s) AND settlement_id IS NOT NULL""", [order_ids])
    settlements = [row[0] for row in env.cr.fetchall()]
    if settlements:
        env.cr.execute("UPDATE marketplace_order_line SET settlement_id = NULL WHERE settlement_id = ANY(%s)",
                       [settlements])
        env.cr.execute("""DELETE FROM account_move_line WHERE move_id IN
                          (SELECT id FROM account_move WHERE marketplace_settlement_id = ANY(%s))""", [settlements])
        env.cr.execute("DELETE FROM account_move WHERE marketplace_settlement_id = ANY(%s)", [settlements])
        env.cr.execute("DELETE FROM marketplace_settlement WHERE id = ANY(%s)", [settlements])
    env.invalidate_all()


def _odoo_invoice_floor(env, sample):
    """Odoo's own cost of an invoice like the settlement's (the same partner, type, lines and
    taxes), created and posted in one batch the plain way: milliseconds an invoice."""
    from odoo import Command  # noqa: PLC0415

    if not sample:
        return None
    vals_list = [{
        "move_type": move.move_type, "partner_id": move.partner_id.id, "company_id": move.company_id.id,
        "invoice_date": move.invoice_date,
        "invoice_line_ids": [Command.create({"name": line.name, "quantity": line.quantity,
                                             "price_unit": line.price_unit, "tax_ids": [Command.set(line.tax_ids.ids)]})
                             for line in move.invoice_line_ids],
    } for move in sample]
    Move = env["account.move"].with_company(sample.company_id[:1])
    seconds, _moves = timed(lambda: (Move.create(vals_list).action_post(), env.flush_all()))
    return round(seconds * 1000 / len(sample), 1)


def bench_pickup(env, network, rnd, naive_stores=50):
    """The shop's product page (combination info: network availability, shops near the customer,
    greyed sizes) and the pick-up shop list (from the product page and at checkout), server time,
    over the network's stores; naive: website_sale_collect's own list, which asks each warehouse
    its stock (measured on ``naive_stores`` stores, for all of them)."""
    from odoo.addons.website.tools import MockRequest  # noqa: PLC0415
    from odoo.addons.website_sale_collect import utils  # noqa: PLC0415

    hub = env["res.company"]._marketplace_hub()
    website = env["website"].search([("company_id", "=", hub.id)], limit=1)
    carrier = env.ref("website_sale_collect.carrier_pick_up_in_store")
    env.cr.execute("SAVEPOINT bench_pickup")
    order = _routing_orders(env, network, rnd, 1, lines=2)[:1]
    order.write({"website_id": website.id, "carrier_id": carrier.id})
    customer = order.partner_shipping_id
    customer.geo_localize()
    user = env["res.users"].create({"name": "Client banc", "login": f"bench-pickup-{rnd.random()}",
                                    "partner_id": customer.id,
                                    "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
    variant = order.order_line[:1].product_id
    variant.product_tmpl_id.is_published = True
    template = variant.product_tmpl_id.with_user(user).with_context(website_id=website.id)
    stores = env["stock.warehouse"].sudo().search([("marketplace_store", "=", True)])

    def median_ms(func, *args, **kwargs):
        func(*args, **kwargs)  # warm the caches, as a running server has them
        runs = sorted(timed(func, *args, **kwargs)[0] for _i in range(9))
        return round(runs[len(runs) // 2] * 1000, 1)

    with MockRequest(env(user=user), website=website.with_user(user), sale_order_id=order.id):
        page_ms = median_ms(template._get_combination_info, product_id=variant.id)
        near = template._get_combination_info(product_id=variant.id).get("marketplace_stores_near")
        product_list_ms = median_ms(carrier._in_store_get_close_locations, customer, product_id=str(variant.id))
    with MockRequest(env, website=website, sale_order_id=order.id):
        checkout_ms = median_ms(order._get_pickup_locations)
        listed = len(order._get_pickup_locations().get("pickup_locations", []))
    start = time.perf_counter()
    for store in stores[:naive_stores]:
        utils.format_product_stock_values(variant.sudo(), wh_id=store.id)
        utils.calculate_partner_distance(customer, store.partner_id)
    naive_per_store_ms = (time.perf_counter() - start) * 1000 / min(naive_stores, len(stores))
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_pickup")
    env.invalidate_all()
    naive_ms = naive_per_store_ms * len(stores)
    return {"stores": len(stores), "product_page_ms": page_ms, "shops_near": near,
            "product_page_pickup_list_ms": product_list_ms, "checkout_pickup_list_ms": checkout_ms,
            "listed": listed, "naive_ms_per_store": round(naive_per_store_ms, 2),
            "naive_ms_all_stores": round(naive_ms), "ratio_vs_naive": round(naive_ms / checkout_ms, 1)}


MEASURES = ("availability", "availability_2000_stores", "export", "export_100000", "import",
            "feed_10pct_changed", "feed_all_changed", "enrolment", "routing", "confirm_1000_orders",
            "deadline_cron_100000", "control_room_10000", "settlement", "pickup_2000_stores", "reporting")
IMPORT_SIZES = ("38", "38.5", "39", "39.5", "40", "40.5", "41", "42", "43", "44")


def bench_import(env, lines, naive_lines):
    """Supplier catalogue import of ``lines`` new variants (10 sizes a model), then the same file
    again (nothing to change); rolled back. Naive: each model created with its size line, then each
    variant given its barcode and prices, through the ORM."""
    from odoo.addons.marketplace_catalog.utils import make_ean13  # noqa: PLC0415 - needs the registry's addons path

    run = int(time.time()) % 100000
    out = io.StringIO()
    out.write("supplier_ref;barcode;name;brand;manufacturer;department;family;subfamily;colour;material;size;"
              "purchase_price;rrp\n")
    for number in range(lines):
        model, size = divmod(number, len(IMPORT_SIZES))
        out.write(f"BENCH-{run}-{model:05d};{make_ean13(run * 100000 + number, '28')};Bottine {model};"
                  f"Marque {model % 30:02d};Fabricant;Femme;Bottes;Bottines;Noir;Cuir;{IMPORT_SIZES[size]};"
                  "35,50;89,90\n")
    data = base64.b64encode(out.getvalue().encode("utf-8"))
    Import = env["marketplace.catalog.import"].sudo()
    env.cr.execute("SAVEPOINT bench_import")
    wizard = Import.create({"file": data, "filename": "bench.csv", "dry_run": False})
    seconds, _result = timed(wizard.action_import)
    again = Import.create({"file": data, "filename": "bench.csv", "dry_run": False})
    again_seconds, _result = timed(again.action_import)
    created, unchanged = wizard.created_count, again.unchanged_count
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_import")
    env.invalidate_all()

    size_attr = env.ref("marketplace_catalog.product_attribute_size")
    env.cr.execute("SAVEPOINT bench_import_naive")
    values = {name: v.id for name, v in Import._get_or_create_sizes(size_attr, set(IMPORT_SIZES)).items()}
    start = time.perf_counter()
    for model in range(naive_lines // len(IMPORT_SIZES)):
        template = env["product.template"].create({
            "name": f"Bottine naïve {model}", "is_storable": True, "marketplace_catalog": True,
            "marketplace_supplier_ref": f"NAIVE-{run}-{model}",
            "attribute_line_ids": [(0, 0, {"attribute_id": size_attr.id,
                                           "value_ids": [(6, 0, [values[s] for s in IMPORT_SIZES])]})],
        })
        for index, variant in enumerate(template.product_variant_ids):
            variant.write({"barcode": make_ean13(run * 100000 + 90000 + model * 10 + index, "27"),
                           "marketplace_purchase_price": 35.5, "marketplace_rrp": 89.9})
    naive_seconds = time.perf_counter() - start
    env.cr.execute("ROLLBACK TO SAVEPOINT bench_import_naive")
    env.invalidate_all()
    rate, naive_rate = lines / seconds, naive_lines / naive_seconds
    return {
        "lines": lines, "created": created, "seconds": round(seconds, 1), "lines_per_s": round(rate),
        "reimport_unchanged": unchanged, "reimport_seconds": round(again_seconds, 1),
        "naive_lines_per_s": round(naive_rate, 1), "ratio_vs_naive": round(rate / naive_rate, 1),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--factor", type=float, default=0.05)
    parser.add_argument("--naive-lines", type=int, default=200)
    parser.add_argument("--naive-stores", type=int, default=100)
    parser.add_argument("--feed-lines", type=int, default=20000,
                        help="lines of the benchmarked stock feed (the catalogue is grown to match)")
    parser.add_argument("--import-lines", type=int, default=20000,
                        help="new variants in the benchmarked supplier catalogue import")
    parser.add_argument("--settle-lines", type=int, default=100000, help="eligible lines of the settlement measure")
    parser.add_argument("--settle-members", type=int, default=1600, help="members they are spread over")
    parser.add_argument("--settle-workers", default="1,2",
                        help="job workers of the parallel settlement runs, in this order (e.g. 2,1)")
    parser.add_argument("--empty-db", help="a database with the suite and no network, for the enrolment measure")
    parser.add_argument("--only", action="append", choices=MEASURES,
                        help="run only this measure (repeatable); all of them by default")
    args = parser.parse_args()
    only = set(args.only or MEASURES)
    config.parse_config(["-c", args.config, "-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    from tests.scale.generate import generate  # needs the addons path set up by the registry
    rnd = random.Random(7)
    results = {"factor": args.factor}
    with contextlib.ExitStack() as stack:
        env = odoo.api.Environment(stack.enter_context(registry.cursor()), odoo.SUPERUSER_ID, {})
        empty_env = None
        if args.empty_db and "enrolment" in only:
            empty_registry = odoo.modules.registry.Registry(args.empty_db)
            empty_env = odoo.api.Environment(stack.enter_context(empty_registry.cursor()), odoo.SUPERUSER_ID, {})
        seconds, network = timed(generate, env, args.factor, min_variants=args.feed_lines)
        results["generate"] = {"members": network["counts"]["members"], "stores": len(network["stores"]),
                               "variants": len(network["variants"])}
        results["generate"].update(quants=network["quants"], seconds=round(seconds, 1),
                                   timings={k: v if isinstance(v, list) else round(v, 1)
                                            for k, v in network["timings"].items()})
        print(f"generated {results['generate']}", flush=True)
        measures = {
            "availability": lambda: bench_availability(env, network, rnd, args.naive_stores),
            "availability_2000_stores": lambda: bench_availability_at_scale(env, network),
            "export": lambda: bench_export(env, network),
            "export_100000": lambda: bench_export_at_scale(env, network),
            "import": lambda: bench_import(env, args.import_lines, args.naive_lines),
            "feed_10pct_changed": lambda: bench_feed(env, network, rnd, 0.1, args.naive_lines, args.feed_lines),
            "feed_all_changed": lambda: bench_feed(env, network, rnd, 1.0, args.naive_lines, args.feed_lines),
            "enrolment": lambda: bench_enrolment(env, empty_env),
            "routing": lambda: bench_routing(env, network, rnd),
            "confirm_1000_orders": lambda: bench_confirm(env, network, rnd),
            "deadline_cron_100000": lambda: bench_deadline_cron(env, network, rnd),
            "control_room_10000": lambda: bench_control_room(env, network, rnd),
            "settlement": lambda: bench_settlement(
                env, network, rnd, args.settle_lines, args.settle_members, conf=args.config,
                workers=tuple(int(n) for n in args.settle_workers.split(","))),
            "pickup_2000_stores": lambda: bench_pickup(env, network, rnd),
            "reporting": lambda: bench_reporting(env, network, rnd, args.settle_lines, args.settle_members),
        }
        for name in MEASURES:
            if name in only:
                results[name] = measures[name]()
                print(f"{name}: {results[name]}", flush=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
