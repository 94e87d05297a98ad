# Read by `odoo shell` on the demo database (scripts/test): what a user of the demo expects.
# ruff: noqa: F821 - `env` is the shell's
hub = env["res.company"]._marketplace_hub()
problems = []
if hub.chart_template != "fr" or hub.currency_id.name != "EUR":
    problems.append(f"the hub runs on {hub.chart_template} in {hub.currency_id.name}, not France's chart in EUR")
if not hub.marketplace_catalog_tax_id.price_include:
    problems.append("the hub has no catalogue VAT (price included)")
if not env["marketplace.order"].search_count([]):
    problems.append("no demo member order")
collect = env["marketplace.order"].search([("fulfilment", "=", "collect"), ("state", "=", "ready")])
if sorted(collect.mapped("pickup_code")) != ["PAYEZ234", "VENEZ234"]:
    problems.append("the click & collect demo orders (VENEZ234, PAYEZ234) are not ready in their shops")
if env.ref("base.user_admin").company_id != hub:
    problems.append("the administrator does not work in the hub")
homes = {"martin": "marketplace_orders.action_marketplace_order",
         "claire": "marketplace_orders.action_marketplace_control_room",
         "admin": "marketplace_orders.action_marketplace_control_room"}
for login, action in homes.items():
    user = env["res.users"].search([("login", "=", login)])
    if user.action_id.id != env.ref(action).id:
        problems.append(f"{login} does not land on {action} but on {user.action_id.name or 'Discuss'}")
shoes = env["product.template"].search([("marketplace_catalog", "=", True), ("marketplace_supplier_ref", "!=", False)])
if not shoes or not all(shoes.mapped("marketplace_validated")):
    problems.append("the demo catalogue is not validated for sale")
if not shoes.filtered("is_published"):
    problems.append("no demo catalogue model is on the shop")
martin = env["res.company"].search([("marketplace_member_code", "=", "A001")])
settled = env["marketplace.settlement"].search([("member_id", "=", martin.id)])
if not settled or not settled.line_ids:
    problems.append("martin has no settlement of last month's sales to download")
# The shop is the network's shoe shop, not Odoo's furniture demo (issue 22, item 1).
website = env["website"].search([("company_id", "=", hub.id)], order="id", limit=1)
if website.name != hub.name or not website.logo or env["website"].search_count([]) != 1:
    problems.append(f"the shop is {env['website'].search([]).mapped('name')}, not the network's {hub.name} alone")
pricelists = env["product.pricelist"].search([])
if len(pricelists) != 1 or pricelists.currency_id.name != "EUR":
    problems.append(f"the shop offers the pricelists {pricelists.mapped('name')}, not one in euros")
furniture = env["product.template"].search([("marketplace_catalog", "=", False), ("is_published", "=", True)])
if furniture:
    problems.append(f"products outside the catalogue are on the shop: {furniture[:3].mapped('name')}")
if env["product.public.category"].search_count([("marketplace_categ_id", "=", False)]):
    problems.append("the shop has categories outside the catalogue's nomenclature")
if not all(shoes.mapped("image_1920")):
    problems.append("demo catalogue models have no picture")
if not shoes.public_categ_ids or not shoes.pos_categ_ids:
    problems.append("the demo catalogue has no shop or register categories")
registers = env["pos.config"].search([("company_id.marketplace_role", "=", "member")])
if not registers or not all(registers.mapped("limit_categories")):
    problems.append("the members' registers show Odoo's demo categories")
print("\n".join(problems) if problems else "demo network: ok")
