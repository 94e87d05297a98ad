from odoo import Command
from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPurchaseTaxes(CatalogCommon, TransactionCase):
    """A shop buys catalogue shoes at the network purchase price, excluding VAT: its purchase tax
    is added on the order and on the bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supplier = cls.env["res.partner"].create({"name": "Pataugas SAS"})

    def test_purchase_order_and_bill_vat_excluded(self):
        company = self.member_lyon
        order = self.env["purchase.order"].with_company(company).create({
            "partner_id": self.supplier.id,
            "company_id": company.id,
            "order_line": [Command.create({"product_id": self.v38.id, "product_qty": 2, "price_unit": 39.0})],
        })
        line = order.order_line
        self.assertEqual(line.taxes_id, company.account_purchase_tax_id)
        self.assertFalse(line.taxes_id.price_include)
        self.assertAlmostEqual(order.amount_untaxed, 78.0)
        self.assertAlmostEqual(order.amount_total, 93.6)
        order.button_confirm()
        order.order_line.qty_received = 2
        order.action_create_invoice()
        bill = order.invoice_ids
        self.assertEqual(bill.invoice_line_ids.tax_ids, company.account_purchase_tax_id)
        self.assertAlmostEqual(bill.amount_total, 93.6)

    def test_replenishment_line(self):
        company = self.member_lyon
        order = self.env["purchase.order"].with_company(company).create({
            "partner_id": self.supplier.id, "company_id": company.id})
        seller = self.env["product.supplierinfo"].create({
            "partner_id": self.supplier.id, "product_tmpl_id": self.sneaker.id, "price": 39.0,
            "company_id": company.id})
        values = self.env["purchase.order.line"].with_company(company)._prepare_purchase_order_line(
            self.v38, 3, self.v38.uom_id, company, seller, order)
        self.assertEqual(values["taxes_id"], [(6, 0, company.account_purchase_tax_id.ids)])
        self.assertEqual(values["price_unit"], 39.0)
