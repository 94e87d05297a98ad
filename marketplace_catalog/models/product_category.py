from odoo import api, models


class ProductCategory(models.Model):
    """The catalogue's nomenclature (department › family › sub-family under *Catalogue*) is
    mirrored as the registers' categories (``pos.category``) and, with the website, the shop's
    (``product.public.category``): each catalogue model sits in the mirror of its category,
    and a category renamed or moved is renamed or moved there too."""

    _inherit = "product.category"

    # -------------------------------------------------------------------- CRUD
    def write(self, vals):
        res = super().write(vals)
        if {"name", "parent_id"} & set(vals):
            self._marketplace_update_mirrors()
        return res

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_mirror_fields(self):
        """{mirror model: its field on product.template}: the categories that follow the
        nomenclature. The website's module adds the shop's."""
        return {"pos.category": "pos_categ_ids"}

    def _marketplace_in_catalogue(self):
        """Whether this category is below the catalogue's root (the root itself is not mirrored)."""
        self.ensure_one()
        root = self.env.ref("marketplace_catalog.product_category_catalog", raise_if_not_found=False)
        return bool(root) and self != root and (self.parent_path or "").startswith(root.parent_path)

    def _marketplace_mirror(self, model):
        """The record of ``model`` mirroring this nomenclature category, made with its parents
        the first time; nothing for a category outside the catalogue."""
        Mirror = self.env[model].sudo()
        if not self or not self._marketplace_in_catalogue():
            return Mirror
        mirror = Mirror.with_context(active_test=False).search([("marketplace_categ_id", "=", self.id)], limit=1)
        if not mirror:
            parent = self.parent_id._marketplace_mirror(model)
            mirror = Mirror.create({"name": self.name, "parent_id": parent.id, "marketplace_categ_id": self.id})
        return mirror

    def _marketplace_update_mirrors(self):
        for model in self._marketplace_mirror_fields():
            for category in self:
                mirror = self.env[model].sudo().search([("marketplace_categ_id", "=", category.id)], limit=1)
                if mirror:
                    mirror.write({"name": category.name, "parent_id": category.parent_id._marketplace_mirror(model).id})

