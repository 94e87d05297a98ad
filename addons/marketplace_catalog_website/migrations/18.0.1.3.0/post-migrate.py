"""18.0.1.3.0: the shop's categories mirror the catalogue's nomenclature (its category pages), its
filters are the models' brand, colour and material; the shop shows prices VAT included."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    catalogue = env["product.template"].with_context(active_test=False).search([("marketplace_catalog", "=", True)])
    catalogue._marketplace_sync_category_mirrors()
    catalogue._marketplace_sync_filter_attributes()  # the shop's filters: brand, colour, material
    env["website"]._marketplace_show_prices_vat_included()
