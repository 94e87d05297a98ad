from odoo import api, models
from odoo.exceptions import AccessError


class ProductCategory(models.Model):
    """The catalogue's nomenclature (department › family › sub-family under *Catalogue*) is
    mirrored as the registers' categories (``pos.category``) and, with the website, the shop's
    (``product.public.category``): each catalogue model sits in the mirror of its category,
    and a category renamed, moved or removed is renamed, moved or removed there too. The
    nomenclature is the network's: only the hub's marketplace administrators change it."""

    _inherit = "product.category"

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        categories = super().create(vals_list)
        categories._marketplace_check_nomenclature_write()
        return categories

    def write(self, vals):
        self._marketplace_check_nomenclature_write()
        res = super().write(vals)
        if {"name", "parent_id"} & set(vals):
            self._marketplace_check_nomenclature_write()  # moved into the catalogue
            self._marketplace_update_mirrors()
        if "parent_id" in vals:
            # Moved into, within or out of the nomenclature: its models follow.
            self.env["product.template"].sudo().with_context(active_test=False).search(
                [("categ_id", "child_of", self.ids), ("marketplace_catalog", "=", True)]
            )._marketplace_sync_category_mirrors()
        return res

    def unlink(self):
        self._marketplace_check_nomenclature_write()
        mirrors = [self.env[model].sudo().with_context(active_test=False).search(
            [("marketplace_categ_id", "in", self.ids)]) for model in self._marketplace_mirror_fields()]
        res = super().unlink()
        for records in mirrors:  # its registers' and shop's categories go with it
            records.exists().unlink()
        return res

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_mirror_fields(self):
        """{mirror model: its field on product.template}: the categories that follow the
        nomenclature. The website's module adds the shop's."""
        return {"pos.category": "pos_categ_ids"}

    def _marketplace_check_nomenclature_write(self):
        """Refuse a change of the catalogue's nomenclature to anyone but the hub's marketplace
        administrators (a shop manager may keep categories of its own)."""
        if self.env.su or self.env["product.template"]._marketplace_may_edit_catalogue():
            return
        if any(category._marketplace_in_catalogue() for category in self.sudo()):
            raise AccessError(self.env._(
                "The catalogue's nomenclature is shared by the whole network: only the hub's marketplace "
                "administrators change it."))

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
            mirror._marketplace_set_name_everywhere(self.name)
        return mirror

    def _marketplace_update_mirrors(self):
        """Each mirror of these categories (and of the categories below them) renamed in every
        language and moved as its category; removed when its category left the nomenclature."""
        categories = self.sudo().search([("id", "child_of", self.ids)])
        for model in self._marketplace_mirror_fields():
            # One query for the mirrors of the whole subtree (one mirror a category: unique).
            mirrors = self.env[model].sudo().with_context(active_test=False).search(
                [("marketplace_categ_id", "in", categories.ids)]).grouped("marketplace_categ_id")
            for category in categories:
                mirror = mirrors.get(category)
                if not mirror or not mirror.exists():  # gone with a parent removed just before
                    continue
                if not category._marketplace_in_catalogue():
                    mirror.unlink()
                    continue
                mirror.write({"parent_id": category.parent_id._marketplace_mirror(model).id})
                mirror._marketplace_set_name_everywhere(category.name)

