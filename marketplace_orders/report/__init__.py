from . import marketplace_order_report
