from odoo import models
from odoo.tools.misc import format_duration


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _marketplace_pickup_location(self, distance, in_store_stock):
        """This store as website_sale_collect's location selector shows it."""
        self.ensure_one()
        address = self.partner_id
        hours = {str(day): [] for day in range(7)}
        for attendance in self.opening_hours.attendance_ids:
            if attendance.day_period in ("morning", "afternoon"):
                hours[attendance.dayofweek].append(
                    f"{format_duration(attendance.hour_from)} - {format_duration(attendance.hour_to)}")
        return {
            "id": self.id,
            "name": (address.name or self.name).title(),
            "street": (address.street or "").title(),
            "city": (address.city or "").title(),
            "zip_code": address.zip or "",
            "country_code": address.country_code,
            "state": address.state_id.code,
            "latitude": address.partner_latitude,
            "longitude": address.partner_longitude,
            "additional_data": {"in_store_stock": in_store_stock},
            "opening_hours": hours if self.opening_hours else {},
            "distance": distance if distance is not None else 0.0,
        }
