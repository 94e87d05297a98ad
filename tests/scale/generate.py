"""Build a marketplace network at the scale of DESIGN.md, times a factor, for benchmarks.

At factor 1: 1,600 members, 2,000 stores, 50,000 catalogue variants (shoe models in 10 sizes)
and about a million stock quants. Members are companies and stores are real warehouses (made by
the ORM, with their locations and operation types); the catalogue goes through the ORM in
batches; the stock of the stores is written with one COPY, as a full history of stock feeds
would leave it (quants only: no move history).

Members are created without their chart of accounts unless ``with_charts`` is set: the chart
costs about 3 s a member and nothing benchmarked here reads it.
"""
import io
import logging
import random
import time

from odoo.addons.marketplace_catalog.utils import make_ean13

_logger = logging.getLogger(__name__)

TOWNS = [
    ("75001", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("31000", "Toulouse"), ("06000", "Nice"),
    ("44000", "Nantes"), ("67000", "Strasbourg"), ("34000", "Montpellier"), ("33000", "Bordeaux"),
    ("59000", "Lille"), ("35000", "Rennes"), ("51100", "Reims"), ("76600", "Le Havre"), ("42000", "Saint-Étienne"),
    ("83000", "Toulon"), ("38000", "Grenoble"), ("21000", "Dijon"), ("49000", "Angers"), ("30000", "Nîmes"),
    ("63000", "Clermont-Ferrand"), ("72000", "Le Mans"), ("29200", "Brest"), ("37000", "Tours"), ("80000", "Amiens"),
    ("87000", "Limoges"), ("74000", "Annecy"), ("66000", "Perpignan"), ("57000", "Metz"), ("25000", "Besançon"),
    ("45000", "Orléans"), ("68100", "Mulhouse"), ("14000", "Caen"), ("54000", "Nancy"), ("20000", "Ajaccio"),
]
SIZES = ["36", "37", "38", "39", "40", "41", "42", "43", "44", "45"]


def scaled(factor):
    return {
        "members": max(2, round(1600 * factor)),
        "stores": max(2, round(2000 * factor)),
        "variants": max(10, round(50000 * factor)),
        "quants_per_store": 500,
    }


def generate(env, factor=0.01, with_charts=False, seed=42, min_variants=0):
    """Create the network; returns a dict of what was made and how long it took.
    ``min_variants`` raises the catalogue size (a 20,000-line feed needs 20,000 variants)."""
    rnd = random.Random(seed)
    sizes = scaled(factor)
    sizes["variants"] = max(sizes["variants"], min_variants)
    timings = {}
    started = time.perf_counter()
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))
    stores = _generate_members(env, sizes, with_charts, rnd, timings)
    timings["members_and_stores_s"] = time.perf_counter() - started
    step = time.perf_counter()
    variants = _generate_catalogue(env, sizes["variants"], rnd)
    timings["catalogue_s"] = time.perf_counter() - step
    step = time.perf_counter()
    quants = _generate_stock(env, stores, variants, sizes["quants_per_store"], rnd)
    timings["stock_s"] = time.perf_counter() - step
    env.cr.commit()
    return {"stores": stores, "variants": variants, "quants": quants, "timings": timings, "counts": sizes}


def _generate_members(env, sizes, with_charts, rnd, timings=None):
    """Members and their stores through the ORM, as the enrolment makes them (without their
    chart of accounts, their Point of Sale and their login unless asked). ``timings`` gets the
    seconds each hundred members took: a member must cost the same whatever the network's size."""
    Company = env["res.company"].sudo()
    france = env.ref("base.fr")
    eur = env.ref("base.EUR")
    existing = Company.search_count([("marketplace_member_code", "=like", "G%")])
    stores = env["stock.warehouse"]
    if timings is not None:
        timings["_last"] = time.perf_counter()
    for index in range(existing, sizes["members"]):
        zip_code, city = TOWNS[index % len(TOWNS)]
        company = Company._marketplace_create_company({
            "name": f"Chaussures Réseau {index + 1:04d}",
            "marketplace_role": "member",
            "marketplace_member_code": f"G{index + 1:04d}",
            "marketplace_state": "active",
            "country_id": france.id,
            "currency_id": eur.id,
            "zip": zip_code,
            "city": city,
        })
        if with_charts:
            env["account.chart.template"].try_loading("fr", company, install_demo=False)
        store_count = 2 if index < sizes["stores"] - sizes["members"] else 1
        for number in range(1, store_count + 1):
            stores |= company._marketplace_create_store({
                "name": f"{company.name} {city} {number}", "code": f"G{index + 1:04d}-{number:02d}",
                "street": f"{index % 90 + 1} rue du Commerce", "zip": zip_code, "city": city,
            }, create_pos=False)
        if index % 50 == 0:
            env.cr.commit()
            _logger.info("generated %d members", index + 1)
        if timings is not None and (index + 1) % 100 == 0:
            now = time.perf_counter()
            timings.setdefault("seconds_per_100_members", []).append(round(now - timings["_last"], 1))
            timings["_last"] = now
    if timings is not None:
        timings.pop("_last", None)
    return env["stock.warehouse"].sudo().search([("marketplace_store_code", "=like", "G%")])


def _generate_catalogue(env, variant_count, rnd):
    size_attr = env.ref("marketplace_catalog.product_attribute_size")
    values = {v.name: v for v in size_attr.value_ids}
    for name in SIZES:
        if name not in values:
            values[name] = env["product.attribute.value"].create({"name": name, "attribute_id": size_attr.id})
    brands = env["marketplace.brand"].search([("name", "like", "Marque %")])
    if not brands:
        brands = env["marketplace.brand"].create([{"name": f"Marque {i:02d}"} for i in range(40)])
    categ = env.ref("marketplace_catalog.product_category_catalog")
    Template = env["product.template"].with_context(create_product_product=True)
    done = env["product.product"].search_count([("barcode", "=like", "21%")])
    model_index = done // len(SIZES)
    while done < variant_count:
        batch = []
        for _i in range(100):
            model_index += 1
            batch.append({
                "name": f"Modèle {model_index:05d}",
                "marketplace_catalog": True,
                "is_storable": True,
                "categ_id": categ.id,
                "marketplace_brand_id": brands[model_index % len(brands)].id,
                "marketplace_supplier_ref": f"SUP-{model_index:05d}",
                "marketplace_colour": rnd.choice(["Noir", "Marron", "Blanc", "Bleu marine", "Camel"]),
                "marketplace_material": rnd.choice(["Cuir", "Daim", "Toile", "Synthétique"]),
                "list_price": 79.9,
                "attribute_line_ids": [(0, 0, {"attribute_id": size_attr.id,
                                               "value_ids": [(6, 0, [values[s].id for s in SIZES])]})],
            })
        templates = Template.create(batch)
        for template in templates:
            for variant in template.product_variant_ids:
                done += 1
                variant.write({"barcode": make_ean13(done, "21"), "marketplace_purchase_price": 35.0,
                               "marketplace_rrp": 79.9})
        env.cr.commit()
        _logger.info("generated %d variants", done)
    return env["product.product"].search([("barcode", "=like", "21%")], order="id").ids


def _generate_stock(env, stores, variant_ids, per_store, rnd):
    """Quants of each store that has none yet: ``per_store`` variants with 1 to 6 pairs, one COPY."""
    env.cr.execute("SELECT DISTINCT l.warehouse_id FROM stock_quant q JOIN stock_location l ON l.id = q.location_id"
                   " WHERE l.warehouse_id = ANY(%s)", [stores.ids])
    stocked = {row[0] for row in env.cr.fetchall()}
    buffer = io.StringIO()
    count = 0
    for store in stores.filtered(lambda s: s.id not in stocked):
        location = store.lot_stock_id.id
        company = store.company_id.id
        for product_id in rnd.sample(variant_ids, min(per_store, len(variant_ids))):
            buffer.write(f"{product_id}\t{company}\t{location}\t{rnd.randint(1, 6)}\t0\tnow\n")
            count += 1
    buffer.seek(0)
    env.cr.copy_expert(
        "COPY stock_quant (product_id, company_id, location_id, quantity, reserved_quantity, in_date) FROM STDIN",
        buffer,
    )
    env.invalidate_all()
    return count
