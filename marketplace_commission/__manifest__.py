{
    "name": "Marketplace: commission",
    "version": "18.0.1.0.0",
    "category": "Sales/Marketplace",
    "summary": "Commission rules and amounts, monthly settlements: self-billed bills and commission invoices",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_orders"],
    # xlsxwriter: the accountants' XLSX export (Odoo ships it)
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/marketplace_commission_security.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "views/marketplace_commission_rule_views.xml",
        "views/marketplace_settlement_views.xml",
        "views/marketplace_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/marketplace_commission_menus.xml",
        "wizard/marketplace_invoice_export_views.xml",
    ],
    "demo": ["demo/marketplace_commission_demo.xml"],
}
