from odoo import models


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    # ---------------------------------------------------------------- business
    def _post_load_data(self, template_code, company, template_data):
        """A company's catalogue VAT comes with its chart of accounts."""
        res = super()._post_load_data(template_code, company, template_data)
        company.sudo().marketplace_catalog_tax_id = company._marketplace_find_catalog_sale_tax()
        return res
