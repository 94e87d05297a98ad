"""Prepare the load test's network in the database ./scripts/run serves (run by scripts/load --setup).

    python load_setup.py --config .local/odoo.conf --db marketplace_demo --factor 0.1 --out FILE

On top of the demo: the network of tests/scale/generate.py at FACTOR (members, stores, catalogue,
stock), a login per generated member (its code in lower case, the same password), the shop
selling the generated catalogue, the demo payment provider authorising only (capture at
delivery, as the hub runs it), a home delivery and the click & collect carrier, customers with
French addresses (client001…, password = login), registers (Point of Sale with an open session)
in a few members' first stores, and an API key per member for its shop software. Writes FILE:
who logs in and what the registers sell."""
import argparse
import json
import sys
from pathlib import Path

import odoo
from odoo import Command
from odoo.tools import config

REPO = Path(__file__).resolve().parents[2]
# The generated catalogue's variants (tests/scale/generate.py), joined to stock_quant q.
GENERATED = """JOIN product_product p ON p.id = q.product_id
               JOIN product_template t ON t.id = p.product_tmpl_id AND t.marketplace_supplier_ref LIKE 'SUP-%%'"""
STREETS = ["12 rue de la République", "4 place du Marché", "27 avenue Jean Jaurès", "8 rue Victor Hugo",
           "15 boulevard Gambetta", "3 rue des Tanneurs", "41 cours Lafayette", "6 rue Pasteur"]


def member_users(env):
    """A login per generated member: its code in lower case, the same password."""
    Users = env["res.users"].sudo().with_context(no_reset_password=True)
    groups = env.ref("base.group_user") | env["marketplace.enrolment.wizard"]._prepare_user_groups()
    companies = env["res.company"].search([("marketplace_member_code", "=like", "G%")], order="marketplace_member_code")
    logins = {company: company.marketplace_member_code.lower() for company in companies}
    existing = set(Users.search([("login", "in", list(logins.values()))]).mapped("login"))
    Users.create([{
        "name": f"Gérant {company.name}", "login": login, "password": login, "email": f"{login}@example.fr",
        "company_id": company.id, "company_ids": [Command.set(company.ids)], "groups_id": [Command.set(groups.ids)],
        "lang": "fr_FR", "tz": "Europe/Paris",
    } for company, login in logins.items() if login not in existing])
    env.cr.commit()
    return companies


def shop(env, hub):
    """The generated catalogue on sale, the demo provider authorising only, the two carriers."""
    # Validated for sale: on the shop while a store has a size of them (the publication follows).
    env["product.template"].search([("marketplace_supplier_ref", "=like", "SUP-%"),
                                    ("marketplace_validated", "=", False)]).write({"marketplace_validated": True})
    provider = env.ref("payment.payment_provider_demo")
    provider.write({"state": "test", "capture_manually": True, "company_id": hub.id, "is_published": True})
    method = env.ref("payment_demo.payment_method_demo")
    method.active = True
    home = env["delivery.carrier"].search([("delivery_type", "=", "fixed"), ("name", "=", "Colissimo à domicile")],
                                          limit=1)
    if not home:
        fee = env["product.product"].create({"name": "Frais de port", "type": "service", "list_price": 5.9})
        home = env["delivery.carrier"].create({
            "name": "Colissimo à domicile", "delivery_type": "fixed", "fixed_price": 5.9,
            "product_id": fee.id, "is_published": True, "company_id": hub.id})
    home.is_published = True
    collect = env.ref("website_sale_collect.carrier_pick_up_in_store")
    collect.is_published = True
    env.cr.commit()
    return {"provider_id": provider.id, "payment_method_id": method.id, "home_carrier_id": home.id,
            "collect_carrier_id": collect.id}


def customers(env, count):
    """Portal customers with a French address (client001…, password = login)."""
    from tests.scale.generate import TOWNS  # noqa: PLC0415 - the repository's root is on the path
    Users = env["res.users"].sudo().with_context(no_reset_password=True)
    logins = [f"client{n:03d}" for n in range(1, count + 1)]
    existing = set(Users.search([("login", "in", logins)]).mapped("login"))
    france = env.ref("base.fr")
    for n, login in enumerate(logins):
        if login in existing:
            continue
        zip_code, city = TOWNS[n % len(TOWNS)]
        Users.create({
            "name": f"Client Charge {n + 1:03d}", "login": login, "password": login,
            "email": f"{login}@example.fr", "groups_id": [Command.set(env.ref("base.group_portal").ids)],
            "street": STREETS[n % len(STREETS)], "zip": zip_code, "city": city, "country_id": france.id,
            "phone": f"06 12 34 {n // 100:02d} {n % 100:02d}",
        })
    env.cr.commit()
    partners = {user.login: user.partner_id.id for user in Users.search([("login", "in", logins)])}
    return [{"login": login, "password": login, "zip": TOWNS[n % len(TOWNS)][0], "partner_id": partners[login]}
            for n, login in enumerate(logins)]


def registers(env, companies, count):
    """A Point of Sale with an open session in the first store of ``count`` members (their chart
    of accounts first), and what it sells: products in that store's stock, at the catalogue price
    with the member's VAT, as the register's screen computes them."""
    result = []
    for company in companies[:count]:
        if not company.chart_template:
            env["account.chart.template"].try_loading("fr", company, install_demo=False)
            env.cr.commit()
        store = company.marketplace_store_ids.sorted("marketplace_store_code")[:1]
        user = env["res.users"].search([("login", "=", company.marketplace_member_code.lower())])
        config_ = env["pos.config"].search([("picking_type_id", "=", store.pos_type_id.id)], limit=1) \
            or store._marketplace_create_pos()
        session = config_.current_session_id
        if not session:
            session = env["pos.session"].with_company(company).create({"user_id": user.id, "config_id": config_.id})
            session.set_opening_control(0, "")
        env.cr.commit()
        cash = config_.payment_method_ids.filtered("is_cash_count")[:1] or config_.payment_method_ids[:1]
        env.cr.execute(f"""SELECT q.product_id FROM stock_quant q {GENERATED}
                            WHERE q.location_id = %s AND q.quantity >= 1 ORDER BY q.product_id LIMIT 300""",
                       [store.lot_stock_id.id])
        products = env["product.product"].with_company(company).browse([row[0] for row in env.cr.fetchall()])
        sold = []
        for product in products:
            taxes = product._marketplace_taxes(company)
            price = product.lst_price
            amounts = taxes.compute_all(price, company.currency_id, 1, product=product)
            sold.append({"id": product.id, "price": price, "tax_ids": taxes.ids,
                         "excluded": amounts["total_excluded"], "included": amounts["total_included"]})
        result.append({"login": user.login, "password": user.login, "store": store.marketplace_store_code,
                       "warehouse_id": store.id,
                       "config_id": config_.id, "session_id": session.id, "payment_method_id": cash.id,
                       "pricelist_id": config_.pricelist_id.id, "products": sold})
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--factor", type=float, default=0.1)
    parser.add_argument("--registers", type=int, default=8)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    config.parse_config(["-c", args.config, "-d", args.db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    from tests.scale.generate import generate  # noqa: PLC0415 - needs the addons path of the registry
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        network = generate(env, args.factor)
        print(f"network: {len(network['stores'])} stores, {len(network['variants'])} variants", flush=True)  # noqa: T201  # pylint: disable=print-used
        # Stores generated before they had a street (the pick-up address a customer gets).
        env["res.partner"].search([("id", "in", network["stores"].partner_id.ids), ("street", "=", False)]).write(
            {"street": "1 rue du Commerce"})
        companies = member_users(env)
        hub = env["res.company"]._marketplace_hub()
        result = {"shop": shop(env, hub), "customers": customers(env, args.customers),
                  "registers": registers(env, companies, args.registers)}
        stores = env["stock.warehouse"].search([("marketplace_store_code", "=like", "G%")],
                                               order="marketplace_store_code")
        # The shops' software calls with an API key, as an integration does (a password is hashed
        # at every XML-RPC call: 600,000 rounds; a key 6,000).
        keys = {}
        for user in env["res.users"].search([("login", "in", [c.marketplace_member_code.lower() for c in companies])]):
            keys[user.login] = env["res.users.apikeys"].with_user(user).sudo()._generate(
                None, "Logiciel du magasin (test de charge)", None)
        env.cr.commit()
        result["members"] = [{"login": store.company_id.marketplace_member_code.lower(),
                              "password": store.company_id.marketplace_member_code.lower(),
                              "key": keys[store.company_id.marketplace_member_code.lower()],
                              "store": store.marketplace_store_code} for store in stores]
        env.cr.execute(f"""SELECT p.id FROM stock_quant q {GENERATED}
                             JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
                            GROUP BY p.id HAVING SUM(q.quantity) >= 3 ORDER BY p.id LIMIT 3000""")
        result["in_stock"] = [row[0] for row in env.cr.fetchall()]
    Path(args.out).write_text(json.dumps(result))
    print(f"load network ready: {args.out}", flush=True)  # noqa: T201  # pylint: disable=print-used


if __name__ == "__main__":
    main()
