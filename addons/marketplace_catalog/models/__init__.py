from . import (
    marketplace_brand,
    marketplace_catalog_export,
    marketplace_stock_feed,
    marketplace_stock_feed_line,
    product_product,
    product_template,
    res_company,
    res_config_settings,
    stock_move,
    stock_move_line,
    stock_quant,
    stock_warehouse,
)
