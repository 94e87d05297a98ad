from odoo import fields, models

STATEMENT_KINDS = [("sale", "Sale"), ("return", "Return")]


class MarketplaceSettlementLine(models.Model):
    """A line of a settlement's statement: what the settlement settled of one order line — its
    sale, or its items returned since an earlier settlement — with the amounts of that day. The
    statement is printed from these rows, the same forever (later returns go to later
    settlements); nobody writes them but the settlement."""

    _name = "marketplace.settlement.line"
    _description = "Marketplace Settlement Statement Line"
    _order = "settlement_id, id"

    # ------------------------------------------------------------------ fields
    settlement_id = fields.Many2one(
        "marketplace.settlement", required=True, readonly=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    order_line_id = fields.Many2one(
        "marketplace.order.line", readonly=True, index="btree_not_null", ondelete="set null")
    kind = fields.Selection(STATEMENT_KINDS, required=True, readonly=True)
    order_name = fields.Char(string="Order", readonly=True)
    product_name = fields.Char(string="Item", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    amount = fields.Monetary(
        string="Paid incl. VAT", readonly=True,
        help="What the customer paid for these items (at the counter when paid there); negative for a return.")
    commission_rate = fields.Float(string="Rate (%)", digits=(5, 2), readonly=True)
    commission = fields.Monetary(
        string="Commission excl. VAT", readonly=True, help="The commission charged, or credited for a return.")
    in_shop = fields.Boolean(
        string="Paid at the Counter", readonly=True,
        help="The member took the money at its counter: the hub charges the commission and buys nothing.")
