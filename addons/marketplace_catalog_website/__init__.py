from . import controllers, models


def post_init_hook(env):
    env["product.template"]._marketplace_stop_selling_out_of_stock()
    # The shop's category pages: the nomenclature of the models already in the catalogue.
    env["product.template"].with_context(active_test=False).search(
        [("marketplace_catalog", "=", True)])._marketplace_sync_category_mirrors()
