from odoo import api, models


class MarketplaceCatalogueGuard(models.AbstractModel):
    """What hangs on a catalogue product (its variants, its sizes and their prices) is the shared
    catalogue's too: only the hub's marketplace administrators change it
    (``product.template._marketplace_check_catalogue_write``). For models with ``product_tmpl_id``."""

    _name = "marketplace.catalogue.guard"
    _description = "Shared Catalogue Guard"

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        templates = self.env["product.template"].browse(
            vals["product_tmpl_id"] for vals in vals_list if vals.get("product_tmpl_id"))
        self.env["product.template"]._marketplace_check_catalogue_write(templates)
        return super().create(vals_list)

    def write(self, vals):
        self.env["product.template"]._marketplace_check_catalogue_write(self.product_tmpl_id, vals, records=self)
        return super().write(vals)

    def unlink(self):
        self.env["product.template"]._marketplace_check_catalogue_write(self.product_tmpl_id)
        return super().unlink()
