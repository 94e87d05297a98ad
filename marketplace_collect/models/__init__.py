from . import (
    delivery_carrier,
    marketplace_order,
    pos_order,
    pos_order_line,
    product_template,
    sale_order,
    stock_picking,
    stock_warehouse,
    website,
)
