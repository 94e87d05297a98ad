from datetime import datetime, time, timedelta

import pytz

from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # ---------------------------------------------------------------- business
    def _marketplace_deadline(self, start, hours=0, days=0):
        """When a delay of ``hours`` (or ``days``) that started at ``start`` (naive UTC) runs out,
        counting only the store's opening hours (``opening_hours``, the calendar website_sale_collect
        shows too) when it has them, plain time otherwise. A calendar with no opening in the next
        100 days (Odoo's planning horizon) counts plain time as well."""
        self.ensure_one()
        calendar = self.sudo().opening_hours
        if calendar:
            end = (calendar.plan_days(days, start, compute_leaves=True) if days
                   else calendar.plan_hours(hours, start, compute_leaves=True))
            if end and days:
                end = self._marketplace_closing_time(calendar, end)
            if end:
                return end
        return start + timedelta(days=days, hours=hours)

    @staticmethod
    def _marketplace_closing_time(calendar, moment):
        """The store's closing time on the day of ``moment`` (naive UTC): a delay in days runs to
        the end of its last day, not to the end of that day's first opening."""
        tz = pytz.timezone(calendar.tz or "UTC")
        local = pytz.utc.localize(moment).astimezone(tz)
        day_start = tz.localize(datetime.combine(local.date(), time.min))
        intervals = calendar._work_intervals_batch(day_start, day_start + timedelta(days=1))[False]
        stops = [stop for _start, stop, _meta in intervals]
        return max(stops).astimezone(pytz.utc).replace(tzinfo=None) if stops else moment
