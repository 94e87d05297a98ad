"""18.0.1.1.0: a settlement needs the member's self-billing agreement (a date on the member) and
keeps its statement as a snapshot (``marketplace.settlement.line``).

A database from before the agreement's date existed (no member has one) would stop settling
every member at the upgrade: the members' agreement to self-billing, part of the network's
membership terms, is dated the day each joined, and each member's chatter says so (an
administrator corrects it on the member's form). Where some members have a date, the others were
left blank on purpose and stay so. Settlements made before this version get a
statement of the lines they settled, as those lines read at the upgrade (a sale row each; their
returns were credited by later settlements, which list them from now on)."""
from openupgradelib import openupgrade

from odoo.tools import SQL


@openupgrade.migrate()
def migrate(env, version):
    env.cr.execute("SELECT 1 FROM res_company WHERE marketplace_self_billing_date IS NOT NULL LIMIT 1")
    if not env.cr.rowcount:
        openupgrade.logged_query(env.cr, """
            UPDATE res_company SET marketplace_self_billing_date = create_date::date
             WHERE marketplace_role = 'member' RETURNING id""")
        members = env["res.company"].browse(row[0] for row in env.cr.fetchall())
        for member in members:
            member.partner_id.message_post(body=env._(
                "Self-billing agreement dated on the member's enrolment (%(date)s) by the upgrade of the "
                "marketplace: correct it on the member if it agreed another day.",
                date=member.create_date.date()))
    openupgrade.logged_query(env.cr, """
        INSERT INTO marketplace_settlement_line
               (settlement_id, order_line_id, kind, order_name, quantity, amount, commission_rate, commission,
                in_shop, create_date, create_uid, write_date, write_uid)
        SELECT l.settlement_id, l.id, 'sale', o.name, l.quantity, COALESCE(l.commission_base, l.amount, 0),
               COALESCE(l.commission_rate, 0), COALESCE(l.commission_amount, 0), o.payment_state = 'in_shop',
               now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC', 1
          FROM marketplace_order_line l JOIN marketplace_order o ON o.id = l.order_id
         WHERE l.settlement_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM marketplace_settlement_line sl WHERE sl.settlement_id = l.settlement_id)
      ORDER BY l.settlement_id, l.id""")
    rows = env.execute_query(SQL("SELECT DISTINCT product_id FROM marketplace_order_line l "
                                 "JOIN marketplace_settlement_line sl ON sl.order_line_id = l.id "
                                 "WHERE sl.product_name IS NULL"))
    lang = env["res.company"]._marketplace_hub().partner_id.lang or "fr_FR"
    products = env["product.product"].with_context(lang=lang, active_test=False).browse(row[0] for row in rows)
    if products:
        env.execute_query(SQL(
            """UPDATE marketplace_settlement_line sl SET product_name = p.name
                 FROM unnest(%s::int[], %s::text[]) AS p(product_id, name), marketplace_order_line l
                WHERE sl.product_name IS NULL AND l.id = sl.order_line_id AND l.product_id = p.product_id""",
            products.ids, [product.display_name for product in products]))
