from odoo import api, models


class ReportMarketplaceSettlement(models.AbstractModel):
    """The settlement statement, printed for whoever may read the settlements: Odoo's report
    URLs (``/report/<converter>/...``) check nothing themselves, and the template reads the
    settlement's lines as the hub (its member's orders and products)."""

    _name = "report.marketplace_commission.report_marketplace_settlement"
    _description = "Settlement Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["marketplace.settlement"].browse(docids)
        docs.check_access("read")
        return {"doc_ids": docids, "doc_model": "marketplace.settlement", "docs": docs, "data": data}
