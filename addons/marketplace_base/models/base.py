from odoo import api, models

# What a member may only name if it may read it: contacts and users (Odoo reads a many2one's name,
# and related fields, as the superuser).
GUARDED_MODELS = ("res.partner", "res.users")


class Base(models.AbstractModel):
    """Odoo reads a many2one's name (and related fields) as the superuser: a member writing any
    contact's or user's id on a record of its own (its delivery's partner), or sending it to an
    onchange, would read that contact's name back. A member names only contacts and users it may
    read."""

    _inherit = "base"

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._marketplace_check_guarded_values(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._marketplace_check_guarded_values([vals])
        return super().write(vals)

    def onchange(self, values, field_names, fields_spec):
        if not self.env.su and values and self.env.user._marketplace_is_member_only():
            record = self[:1]
            changed = {}
            for name, value in values.items():
                field = self._fields.get(name)
                value = value.get("id") if isinstance(value, dict) else value
                if field is None or field.type != "many2one" or not isinstance(value, int) or isinstance(value, bool):
                    continue
                if value and not (record and record.sudo()[name].id == value):
                    changed.setdefault(field.comodel_name, set()).add(value)
            for comodel, ids in changed.items():
                self.env[comodel].browse(ids).check_access("read")
        return super().onchange(values, field_names, fields_spec)

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_check_guarded_values(self, vals_list):
        """Raise an access error when a member's user writes a contact or user it may not read."""
        if self.env.su:
            return
        model_class = type(self)
        names = model_class.__dict__.get("_marketplace_guarded_fnames")
        if names is None:  # once per model and registry
            names = tuple((name, field.comodel_name) for name, field in self._fields.items()
                          if field.type == "many2one" and field.comodel_name in GUARDED_MODELS and field.store)
            model_class._marketplace_guarded_fnames = names
        written = {}
        for vals in vals_list:
            for name, comodel in names:
                value = vals.get(name)
                if value and isinstance(value, int) and not isinstance(value, bool):
                    written.setdefault(comodel, set()).add(value)
        if written and self.env.user._marketplace_is_member_only():
            for comodel, ids in written.items():
                self.env[comodel].browse(ids).check_access("read")
