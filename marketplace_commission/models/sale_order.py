from odoo import models
from odoo.tools import float_compare


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ---------------------------------------------------------------- business
    def _marketplace_paid_by_invoice(self, sale_lines=None):
        """The customer paid ``sale_lines`` (all the order's by default) by invoice (a hand-typed
        order: bank transfer, cash at the hub, an invoice paid online), not by a payment its legs
        capture: the hub's customer invoices of those lines and of the order's down payments have
        no draft left and are all paid — cleared, not *in payment* (a cheque may bounce), or
        cancelled by a credit note (*reversed*) — and the posted invoices less the posted credit
        notes cover every item delivered (a down payment alone does not, a return's credit note
        lowers both)."""
        self.ensure_one()
        order = self.sudo()
        if order._marketplace_payment_transaction():
            return False
        sale_lines = (sale_lines or order.order_line).sudo().filtered(
            lambda line: not line.display_type and not line.is_downpayment)
        down_payments = order.order_line.filtered("is_downpayment")
        moves = (sale_lines | down_payments).invoice_lines.move_id.filtered(
            lambda move: move.company_id == order.company_id and move.move_type in ("out_invoice", "out_refund"))
        invoices = moves.filtered(lambda move: move.state == "posted" and move.move_type == "out_invoice")
        if not invoices or any(move.state == "draft" for move in moves) \
                or any(move.payment_state not in ("paid", "reversed") for move in invoices):
            return False
        for line in sale_lines:
            invoiced = sum(
                invoice_line.product_uom_id._compute_quantity(invoice_line.quantity, line.product_uom)
                * (-1 if invoice_line.move_id.move_type == "out_refund" else 1)
                for invoice_line in line.invoice_lines if invoice_line.move_id in moves
                and invoice_line.move_id.state == "posted")
            if float_compare(invoiced, line.qty_delivered, precision_rounding=line.product_uom.rounding) < 0:
                return False
        return True
