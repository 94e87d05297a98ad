{
    "name": "Marketplace: hub, members and stores",
    "version": "18.0.1.2.0",
    "category": "Sales/Marketplace",
    "summary": "Hub and member companies, stores, marketplace roles and settings, offline geocoding",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": [
        "base_geolocalize",
        "mail",
        "resource",
        "stock",
        "point_of_sale",
        "l10n_fr_account",
        # Odoo installs Peppol e-invoicing when the first French company is created: depending
        # on it keeps a module install (and a registry reload) out of the first enrolment.
        "account_peppol",
        # OCA's job queue: long work (big stock feeds, the monthly settlement) leaves the request
        # and is spread over the workers of every application server by its job runner.
        "queue_job",
    ],
    "data": [
        "security/marketplace_security.xml",
        "security/ir.model.access.csv",
        "data/base_geo_provider_data.xml",
        "data/ir_cron_data.xml",
        "data/discuss_channel_data.xml",
        "data/queue_job_channel_data.xml",
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
    "application": True,
    "uninstall_hook": "uninstall_hook",
}
