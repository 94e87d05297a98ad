import logging

from odoo import models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class PosOrder(models.Model):
    _inherit = "pos.order"

    # ---------------------------------------------------------------- business
    def _create_order_picking(self):
        """Click & collect paid at the counter: the orders of the ticket's pickup codes are handed
        over (their reserved delivery takes the pairs out of the shop, once) and the ticket's picking
        leaves those lines out. A code whose order cannot be handed over any more (cancelled meanwhile,
        another shop's, handed over already) keeps its lines in the ticket's picking: the pairs still
        leave the shop once, and the animators are told."""
        if self.state in ("paid", "done", "invoiced"):
            self._marketplace_hand_over_pickups()
        return super()._create_order_picking()

    def _marketplace_hand_over_pickups(self):
        self.ensure_one()
        lines = self.lines.filtered("marketplace_pickup_code")
        store = self.config_id.picking_type_id.warehouse_id
        by_code = lines.grouped("marketplace_pickup_code")
        orders = self.env["marketplace.order"].sudo().search(
            [("pickup_code", "in", list(by_code)), ("fulfilment", "=", "collect")]).grouped("pickup_code")
        for code, code_lines in by_code.items():
            member_order = orders.get(code, self.env["marketplace.order"])
            if member_order.store_id == store and member_order.state == "collected":
                continue  # its pairs left the shop already (this ticket, called again, or the back-office)
            handed_over = False
            if member_order.store_id == store and member_order.state in ("accepted", "ready"):
                try:
                    with self.env.cr.savepoint():
                        member_order._marketplace_hand_over()
                    handed_over = True
                except UserError as error:
                    _logger.warning("Ticket %s: order %s not handed over: %s", self.name, member_order.name, error)
                    member_order._marketplace_alert_animators(
                        self.env._("Paid at the counter (%(ticket)s) but not handed over: %(order)s",
                                   ticket=self.name, order=member_order.name), str(error))
            if not handed_over:
                code_lines.marketplace_pickup_code = False
