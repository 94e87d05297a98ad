from odoo import models


class MailThread(models.AbstractModel):
    """A member subscribes to its documents, or sends their messages to, only contacts it may
    read (Odoo creates followers as the superuser: any contact's id would become a follower whose
    name and e-mail the member reads back)."""

    _inherit = "mail.thread"

    # ---------------------------------------------------------------- business
    def _marketplace_readable_partner_ids(self, partner_ids):
        """``partner_ids`` a member's user may read (all of them for anybody else)."""
        if not partner_ids or self.env.su or not self.env.user._marketplace_is_member_only():
            return partner_ids
        return self.env["res.partner"].browse(partner_ids)._filtered_access("read").ids

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        return super().message_subscribe(
            partner_ids=self._marketplace_readable_partner_ids(partner_ids), subtype_ids=subtype_ids)

    def message_post(self, **kwargs):
        if kwargs.get("partner_ids"):
            kwargs["partner_ids"] = self._marketplace_readable_partner_ids(list(kwargs["partner_ids"]))
        return super().message_post(**kwargs)
