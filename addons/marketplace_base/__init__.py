from . import models, wizard

# The domain of stock's multi-company rule on warehouses, which marketplace_base widens to the
# marketplace's stores (security/marketplace_security.xml).
STOCK_WAREHOUSE_RULE_DOMAIN = "[('company_id', 'in', company_ids)]"


def uninstall_hook(env):
    """Give stock its own warehouse rule back: Odoo leaves a record another module rewrote as it is."""
    rule = env.ref("stock.stock_warehouse_comp_rule", raise_if_not_found=False)
    if rule:
        rule.domain_force = STOCK_WAREHOUSE_RULE_DOMAIN
