# The concerns (abstract models) come first: the models inheriting them are built after them.
from . import marketplace_order_payment, sale_order_ledger  # isort: skip
from . import (
    mail_followers,
    marketplace_order,
    marketplace_order_demo,
    marketplace_order_line,
    marketplace_routing_rule,
    marketplace_stock_feed,
    payment_transaction,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    sale_order,
    sale_order_line,
    stock_move,
    stock_picking,
    stock_warehouse,
)
