from . import marketplace_settlement_report
