from odoo import fields, models

from .marketplace_order import OPEN_STATES


class MarketplaceStockFeed(models.Model):
    _inherit = "marketplace.stock.feed"

    # ------------------------------------------------------------------ fields
    affected_order_ids = fields.Many2many(
        "marketplace.order", string="Orders Affected", readonly=True, copy=False,
        help="Open member orders of the store whose reserved pairs this feed took away: the member and the "
             "animators were told.")

    # ---------------------------------------------------------------- business
    def _marketplace_move_stock(self, changes):
        """A feed that lowers an item below what the store's open member orders hold takes the
        reservation away (Odoo frees it): those orders are told, never left silent."""
        result = super()._marketplace_move_stock(changes)
        if any(diff < 0 for diff in changes.values()):
            self._marketplace_check_reservations([product_id for product_id, diff in changes.items() if diff < 0])
        return result

    def _marketplace_check_reservations(self, product_ids):
        self.ensure_one()
        orders = self.env["marketplace.order"].sudo().search([
            ("store_id", "=", self.store_id.id), ("state", "in", OPEN_STATES),
            ("line_ids.product_id", "in", product_ids)])
        short = orders.filtered(lambda order: order._marketplace_unreserved_lines())
        if not short:
            return
        self.sudo().affected_order_ids = [fields.Command.link(order.id) for order in short]
        for order in short:
            items = ", ".join(order._marketplace_unreserved_lines().product_id.mapped("display_name"))
            summary = self.env._(
                "The stock feed %(feed)s took away the pairs reserved for %(order)s: %(items)s. Ship what is "
                "there (validate the delivery short in Inventory) or refuse the order.",
                feed=self.name, order=order.name, items=items)
            order.message_post(body=summary, partner_ids=order._marketplace_member_users().partner_id.ids)
            order._marketplace_alert_animators(summary)

    def _marketplace_report(self, duplicate=False):
        report = super()._marketplace_report(duplicate=duplicate)
        report["affected_orders"] = self.sudo().affected_order_ids.mapped("name")
        return report
