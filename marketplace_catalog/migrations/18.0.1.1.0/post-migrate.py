"""18.0.1.1.0: catalogue products carry no per-company taxes (each company's default tax applies,
see product.product._marketplace_taxes) and are sold at the members' counters."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    for table in ("product_taxes_rel", "product_supplier_taxes_rel"):
        openupgrade.logged_query(env.cr, f"""
            DELETE FROM {table} rel
             USING product_template t
             WHERE t.id = rel.prod_id AND t.marketplace_catalog
        """)
    openupgrade.logged_query(env.cr, """
        UPDATE product_template SET available_in_pos = TRUE
         WHERE marketplace_catalog AND available_in_pos IS NOT TRUE
    """)
    env["product.template"].invalidate_model(["taxes_id", "supplier_taxes_id", "available_in_pos"])
