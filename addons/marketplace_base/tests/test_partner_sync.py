import json

from odoo import Command
from odoo.addons.base.models.ir_default import IrDefault as OdooIrDefault
from odoo.addons.base.models.res_partner import Partner as BasePartner
from odoo.tests import tagged

from .common import MarketplaceCase


@tagged("post_install", "-at_install")
class TestPartnerSync(MarketplaceCase):
    """A contact created under a company (a store's address, a customer's delivery address) takes
    the company's commercial fields. Odoo writes the per-company ones once per company of the
    database: 1,600 writes for each address at full scale. The suite copies them in one statement;
    the values read in every company are Odoo's."""

    def test_child_contact_takes_each_companys_commercial_values(self):
        companies = self.hub | self.member_lyon | self.member_marseille
        parent = self.env["res.partner"].create({"name": "Chaussures Client SARL", "is_company": True})
        for company in companies:
            term = self.env["account.payment.term"].with_company(company).create({
                "name": f"45 jours {company.name}", "company_id": company.id,
                "line_ids": [Command.create({"value": "percent", "value_amount": 100, "nb_days": 45})]})
            position = self.env["account.fiscal.position"].with_company(company).create({
                "name": f"Export {company.name}", "company_id": company.id})
            parent.with_company(company).write({
                "property_payment_term_id": term.id, "property_account_position_id": position.id})
        fnames = parent._company_dependent_commercial_fields()
        self.assertIn("property_payment_term_id", fnames)

        child = self.env["res.partner"].create({"name": "Entrepôt", "parent_id": parent.id, "type": "delivery"})
        odoo_way = self.env["res.partner"].create({"name": "Entrepôt bis", "type": "delivery"})
        odoo_way.parent_id = parent  # then Odoo's own sync, company by company
        BasePartner._company_dependent_commercial_sync(odoo_way)
        for company in companies:
            for fname in fnames:
                self.assertEqual(child.with_company(company)[fname], odoo_way.with_company(company)[fname],
                                 f"{fname} in {company.name}")
            self.assertTrue(child.with_company(company).property_payment_term_id)
        self.assertNotEqual(child.with_company(self.member_lyon).property_payment_term_id,
                            child.with_company(self.member_marseille).property_payment_term_id)

    def test_one_statement_whatever_the_number_of_companies(self):
        parent = self.env["res.partner"].create({"name": "Chaussures Client SARL", "is_company": True})
        child = self.env["res.partner"].create({"name": "Entrepôt", "type": "delivery", "parent_id": parent.id})
        self.assertGreaterEqual(self.env["res.company"].search_count([]), 3)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=2):
            child._company_dependent_commercial_sync()
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestCompanyDependentFallbacks(MarketplaceCase):
    """Writing a company-dependent field (a product's cost, a partner's accounts) makes Odoo read
    that field's default in every company: the suite reads them in one query, with Odoo's answer."""

    def test_same_fallbacks_as_odoo_in_one_query(self):
        IrDefault = self.env["ir.default"]
        location = self.env["stock.location"].create({"name": "Pertes Lyon", "usage": "inventory",
                                                      "company_id": self.member_lyon.id})
        IrDefault.set("product.template", "property_stock_inventory", location.id, company_id=self.member_lyon.id)
        for model_name, field_name in (("product.template", "property_stock_inventory"),
                                       ("res.partner", "property_account_receivable_id"),
                                       ("product.product", "standard_price")):
            self.env.registry.clear_cache()
            ours = json.loads(IrDefault._get_field_column_fallbacks(model_name, field_name))
            odoos = json.loads(OdooIrDefault._get_field_column_fallbacks.__wrapped__(IrDefault, model_name, field_name))
            self.assertEqual(ours, odoos, f"{model_name}.{field_name}")
        self.assertEqual(ours.keys(), {str(c.id) for c in self.env["res.company"].search([])})
        self.env.registry.clear_cache()
        self.env.flush_all()
        with self.assertQueryCount(__system__=2):
            IrDefault._get_field_column_fallbacks("product.template", "property_stock_inventory")
