"""18.0.1.1.0: the hub's customers are private from the moment they exist (issue 20, GDPR).

Contacts of customers' accounts (website sign-up, portal) and the addresses under a hub customer,
flagged so far only once on an order, are flagged now; the deliveries of orders a member no longer
serves (refused, expired, cancelled) forget their customer, who stops following them."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    members = "(SELECT id FROM res_company WHERE marketplace_role = 'member')"
    openupgrade.logged_query(env.cr, f"""
        UPDATE res_partner p SET marketplace_hub_customer = TRUE
         WHERE NOT COALESCE(p.marketplace_hub_customer, FALSE)
           AND (p.company_id IS NULL OR p.company_id NOT IN {members})
           AND EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id AND u.share)""")  # noqa: S608
    openupgrade.logged_query(env.cr, f"""
        UPDATE res_partner p SET marketplace_hub_customer = TRUE
          FROM res_partner parent
         WHERE parent.id = p.commercial_partner_id AND parent.marketplace_hub_customer
           AND NOT COALESCE(p.marketplace_hub_customer, FALSE)
           AND (p.company_id IS NULL OR p.company_id NOT IN {members})""")  # noqa: S608
    released = """(SELECT mo.picking_id FROM marketplace_order mo JOIN stock_picking sp ON sp.id = mo.picking_id
                    WHERE mo.state IN ('refused', 'expired', 'cancelled') AND sp.state = 'cancel'
                      AND sp.partner_id IS NOT NULL)"""
    openupgrade.logged_query(env.cr, f"""
        DELETE FROM mail_followers f USING stock_picking sp
         WHERE f.res_model = 'stock.picking' AND f.res_id = sp.id AND f.partner_id = sp.partner_id
           AND sp.id IN {released}""")  # noqa: S608
    openupgrade.logged_query(env.cr, f"""
        UPDATE stock_move SET partner_id = NULL WHERE picking_id IN {released} AND partner_id IS NOT NULL""")  # noqa: S608
    openupgrade.logged_query(env.cr, f"""
        UPDATE stock_picking SET partner_id = NULL WHERE id IN {released}""")  # noqa: S608
