from . import (
    marketplace_brand,
    marketplace_catalog_export,
    product_category,
    product_public_category,
    product_template,
    res_company,
    res_config_settings,
    sale_order,
    website,
)
