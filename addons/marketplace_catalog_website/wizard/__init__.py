from . import marketplace_catalog_import
