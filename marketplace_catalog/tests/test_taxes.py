from odoo import Command
from odoo.addons.marketplace_base.tests.common import run_migration
from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestCatalogueTaxes(CatalogCommon, TransactionCase):
    """Shared catalogue products carry no per-company taxes (each new member's chart of accounts
    would otherwise add its taxes to every one of them); each company's sales take that
    company's default tax."""

    def lyon_sale_tax(self):
        tax = self.member_lyon.account_sale_tax_id
        self.assertEqual(tax.amount, 20.0, "a French member sells shoes at 20 % VAT")
        return tax

    def test_catalogue_products_carry_no_taxes(self):
        self.assertFalse(self.sneaker.sudo().taxes_id)
        self.assertFalse(self.sneaker.sudo().supplier_taxes_id)
        # Other products keep Odoo's defaults.
        other = self.env["product.template"].create({"name": "Carte cadeau"})
        self.assertTrue(other.sudo().taxes_id)

    def test_new_member_adds_no_tax_to_the_catalogue(self):
        taxed = self.env["product.template"].create({"name": "Cirage", "taxes_id": [Command.set(
            self.lyon_sale_tax().ids)]})
        member = self.enrol_member("T003", "Chaussures Martin", "T003-01", "12 rue du Château",
                                   "44000", "Nantes")
        # The trap is real for a taxed shared product: the new chart gave it its tax ...
        self.assertIn(member, taxed.sudo().taxes_id.company_id)
        # ... and does not touch the catalogue.
        self.assertFalse(self.sneaker.sudo().taxes_id)
        self.assertEqual(self.v38._marketplace_taxes(member), member.account_sale_tax_id)

    def test_invoice_line_takes_the_company_tax(self):
        customer = self.env["res.partner"].create({"name": "Camille Rousseau"})
        invoice = self.env["account.move"].with_company(self.member_lyon).create({
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_line_ids": [Command.create({"product_id": self.v38.id, "quantity": 1, "price_unit": 89.9})],
        })
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.lyon_sale_tax())
        self.assertAlmostEqual(invoice.amount_total, 107.88)
        bill = self.env["account.move"].with_company(self.member_lyon).create({
            "move_type": "in_invoice",
            "partner_id": customer.id,
            "invoice_date": "2026-11-23",
            "invoice_line_ids": [Command.create({"product_id": self.v38.id, "quantity": 1, "price_unit": 39.0})],
        })
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.member_lyon.account_purchase_tax_id)
        self.assertTrue(bill.invoice_line_ids.tax_ids)

    def test_point_of_sale_loads_the_company_tax(self):
        pos = self.env["pos.config"].with_user(self.user_lyon).search([("company_id", "=", self.member_lyon.id)])
        pos.open_ui()
        # Everything, as the register loads at start.
        data = pos.current_session_id.with_user(self.user_lyon).load_data([])
        products = {p["id"]: p for p in data["product.product"]["data"]}
        self.assertIn(self.v38.id, products)
        self.assertEqual(products[self.v38.id]["taxes_id"], self.lyon_sale_tax().ids)

    def test_migration_clears_catalogue_taxes(self):
        """Databases from 18.0.1.0.0 gave catalogue products Odoo's default taxes."""
        tax = self.lyon_sale_tax()
        other = self.env["product.template"].create({"name": "Cirage", "taxes_id": [Command.set(tax.ids)]})
        self.sneaker.write({"taxes_id": [Command.set(tax.ids)], "available_in_pos": False})
        run_migration(self.env, "marketplace_catalog", "18.0.1.1.0")
        self.assertFalse(self.sneaker.sudo().taxes_id)
        self.assertTrue(self.sneaker.available_in_pos)
        self.assertEqual(other.sudo().taxes_id, tax, "other products keep their taxes")
