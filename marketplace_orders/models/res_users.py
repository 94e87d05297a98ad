from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        """A customer's account (website sign-up, portal invitation): its contact is the hub's
        customer, private to members from the start."""
        users = super().create(vals_list)
        users.filtered("share").partner_id.filtered(
            lambda partner: not partner.marketplace_hub_customer and partner.company_id.marketplace_role != "member"
        ).sudo().write({"marketplace_hub_customer": True})
        return users
