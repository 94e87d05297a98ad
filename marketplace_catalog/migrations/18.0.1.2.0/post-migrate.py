"""18.0.1.2.0: each company's catalogue VAT (price included) and catalogue sizes priced at their
recommended retail price (the extra price of the size)."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env["res.company"]._marketplace_set_catalog_taxes()
    env["product.product"].with_context(active_test=False).search(
        [("marketplace_catalog", "=", True)])._marketplace_sync_price_extra()
