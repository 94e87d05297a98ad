from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ---------------------------------------------------------------- business
    def _marketplace_paid_by_invoice(self):
        """The customer paid this order by its invoices (a hand-typed order: bank transfer, cash
        at the hub, an invoice paid online), not by a payment its legs capture: everything is
        invoiced and every posted customer invoice is paid."""
        self.ensure_one()
        order = self.sudo()
        if order._marketplace_payment_transaction() or order.invoice_status != "invoiced":
            return False
        invoices = order.invoice_ids.filtered(lambda move: move.state == "posted" and move.move_type == "out_invoice")
        return bool(invoices) and all(move.payment_state in ("paid", "in_payment") for move in invoices)
