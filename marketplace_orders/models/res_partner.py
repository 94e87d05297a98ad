from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------ fields
    marketplace_hub_customer = fields.Boolean(
        string="Marketplace Customer", index=True, copy=False, readonly=True,
        help="A customer of the hub's orders: members see this contact only through their own member orders.")
    marketplace_member_company_ids = fields.Many2many(
        "res.company", string="Members Serving This Customer", compute="_compute_marketplace_member_company_ids",
        search="_search_marketplace_member_company_ids",
        help="Member companies with a member order for this customer.")

    # ----------------------------------------------------------------- compute
    def _compute_marketplace_member_company_ids(self):
        for partner in self:
            orders = self.env["marketplace.order"].sudo().search([
                "|", ("sale_order_id.partner_id", "=", partner.id),
                ("sale_order_id.partner_shipping_id", "=", partner.id),
            ])
            partner.marketplace_member_company_ids = orders.company_id

    def _search_marketplace_member_company_ids(self, operator, value):
        if operator not in ("in", "="):
            raise UserError(self.env._("Search the members serving a customer with “in” or “=” only."))
        company_ids = [value] if isinstance(value, int) else value
        if isinstance(company_ids, bool) or not isinstance(company_ids, (list, tuple)) or not all(
                isinstance(company_id, int) and not isinstance(company_id, bool) for company_id in company_ids):
            raise UserError(self.env._("Search the members serving a customer by the ids of their companies."))
        self.env["marketplace.order"].flush_model(["company_id", "sale_order_id"])
        self.env["sale.order"].flush_model(["partner_id", "partner_shipping_id"])
        return [("id", "in", SQL(
            """(SELECT p.id FROM marketplace_order mo
                  JOIN sale_order so ON so.id = mo.sale_order_id
                  JOIN res_partner p ON p.id IN (so.partner_id, so.partner_shipping_id)
                 WHERE mo.company_id = ANY(%s))""", company_ids))]
