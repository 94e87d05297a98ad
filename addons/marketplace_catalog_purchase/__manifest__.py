{
    "name": "Marketplace: catalogue VAT on purchase orders",
    "version": "18.0.1.0.0",
    "category": "Inventory/Purchase",
    "summary": "Purchase order lines of catalogue products take the company's purchase tax (network prices "
    "excluding VAT)",
    "author": "Marketplace hub",
    "license": "LGPL-3",
    "depends": ["marketplace_catalog", "purchase"],
    "auto_install": True,
}
