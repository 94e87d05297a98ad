{
    "name": "Marketplace: hub, members and stores",
    "version": "18.0.1.0.0",
    "category": "Sales/Marketplace",
    "summary": "Hub and member companies, stores, marketplace roles and settings, offline geocoding",
    "description": """
Turns this Odoo into the hub of a marketplace of independent retailers.

* the hub and its members are companies; stores are warehouses with a marketplace code,
  services (ship, click & collect), opening hours and a holiday pause that ends by itself;
* Member, Animator and Administrator groups with multi-company record rules;
* Settings > Marketplace: deadlines, withdrawal period, stock-feed ceiling, safety stock;
* an offline geocoder backed by La Poste's French postcode table (no network call);
* an enrolment wizard that creates a member, its first store, users, French chart of accounts
  and Point of Sale in one step.
""",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": [
        "base_geolocalize",
        "resource",
        "stock",
        "point_of_sale",
        "l10n_fr_account",
        # Odoo installs Peppol e-invoicing when the first French company is created: depending
        # on it keeps a module install (and a registry reload) out of the first enrolment.
        "account_peppol",
    ],
    "data": [
        "security/marketplace_security.xml",
        "security/ir.model.access.csv",
        "data/base_geo_provider_data.xml",
        "data/ir_cron_data.xml",
        "views/marketplace_menus.xml",
        "views/res_company_views.xml",
        "views/stock_warehouse_views.xml",
        "views/marketplace_postcode_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/marketplace_enrolment_wizard_views.xml",
    ],
    "demo": [
        "demo/marketplace_demo.xml",
    ],
    "installable": True,
    "application": True,
}
