from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..utils import normalize_code


class MarketplaceUniqueCodeMixin(models.AbstractModel):
    """A code unique across the network (member codes, store codes), stored normalised
    (``utils.normalize_code``: trimmed, upper case) so that every comparison sees the same code.

    Checked before the row is written, so the user gets a clear message; the model keeps
    a unique SQL constraint for two users saving the same code at the same time."""

    _name = "marketplace.unique.code.mixin"
    _description = "Marketplace Unique Code"
    _marketplace_code_field = None

    # ------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        fname = self._marketplace_code_field
        seen = set()
        for vals in vals_list:
            if vals.get(fname):
                vals[fname] = normalize_code(vals[fname]) or False
            code = vals.get(fname)
            if code and code in seen:
                raise ValidationError(self._marketplace_code_error(code, self.browse()))
            seen.add(code)
            self._marketplace_check_code_free(code)
        return super().create(vals_list)

    def write(self, vals):
        fname = self._marketplace_code_field
        if vals.get(fname):
            vals = dict(vals, **{fname: normalize_code(vals[fname]) or False})
            if len(self) > 1:
                raise ValidationError(self._marketplace_code_error(vals[fname], self[1]))
            self._marketplace_check_code_free(vals[fname])
        return super().write(vals)

    # --------------------------------------------------------------- business
    def _marketplace_check_code_free(self, code):
        if not code:
            return
        self.flush_model([self._marketplace_code_field])
        rows = self.env.execute_query(SQL(
            "SELECT id FROM %s WHERE %s = %s AND NOT id = ANY(%s) LIMIT 1",
            SQL.identifier(self._table), SQL.identifier(self._marketplace_code_field),
            normalize_code(code), self.ids,
        ))
        if rows:
            other = self.sudo().browse(rows[0][0])
            raise ValidationError(self._marketplace_code_error(code, other))

    def _marketplace_code_error(self, code, other):
        raise NotImplementedError
