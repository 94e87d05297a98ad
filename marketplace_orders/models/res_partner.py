from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .marketplace_order import RELEASED_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------ fields
    marketplace_hub_customer = fields.Boolean(
        string="Marketplace Customer", index=True, copy=False, readonly=True,
        help="A customer of the hub's orders: members see this contact only through their own member orders.")
    marketplace_member_company_ids = fields.Many2many(
        "res.company", string="Members Serving This Customer", compute="_compute_marketplace_member_company_ids",
        search="_search_marketplace_member_company_ids",
        groups="marketplace_base.group_marketplace_animator",
        help="Member companies serving (or having served) this customer: a member order for them not refused, "
             "expired nor cancelled (or not handed back yet). Members search on it through their record rule only.")

    # ----------------------------------------------------------------- compute
    def _compute_marketplace_member_company_ids(self):
        for partner in self:
            orders = self.env["marketplace.order"].sudo().search([
                "|", ("sale_order_id.partner_id", "=", partner.id),
                ("sale_order_id.partner_shipping_id", "=", partner.id),
                "|", ("state", "not in", RELEASED_STATES), ("release_pending", "=", True),
            ])
            partner.marketplace_member_company_ids = orders.company_id

    def _search_marketplace_member_company_ids(self, operator, value):
        if operator not in ("in", "="):
            raise UserError(self.env._("Search the members serving a customer with “in” or “=” only."))
        company_ids = [value] if isinstance(value, int) else value
        if isinstance(company_ids, bool) or not isinstance(company_ids, (list, tuple)) or not all(
                isinstance(company_id, int) and not isinstance(company_id, bool) for company_id in company_ids):
            raise UserError(self.env._("Search the members serving a customer by the ids of their companies."))
        if not self.env.su and self.env.user._marketplace_is_member_only():
            # A member learns nothing of the other members' customers (its record rule runs as
            # the hub and is not limited).
            company_ids = [company_id for company_id in company_ids if company_id in self.env.user.company_ids.ids]
        self.env["marketplace.order"].flush_model(["company_id", "sale_order_id", "state", "release_pending"])
        self.env["sale.order"].flush_model(["partner_id", "partner_shipping_id"])
        return [("id", "in", SQL(
            """(SELECT p.id FROM marketplace_order mo
                  JOIN sale_order so ON so.id = mo.sale_order_id
                  JOIN res_partner p ON p.id IN (so.partner_id, so.partner_shipping_id)
                 WHERE mo.company_id = ANY(%s) AND (mo.state NOT IN %s OR mo.release_pending))""",
            company_ids, RELEASED_STATES))]

    @api.model
    def _commercial_fields(self):
        """A hub customer's addresses (delivery, invoice) are the customer's: private too."""
        return [*super()._commercial_fields(), "marketplace_hub_customer"]

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._marketplace_flag_new_customers()
        return partners

    # ---------------------------------------------------------------- business
    def _marketplace_flag_new_customers(self):
        """Private from the moment it exists (GDPR): a contact a customer makes — signing up on the
        website, *My account*, an address at checkout: the visitor's or portal user's own session —,
        a customer the hub's staff record or import from the customers' list, or an address of a
        hub customer. (Other contacts the hub records — suppliers, brands — stay the network's.)"""
        context = self.env.context
        staff_customer = not self.env.user._marketplace_is_member_only() and (
            context.get("res_partner_search_mode") == "customer" or context.get("default_customer_rank"))
        if self.env.user.share or staff_customer:
            new = self
        else:
            new = self.filtered(lambda partner: partner.parent_id.marketplace_hub_customer)
        new = new.filtered(lambda partner: not partner.marketplace_hub_customer
                           and partner.company_id.marketplace_role != "member")
        if new:
            new.sudo().write({"marketplace_hub_customer": True})
