"""18.0.1.1.0: the shop sells the network's stock; catalogue products are not sold out of stock."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env["product.template"]._marketplace_stop_selling_out_of_stock()
