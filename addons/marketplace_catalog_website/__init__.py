from . import controllers, models, wizard


def post_init_hook(env):
    env["product.template"]._marketplace_stop_selling_out_of_stock()
    env["website"]._marketplace_set_up_shop()
