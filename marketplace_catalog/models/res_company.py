from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------ fields
    marketplace_feed_jump_ratio = fields.Float(
        string="Stock Jump Ratio",
        default=10.0,
        help="A stock feed quantity this many times above the store's previous quantity is "
        "applied but flagged for the member and the animators.",
    )
    marketplace_catalog_tax_id = fields.Many2one(
        "account.tax", string="Catalogue VAT", check_company=True,
        domain=[("type_tax_use", "=", "sale")],
        help="VAT this company charges on the catalogue's products, included in their prices: catalogue "
        "prices are VAT included (TTC). Found with the company's chart of accounts (French VAT 20 %, "
        "price included).",
    )

    marketplace_picture_max_mb = fields.Integer(
        string="Largest Picture (MB)",
        default=10,
        help="A picture of the supplier catalogue import larger than this is refused (Odoo resizes the "
        "pictures it takes to 1920 pixels at most).",
    )

    # -------------------------------------------------------------------- CRUD
    @api.model
    def _marketplace_setting_fields(self):
        return super()._marketplace_setting_fields() + (
            "marketplace_feed_jump_ratio", "marketplace_catalog_tax_id", "marketplace_picture_max_mb")

    # ---------------------------------------------------------------- business
    def _marketplace_catalog_sale_tax(self):
        """The tax this company applies to catalogue sales: its catalogue VAT, found (and kept)
        the first time it is asked if its chart of accounts was loaded without it."""
        self.ensure_one()
        company = self.sudo()
        if not company.marketplace_catalog_tax_id:
            tax = company._marketplace_find_catalog_sale_tax()
            if tax:
                company.marketplace_catalog_tax_id = tax
        return company.marketplace_catalog_tax_id

    def _marketplace_find_catalog_sale_tax(self):
        """The price-included twin of the company's default sale tax (France: "20% G INC" beside
        "20% G")."""
        self.ensure_one()
        return self._marketplace_price_included_twin(self.account_sale_tax_id)

    def _marketplace_price_included_twin(self, base):
        """The price-included twin of ``base``, a tax of this company: same use, rate, tax group,
        scope and exigibility. Odoo ships such twins archived; the one found is activated, and made
        from ``base`` if the chart has none."""
        self.ensure_one()
        if not base or base.price_include:
            return base
        candidates = self.env["account.tax"].sudo().with_context(active_test=False).search([
            ("company_id", "=", self.id),
            ("type_tax_use", "=", base.type_tax_use),
            ("amount_type", "=", base.amount_type),
            ("amount", "=", base.amount),
            ("tax_group_id", "=", base.tax_group_id.id),
            ("tax_scope", "=", base.tax_scope),
            ("tax_exigibility", "=", base.tax_exigibility),
        ], order="active desc, sequence, id")
        twin = candidates.filtered("price_include")[:1]
        if not twin:
            twin = base.copy({
                "name": self.env._("%(tax)s incl.", tax=base.name),
                "price_include_override": "tax_included",
            })
        if not twin.active:
            twin.active = True
        return twin

    @api.model
    def _marketplace_set_catalog_taxes(self):
        """Find the catalogue VAT of every company with a chart of accounts (install, upgrade)."""
        for company in self.sudo().search([("chart_template", "!=", False)]):
            company._marketplace_catalog_sale_tax()
