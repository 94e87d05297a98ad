from odoo import models
from odoo.tools import plaintext2html


class MarketplaceCatalogImport(models.Model):
    _inherit = "marketplace.catalog.import"

    def _marketplace_add_extra_picture(self, template, view, image):
        """More views of a model are website_sale's extra media (``product.image``), one a view
        number: imported again, the view is replaced, not added twice."""
        name = f"{template.marketplace_supplier_ref} ({view})"
        Image = self.env["product.image"].sudo()
        existing = Image.search([("product_tmpl_id", "=", template.id), ("name", "=", name)], limit=1)
        if existing:
            existing.image_1920 = image
        else:
            Image.create({"name": name, "product_tmpl_id": template.id, "image_1920": image, "sequence": view})
        return True

    def _marketplace_description_vals(self, text):
        """The supplier's description is the shop's too, as text (escaped, paragraphs kept)."""
        return {**super()._marketplace_description_vals(text),
                "description_ecommerce": plaintext2html(text) if text else False}
