from odoo import api, fields, models
from odoo.exceptions import AccessError


class MarketplaceMirroredCategory(models.AbstractModel):
    """A category that mirrors one of the catalogue's nomenclature (``product.category``): only
    the nomenclature makes, names and moves it."""

    _name = "marketplace.mirrored.category"
    _description = "Category Mirroring the Nomenclature"

    marketplace_categ_id = fields.Many2one(
        "product.category", string="Nomenclature", readonly=True, index="btree_not_null", ondelete="cascade",
        help="The catalogue's category this one follows: its catalogue models are here, its name too.")

    _sql_constraints = [
        ("marketplace_categ_unique", "UNIQUE(marketplace_categ_id)", "A category of the nomenclature has one mirror."),
    ]

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("marketplace_categ_id") for vals in vals_list):
            self._marketplace_check_mirror_write()
        return super().create(vals_list)

    def write(self, vals):
        if "marketplace_categ_id" in vals or ({"name", "parent_id"} & set(vals) and self.filtered(
                "marketplace_categ_id")):
            self._marketplace_check_mirror_write()
        return super().write(vals)

    # ---------------------------------------------------------------- business
    def _marketplace_check_mirror_write(self):
        """The nomenclature's mirrors follow it: nobody links, renames or moves one by hand
        (whatever the client: the field is read-only in the views only)."""
        if not self.env.su:
            raise AccessError(self.env._(
                "This category follows the catalogue's nomenclature: change the nomenclature's category "
                "instead (the hub's marketplace administrators)."))

    def _marketplace_set_name_everywhere(self, name):
        """The mirror's name in every installed language: the nomenclature names a category once."""
        if self._fields["name"].translate:
            self.update_field_translations("name", {code: name for code, _name in self.env["res.lang"].get_installed()})
        else:
            self.name = name
