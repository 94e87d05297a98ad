from . import (
    delivery_carrier,
    marketplace_order,
    marketplace_order_line,
    pos_order,
    pos_order_line,
    product_template,
    res_company,
    res_config_settings,
    sale_order,
    stock_picking,
    stock_warehouse,
    website,
)
