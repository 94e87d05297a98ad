{
    "name": "Marketplace: click & collect",
    "version": "18.0.1.0.0",
    "category": "Website/Website",
    "summary": "Pick up in the member shop of the customer's choice: website_sale_collect across the network's stores",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_orders", "marketplace_catalog_website", "website_sale_collect"],
    "data": [
        "data/delivery_carrier_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/delivery_carrier_views.xml",
        "views/marketplace_order_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/marketplace_collect_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": ["marketplace_collect/static/src/pos/**/*"],
        "web.assets_tests": ["marketplace_collect/static/tests/tours/**/*"],
    },
}
