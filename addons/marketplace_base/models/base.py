from odoo import api, models


class Base(models.AbstractModel):
    """Odoo reads a many2one's name as the superuser: a member writing any contact's id on a
    record of its own (its delivery's partner) would read that contact's name back. A member
    writes only contacts it may read."""

    _inherit = "base"

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._marketplace_check_partner_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._marketplace_check_partner_values([vals])
        return super().write(vals)

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_check_partner_values(self, vals_list):
        """Raise an access error when a member's user writes a contact it may not read."""
        if self.env.su:
            return
        model_class = type(self)
        names = model_class.__dict__.get("_marketplace_partner_fnames")
        if names is None:  # once per model and registry
            names = tuple(name for name, field in self._fields.items()
                          if field.type == "many2one" and field.comodel_name == "res.partner" and field.store)
            model_class._marketplace_partner_fnames = names
        partner_ids = {vals[name] for vals in vals_list for name in names if isinstance(vals.get(name), int)
                       and vals.get(name) and not isinstance(vals.get(name), bool)}
        if partner_ids and self.env.user._marketplace_is_member_only():
            self.env["res.partner"].browse(partner_ids).check_access("read")
