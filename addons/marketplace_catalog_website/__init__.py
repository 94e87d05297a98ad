from . import controllers, models, wizard


def post_init_hook(env):
    env["product.template"]._marketplace_stop_selling_out_of_stock()
    # Shoe shops sell to consumers: the shop shows prices VAT included (Odoo's default excludes it).
    env["website"]._marketplace_show_prices_vat_included()
    # The shop's category pages: the nomenclature of the models already in the catalogue.
    catalogue = env["product.template"].with_context(active_test=False).search([("marketplace_catalog", "=", True)])
    catalogue._marketplace_sync_category_mirrors()
    catalogue._marketplace_sync_filter_attributes()  # the shop's filters: brand, colour, material
