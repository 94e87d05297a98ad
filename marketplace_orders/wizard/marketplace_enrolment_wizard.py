from odoo import models


class MarketplaceEnrolmentWizard(models.TransientModel):
    _inherit = "marketplace.enrolment.wizard"

    def _set_user(self, company):
        """A new member login opens on its Marketplace orders screen."""
        user = super()._set_user(company)
        if self.user_mode == "new" and user and not user.action_id:
            user.sudo().action_id = self.env.ref("marketplace_orders.action_marketplace_order").id
        return user
