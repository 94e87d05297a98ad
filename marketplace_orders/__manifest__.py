{
    "name": "Marketplace: member orders and routing",
    "version": "18.0.1.0.0",
    "category": "Sales/Marketplace",
    "summary": "Customer orders routed to the nearest member store with stock, member order screens",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    # payment_demo: the provider with manual capture of the demo network and the tests (disabled
    # unless an administrator enables it).
    "depends": ["marketplace_catalog", "marketplace_catalog_sale", "sale_stock", "mail", "payment_demo"],
    "data": [
        "security/ir.model.access.csv",
        "security/marketplace_orders_security.xml",
        "data/ir_sequence_data.xml",
        "data/marketplace_routing_rule_data.xml",
        "data/ir_cron_data.xml",
        "views/sale_order_views.xml",
        "views/marketplace_order_views.xml",
        "views/marketplace_routing_rule_views.xml",
        "views/marketplace_orders_menus.xml",
        "views/res_config_settings_views.xml",
        "wizard/marketplace_order_refuse_views.xml",
        "wizard/marketplace_order_ship_views.xml",
    ],
    "demo": ["demo/marketplace_orders_demo.xml"],
    "assets": {
        "web.assets_tests": ["marketplace_orders/static/tests/tours/**/*"],
    },
    "application": True,
}
