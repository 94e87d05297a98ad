{
    "name": "Marketplace: catalogue VAT on sale orders",
    "version": "18.0.1.0.0",
    "category": "Sales/Marketplace",
    "summary": "Sale order lines of catalogue products take the company's catalogue VAT (prices VAT included)",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_catalog", "sale"],
    "auto_install": True,
}
