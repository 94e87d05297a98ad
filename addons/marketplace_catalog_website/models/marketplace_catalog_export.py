from odoo import models
from odoo.tools import SQL


class MarketplaceCatalogExport(models.Model):
    _inherit = "marketplace.catalog.export"

    def _marketplace_image_url_sql(self):
        """The public address of a published model's main picture (``/web/image``, as the shop
        shows it): a shop's software can show the network's picture."""
        return SQL(
            """CASE WHEN t.is_published AND EXISTS (
                        SELECT 1 FROM ir_attachment a
                         WHERE a.res_model = 'product.template' AND a.res_field = 'image_1920' AND a.res_id = t.id)
                    THEN %s || '/web/image/product.template/' || t.id || '/image_1920' END""",
            self.get_base_url())
