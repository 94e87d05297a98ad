from datetime import datetime, time, timedelta

import pytz

from odoo import models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    # -------------------------------------------------------------------- CRUD
    def write(self, vals):
        """A store paused for holidays hands its orders not accepted yet to other stores at once
        (accepted ones stay the member's to ship or hand back); when the pause ends, the lines
        waiting for a store are tried again on its stock."""
        pausing = reopening = self.browse()
        if "marketplace_paused" in vals:
            pausing = self.filtered(lambda store: vals["marketplace_paused"] and not store.marketplace_paused)
            reopening = self.filtered(lambda store: not vals["marketplace_paused"] and store.marketplace_paused)
        result = super().write(vals)
        pausing._marketplace_hand_back_assigned()
        reopening._marketplace_retry_unassigned()
        return result

    # ---------------------------------------------------------------- business
    def _marketplace_hand_back_assigned(self):
        """The stores' orders not accepted yet go to another store (refused as *shop closed*)."""
        orders = self.env["marketplace.order"].sudo().search(
            [("store_id", "in", self.ids), ("state", "=", "assigned")], order="id")
        orders._marketplace_hand_back(self.env._("Holiday pause"))

    def _marketplace_retry_unassigned(self):
        """The customer lines waiting for a store are routed again where these stores have their
        items (a store back from its holiday pause)."""
        lines = self.env["sale.order.line"].sudo().search(
            [("marketplace_missing_qty", ">", 0), ("state", "=", "sale")])
        if not lines:
            return
        groups = self.env["stock.quant"].sudo()._read_group(
            [("location_id", "child_of", self.sudo().lot_stock_id.ids), ("product_id", "in", lines.product_id.ids),
             ("quantity", ">", 0)], ["product_id"])
        products = self.env["product.product"].union(*(product for (product,) in groups))
        for order, order_lines in lines.filtered(lambda line: line.product_id in products).grouped("order_id").items():
            order._marketplace_route(order_lines)

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
