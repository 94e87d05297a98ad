from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class MarketplaceUniqueCodeMixin(models.AbstractModel):
    """A code unique across the network, whatever its case (member codes, store codes).

    Checked before the row is written, so the user gets a clear message; the model keeps
    a unique SQL constraint for two users saving the same code at the same time."""

    _name = "marketplace.unique.code.mixin"
    _description = "Marketplace Unique Code"
    _marketplace_code_field = None

    # ------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        seen = set()
        for vals in vals_list:
            code = (vals.get(self._marketplace_code_field) or "").strip().upper()
            if code and code in seen:
                raise ValidationError(self._marketplace_code_error(code, self.browse()))
            seen.add(code)
            self._marketplace_check_code_free(vals.get(self._marketplace_code_field))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get(self._marketplace_code_field):
            if len(self) > 1:
                raise ValidationError(self._marketplace_code_error(vals[self._marketplace_code_field], self[1]))
            self._marketplace_check_code_free(vals[self._marketplace_code_field])
        return super().write(vals)

    # --------------------------------------------------------------- business
    def _marketplace_check_code_free(self, code):
        if not code:
            return
        self.flush_model([self._marketplace_code_field])
        rows = self.env.execute_query(SQL(
            "SELECT id FROM %s WHERE upper(%s) = upper(%s) AND NOT id = ANY(%s) LIMIT 1",
            SQL.identifier(self._table), SQL.identifier(self._marketplace_code_field),
            code.strip(), self.ids,
        ))
        if rows:
            other = self.sudo().browse(rows[0][0])
            raise ValidationError(self._marketplace_code_error(code, other))

    def _marketplace_code_error(self, code, other):
        raise NotImplementedError
