from odoo import Command, api, models


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_general_for_staff(self):
        """Odoo's "general" channel (every internal user joins it) is the hub staff's: animators
        join it automatically and alone may read it; members' users already in it leave."""
        general = self.env.ref("mail.channel_all_employees", raise_if_not_found=False)
        if not general:
            return
        staff = self.env.ref("marketplace_base.group_marketplace_animator")
        general = general.sudo()
        general.write({"group_ids": [Command.set(staff.ids)], "group_public_id": staff.id})
        general.channel_member_ids.filtered(
            lambda member: any(user._marketplace_is_member_only() for user in member.partner_id.user_ids)
        ).unlink()
