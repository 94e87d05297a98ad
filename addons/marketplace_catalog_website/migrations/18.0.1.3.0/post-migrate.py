"""18.0.1.3.0: the shop's categories mirror the catalogue's nomenclature (its category pages); the
shop shows prices VAT included."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env["product.template"].with_context(active_test=False).search(
        [("marketplace_catalog", "=", True)])._marketplace_sync_category_mirrors()
    env["website"].search([]).show_line_subtotals_tax_selection = "tax_included"
