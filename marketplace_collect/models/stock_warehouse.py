from odoo import api, models
from odoo.tools.misc import format_duration


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _marketplace_pickup_location(self, distance, in_store_stock):
        """This store as website_sale_collect's location selector shows it."""
        self.ensure_one()
        address = self.partner_id
        hours = {str(day): [] for day in range(7)}
        hours.update(self._marketplace_opening_slots())
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

    def _marketplace_opening_slots(self):
        """``{dayofweek: ["09:30 - 12:30", "14:00 - 19:00"]}`` of the store's opening hours."""
        self.ensure_one()
        slots = {}
        for attendance in self.sudo().opening_hours.attendance_ids.sorted(lambda a: (int(a.dayofweek), a.hour_from)):
            if attendance.day_period in ("morning", "afternoon"):
                slots.setdefault(attendance.dayofweek, []).append(
                    f"{format_duration(attendance.hour_from)} - {format_duration(attendance.hour_to)}")
        return slots

    @api.model
    def _marketplace_pickup_domain(self):
        """The stores that take click & collect orders now: open, offering the service."""
        return [*self._marketplace_open_domain(), ("marketplace_collect", "=", True)]
