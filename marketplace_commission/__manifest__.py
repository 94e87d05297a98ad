{
    "name": "Marketplace: commission",
    "version": "18.0.1.0.0",
    "category": "Sales/Marketplace",
    "summary": "Commission rules of the hub, commission stored on each delivered or collected member order line",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_orders"],
    "data": [
        "security/ir.model.access.csv",
        "views/marketplace_commission_rule_views.xml",
        "views/marketplace_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/marketplace_commission_menus.xml",
    ],
    "demo": ["demo/marketplace_commission_demo.xml"],
}
