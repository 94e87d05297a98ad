from . import (
    account_move,
    marketplace_commission_rule,
    marketplace_commission_rule_demo,
    marketplace_order,
    marketplace_order_line,
    marketplace_settlement,
    marketplace_settlement_line,
    res_company,
    res_config_settings,
    sale_order,
)
