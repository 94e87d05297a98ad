from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    # ---------------------------------------------------------------- business
    def _marketplace_is_member_only(self):
        """A member shop's user, not the hub's staff (animators and administrators are members
        too, by the groups' implication)."""
        self.ensure_one()
        return self.has_group("marketplace_base.group_marketplace_member") \
            and not self.has_group("marketplace_base.group_marketplace_animator")
