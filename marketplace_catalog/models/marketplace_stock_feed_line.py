from odoo import fields, models

REASONS = [
    ("unknown", "Unknown reference"),
    ("ambiguous", "Ambiguous reference"),
    ("no_reference", "No barcode or internal reference"),
    ("missing", "No quantity"),
    ("not_a_number", "Quantity is not a number"),
    ("negative", "Negative quantity"),
    ("fractional", "Fractional quantity"),
    ("above_ceiling", "Quantity above the ceiling"),
    ("duplicate", "Reference given twice"),
    ("malformed", "Malformed line"),
    ("unnamed_full", "No product named (full feed: nothing zeroed)"),
    ("jump", "Quantity jump"),
]


class MarketplaceStockFeedLine(models.Model):
    """A line of a stock feed that was not applied as sent (ignored, rejected) or that was
    applied but flagged. Good lines are counted on the feed, not stored one by one."""

    _name = "marketplace.stock.feed.line"
    _description = "Stock Feed Report Line"
    _order = "feed_id, line_number"

    feed_id = fields.Many2one("marketplace.stock.feed", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="feed_id.company_id", store=True)
    line_number = fields.Integer(string="Line")
    reference = fields.Char()
    quantity = fields.Char(string="Quantity Sent")
    status = fields.Selection(
        [("ignored", "Ignored"), ("rejected", "Rejected"), ("flagged", "Applied, flagged")],
        required=True,
    )
    reason = fields.Selection(REASONS, required=True)
    message = fields.Char()
    product_id = fields.Many2one("product.product")
