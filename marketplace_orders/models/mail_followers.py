from collections import defaultdict

from odoo import api, models


class MailFollowers(models.Model):
    """Odoo lets every internal user read every follower (name and e-mail included): members,
    who are competitors and must not see the hub's customers, read the followers of the
    documents they read who are contacts they read, and their own subscriptions — as Odoo
    filters activities."""

    _inherit = "mail.followers"

    # ---------------------------------------------------------------- business
    def _marketplace_restricted(self):
        """The current user is a member's (not the hub's staff): followers follow its documents."""
        return not self.env.su and self.env.user._marketplace_is_member_only()

    def _marketplace_forbidden(self, follower_rows):
        """Ids of ``follower_rows`` [(id, res_model, res_id, partner_id)] the user may not read."""
        own = self.env.user.partner_id.id
        by_model = defaultdict(set)
        for _id, res_model, res_id, partner_id in follower_rows:
            if partner_id != own and res_model in self.env:
                by_model[res_model].add(res_id)
        allowed = {res_model: set(self.env[res_model].browse(res_ids).exists()._filtered_access("read")._ids)
                   for res_model, res_ids in by_model.items()}
        partners = {row[3] for row in follower_rows if row[3] and row[3] != own}
        readable = set(self.env["res.partner"].browse(partners)._filtered_access("read")._ids)
        return [follower_id for follower_id, res_model, res_id, partner_id in follower_rows
                if partner_id != own and (res_id not in allowed.get(res_model, ()) or partner_id not in readable)]

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if not self._marketplace_restricted():
            return query
        rows = self.env.execute_query(query.select(
            *[self._field_to_sql(self._table, fname) for fname in ("id", "res_model", "res_id", "partner_id")]))
        forbidden = set(self._marketplace_forbidden(rows))
        return self.browse(row[0] for row in rows if row[0] not in forbidden)._as_query(order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if not self or not self._marketplace_restricted():
            return result
        followers = self - result[0] if result else self
        rows = [(f.id, f.res_model, f.res_id, f.partner_id.id) for f in followers.sudo()]
        forbidden = self.browse(self._marketplace_forbidden(rows))
        if not forbidden:
            return result
        if result:
            return (result[0] + forbidden, result[1])
        return (forbidden, lambda: forbidden._make_access_error(operation))
