"""18.0.1.1.0: member and store codes are stored normalised (trimmed, upper case), as the
module now writes them; earlier versions kept them as typed."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    for table, column in (("res_company", "marketplace_member_code"), ("stock_warehouse", "marketplace_store_code")):
        openupgrade.logged_query(env.cr, f"""
            UPDATE {table} SET {column} = upper(btrim({column}))
             WHERE {column} IS NOT NULL AND {column} != upper(btrim({column}))""")  # noqa: S608
