from . import controllers, models


def post_init_hook(env):
    env["product.template"]._marketplace_stop_selling_out_of_stock()
