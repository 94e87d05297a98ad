from . import (
    marketplace_order,
    marketplace_order_demo,
    marketplace_order_line,
    marketplace_routing_rule,
    payment_transaction,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
    sale_order_line,
    stock_picking,
    stock_warehouse,
)
