from odoo import models
from odoo.tools import SQL


class Website(models.Model):
    _inherit = "website"

    # ---------------------------------------------------------------- business
    def _get_max_in_store_product_available_qty(self, product):
        """The network's pick-up: the most any open shop offering click & collect publishes
        (one query; website_sale_collect asks each listed warehouse)."""
        if not self.sudo().in_store_dm_id.marketplace_network:
            return super()._get_max_in_store_product_available_qty(product)
        Warehouse = self.env["stock.warehouse"].sudo()
        Warehouse._marketplace_flush_availability()
        Warehouse.flush_model(["marketplace_collect"])
        rows = self.env.execute_query(SQL(
            """SELECT COALESCE(MAX(a.qty), 0)
                 FROM (%s) AS a(store_id, product_id, qty) JOIN stock_warehouse w ON w.id = a.store_id
                WHERE w.marketplace_collect""",
            Warehouse._marketplace_availability_sql([product.id], open_only=True)))
        return int(rows[0][0])
