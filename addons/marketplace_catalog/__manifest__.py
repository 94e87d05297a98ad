{
    "name": "Marketplace: catalogue and store stock feeds",
    "version": "18.0.1.0.0",
    "category": "Sales/Marketplace",
    "summary": "Shared shoe catalogue (référencier), store stock feeds, published availability",
    "description": """
The hub keeps one catalogue for the whole network and every store publishes its stock into it.

* catalogue fields on shared products: brand, manufacturer, supplier reference, nomenclature,
  colour, material, size variants, EAN-13 per variant, purchase and recommended prices;
* stock feeds (``marketplace.stock.feed.submit``) in delta or full mode, from the API or a CSV
  upload: bad lines are rejected and reported, good lines always applied through Odoo's
  inventory moves;
* published availability per store and across the network, in a few queries.
""",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_base", "product", "stock", "point_of_sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/marketplace_catalog_security.xml",
        "data/product_attribute_data.xml",
        "views/marketplace_brand_views.xml",
        "views/product_template_views.xml",
        "views/marketplace_stock_feed_views.xml",
        "views/marketplace_catalog_export_views.xml",
        "views/stock_warehouse_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/marketplace_stock_feed_upload_views.xml",
        "wizard/marketplace_catalog_import_views.xml",
    ],
    "demo": ["demo/marketplace_catalog_demo.xml"],
    "installable": True,
}
