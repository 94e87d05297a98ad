{
    "name": "Marketplace: catalogue prices on the website",
    "version": "18.0.1.0.0",
    "category": "Website/Website",
    "summary": "The shop shows catalogue prices with the hub's catalogue VAT (prices VAT included)",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_catalog_sale", "website_sale"],
    "auto_install": True,
}
