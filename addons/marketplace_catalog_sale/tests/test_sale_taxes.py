from odoo import Command
from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.tests import Form, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSaleTaxes(CatalogCommon, TransactionCase):
    """A customer order of catalogue shoes, typed by hand or from the website, in the hub or in a
    member: the catalogue price is VAT included, and so is the invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Camille Rousseau", "city": "Lyon"})

    def order(self, company, *products):
        return self.env["sale.order"].with_company(company).create({
            "partner_id": self.customer.id,
            "company_id": company.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1}) for product in products],
        })

    def test_order_and_invoice_vat_included(self):
        for company in (self.hub, self.member_lyon):
            order = self.order(company, self.v38, self.v39)
            vat = company.marketplace_catalog_tax_id
            self.assertTrue(vat.price_include)
            self.assertEqual(order.order_line.tax_id, vat)
            self.assertEqual(order.order_line.mapped("price_unit"), [89.90, 89.90])
            self.assertAlmostEqual(order.amount_total, 179.80)
            self.assertAlmostEqual(order.amount_tax, 29.96, msg="14.98 a line, rounded per line")
            order.action_confirm()
            invoice = order._create_invoices()
            self.assertEqual(invoice.invoice_line_ids.tax_ids, vat)
            self.assertAlmostEqual(invoice.amount_total, 179.80)
            self.assertAlmostEqual(invoice.amount_tax, 29.96)
            self.assertFalse(self.sneaker.sudo().taxes_id, "no tax link on the shared product")

    def test_fiscal_position_on_the_order(self):
        export = self.env["account.tax"].create({
            "name": "Export 0 %", "amount": 0.0, "type_tax_use": "sale", "company_id": self.hub.id})
        position = self.env["account.fiscal.position"].create({
            "name": "Export hors UE", "company_id": self.hub.id,
            "tax_ids": [Command.create({"tax_src_id": self.hub.marketplace_catalog_tax_id.id,
                                        "tax_dest_id": export.id})],
        })
        order = self.order(self.hub, self.v38)
        order.fiscal_position_id = position
        order.order_line._compute_tax_id()
        order.order_line.with_context(force_price_recomputation=True)._compute_price_unit()
        self.assertEqual(order.order_line.tax_id, export)
        self.assertAlmostEqual(order.amount_total, 74.92)

    def test_expense_reinvoiced_takes_the_catalogue_vat(self):
        order = self.order(self.hub, self.v38)
        bill = self.env["account.move"].create({
            "move_type": "in_invoice", "partner_id": self.customer.id, "invoice_date": "2026-11-23",
            "invoice_line_ids": [Command.create({"product_id": self.v39.id, "quantity": 1, "price_unit": 39.0})],
        })
        values = bill.invoice_line_ids._sale_prepare_sale_line_values(order, 89.90)
        self.assertEqual(values["tax_id"], self.hub.marketplace_catalog_tax_id.ids)

    def test_members_own_products_keep_odoos_behaviour(self):
        own = self.env["product.product"].create({
            "name": "Lacets cirés", "company_id": self.member_lyon.id, "list_price": 10.0,
            "taxes_id": [Command.set(self.member_lyon.account_sale_tax_id.ids)]})
        order = self.order(self.member_lyon, own)
        self.assertEqual(order.order_line.tax_id, self.member_lyon.account_sale_tax_id)
        self.assertAlmostEqual(order.amount_total, 12.0)

    def test_catalogue_shoe_created_in_the_form_sells_at_its_price(self):
        """Issue 17, case 16: the form (or a client) puts Odoo's default taxes on a new product;
        a catalogue product never keeps them, however it is made."""
        form = Form(self.env["product.template"].with_user(self.admin_user).with_company(self.hub))
        form.name = "Mocassins cuir"
        form.marketplace_catalog = True
        form.is_storable = True
        form.list_price = 100.0
        self.assertTrue(form.taxes_id, "Odoo's form proposes its default taxes")
        made = [form.save()]
        made.append(self.env["product.template"].with_user(self.admin_user).create({
            "name": "Derbies", "marketplace_catalog": True, "list_price": 100.0,
            "taxes_id": [Command.set((self.hub.account_sale_tax_id | self.member_lyon.account_sale_tax_id).ids)],
            "supplier_taxes_id": [Command.set(self.hub.account_purchase_tax_id.ids)]}))
        made.append(made[0].with_user(self.admin_user).copy())
        for template in made:
            self.assertFalse(template.sudo().taxes_id, template.name)
            self.assertFalse(template.sudo().supplier_taxes_id, template.name)
            order = self.order(self.hub, template.product_variant_id)
            self.assertAlmostEqual(order.amount_total, 100.0, msg=template.name)
