from . import marketplace_invoice_export
