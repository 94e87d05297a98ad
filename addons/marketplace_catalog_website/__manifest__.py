{
    "name": "Marketplace: catalogue prices and network stock on the website",
    "version": "18.0.1.3.0",
    "category": "Website/Website",
    "summary": "The shop sells the network's stock at catalogue prices with the hub's catalogue VAT (VAT included)",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_catalog_sale", "website_sale_stock"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/product_attribute_data.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/marketplace_catalog_website_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "marketplace_catalog_website/static/src/js/website_sale.js",
            "marketplace_catalog_website/static/src/xml/product_availability.xml",
        ],
        "web.assets_tests": ["marketplace_catalog_website/static/tests/tours/**/*"],
    },
    "post_init_hook": "post_init_hook",
    "auto_install": True,
}
