from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    # ---------------------------------------------------------------- business
    def _marketplace_uncaptured_amount(self):
        """What is left of this authorised amount once its partial captures and voids (done,
        pending or requested) are taken off."""
        self.ensure_one()
        taken = sum(child.amount for child in self.child_transaction_ids
                    if child.operation != "refund" and child.state not in ("error",))
        return self.currency_id.round(self.amount - taken)
