from odoo import Command
from odoo.addons.marketplace_base.tests.common import run_migration
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestCatalogueTaxes(CatalogCommon, TransactionCase):
    """Shared catalogue products carry no per-company taxes (each new member's chart of accounts
    would otherwise add its taxes to every one of them); each company sells them with its
    catalogue VAT, included in the catalogue's prices (a shoe at 89.90 € sells for 89.90 € with
    14.98 € of VAT), and buys them with its purchase tax on the network price excluding VAT."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Camille Rousseau"})

    def catalogue_vat(self, company):
        tax = company.marketplace_catalog_tax_id
        self.assertEqual((tax.amount, tax.amount_type, tax.type_tax_use), (20.0, "percent", "sale"))
        self.assertTrue(tax.price_include and tax.active, "French VAT at 20 %, included in the price")
        return tax

    def invoice(self, company, product, move_type="out_invoice", **line):
        return self.env["account.move"].with_company(company).create({
            "move_type": move_type,
            "partner_id": self.customer.id,
            "invoice_date": "2026-11-23",
            "invoice_line_ids": [Command.create({"product_id": product.id, "quantity": 1, **line})],
        })

    def test_catalogue_products_carry_no_taxes(self):
        self.assertFalse(self.sneaker.sudo().taxes_id)
        self.assertFalse(self.sneaker.sudo().supplier_taxes_id)
        # Other products keep Odoo's defaults.
        other = self.env["product.template"].create({"name": "Carte cadeau"})
        self.assertTrue(other.sudo().taxes_id)

    def test_every_company_has_its_catalogue_vat(self):
        for company in (self.hub, self.member_lyon, self.member_marseille):
            self.assertEqual(company.chart_template, "fr", "the hub is a French company too")
            self.assertEqual(self.v38._marketplace_taxes(company), self.catalogue_vat(company))
            self.assertEqual(self.v38._marketplace_taxes(company, "purchase"), company.account_purchase_tax_id)
            self.assertFalse(company.account_purchase_tax_id.price_include, "the network price excludes VAT")

    def test_new_member_adds_no_tax_to_the_catalogue(self):
        taxed = self.env["product.template"].create({"name": "Cirage", "taxes_id": [Command.set(
            self.member_lyon.account_sale_tax_id.ids)]})
        member = self.enrol_member("T003", "Chaussures Martin", "T003-01", "12 rue du Château",
                                   "44000", "Nantes")
        # The trap is real for a taxed shared product: the new chart gave it its tax ...
        self.assertIn(member, taxed.sudo().taxes_id.company_id)
        # ... and does not touch the catalogue.
        self.assertFalse(self.sneaker.sudo().taxes_id)
        self.assertEqual(self.v38._marketplace_taxes(member), self.catalogue_vat(member))

    def test_invoice_at_the_catalogue_price_vat_included(self):
        for company in (self.member_lyon, self.hub):
            invoice = self.invoice(company, self.v38)
            line = invoice.invoice_line_ids
            self.assertEqual(line.tax_ids, self.catalogue_vat(company))
            self.assertAlmostEqual(line.price_unit, 89.90)
            self.assertAlmostEqual(invoice.amount_total, 89.90)
            self.assertAlmostEqual(invoice.amount_tax, 14.98)
            self.assertAlmostEqual(invoice.amount_untaxed, 74.92)

    def test_members_own_products_keep_odoos_behaviour(self):
        own = self.env["product.product"].with_company(self.member_lyon).create({
            "name": "Lacets cirés", "company_id": self.member_lyon.id, "list_price": 10.0})
        invoice = self.invoice(self.member_lyon, own)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.member_lyon.account_sale_tax_id)
        self.assertAlmostEqual(invoice.amount_total, 12.0, msg="Odoo's default tax, price excluded")

    def test_vendor_bill_at_the_network_purchase_price(self):
        bill = self.invoice(self.member_lyon, self.v38, move_type="in_invoice", price_unit=39.0)
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.member_lyon.account_purchase_tax_id)
        self.assertAlmostEqual(bill.amount_untaxed, 39.0)
        self.assertAlmostEqual(bill.amount_tax, 7.8)
        self.assertAlmostEqual(bill.amount_total, 46.8)

    def test_fiscal_position_maps_the_catalogue_vat(self):
        """A customer outside the EU pays no French VAT: the price drops to the price excluding VAT."""
        company = self.member_lyon
        export = self.env["account.tax"].with_company(company).create({
            "name": "Export 0 %", "amount": 0.0, "type_tax_use": "sale", "company_id": company.id})
        position = self.env["account.fiscal.position"].with_company(company).create({
            "name": "Export hors UE", "company_id": company.id,
            "tax_ids": [Command.create({"tax_src_id": self.catalogue_vat(company).id, "tax_dest_id": export.id})],
        })
        self.customer.with_company(company).property_account_position_id = position
        invoice = self.invoice(company, self.v38)
        self.assertEqual(invoice.fiscal_position_id, position)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, export)
        self.assertAlmostEqual(invoice.amount_total, 74.92)

    def test_each_size_at_its_recommended_price(self):
        self.sneaker.product_variant_ids.write({"marketplace_rrp": 89.90})
        self.v405.marketplace_rrp = 94.90
        self.assertAlmostEqual(self.v405.lst_price, 94.90)
        self.assertAlmostEqual(self.v38.lst_price, 89.90)
        invoice = self.invoice(self.member_lyon, self.v405)
        self.assertAlmostEqual(invoice.amount_total, 94.90)
        self.sneaker.list_price = 79.90
        self.assertAlmostEqual(self.v405.lst_price, 94.90, msg="the size keeps its own price")

    def test_product_form_tax_string(self):
        self.assertEqual(self.v38.with_company(self.member_lyon).tax_string, "(= 74.92\xa0€ Excl. Taxes)")

    def test_no_tax_of_its_own_on_a_catalogue_product(self):
        with self.assertRaisesRegex(UserError, "carry no taxes of their own"):
            self.sneaker.with_user(self.admin_user).taxes_id = self.hub.account_sale_tax_id

    def test_migration_clears_catalogue_taxes(self):
        """Databases from 18.0.1.0.0 gave catalogue products Odoo's default taxes."""
        tax = self.member_lyon.account_sale_tax_id
        other = self.env["product.template"].create({"name": "Cirage", "taxes_id": [Command.set(tax.ids)]})
        self.env.cr.execute("INSERT INTO product_taxes_rel (prod_id, tax_id) VALUES (%s, %s)",
                            [self.sneaker.id, tax.id])
        self.env.cr.execute("UPDATE product_template SET available_in_pos = FALSE WHERE id = %s", [self.sneaker.id])
        run_migration(self.env, "marketplace_catalog", "18.0.1.1.0")
        self.assertFalse(self.sneaker.sudo().taxes_id)
        self.assertTrue(self.sneaker.available_in_pos)
        self.assertEqual(other.sudo().taxes_id, tax, "other products keep their taxes")

    def test_migration_sets_catalogue_vat_and_size_prices(self):
        """Databases from 18.0.1.1.0 had neither."""
        self.v40.marketplace_rrp = 99.90
        # The database as 18.0.1.1.0 left it: every pending write flushed first, then the SQL.
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_company SET marketplace_catalog_tax_id = NULL")
        self.env.cr.execute("UPDATE product_template_attribute_value SET price_extra = 0")
        self.env.invalidate_all()
        self.assertFalse(self.member_lyon.marketplace_catalog_tax_id)
        self.assertAlmostEqual(self.v40.lst_price, self.v40.product_tmpl_id.list_price)
        self.assertNotAlmostEqual(self.v40.lst_price, 99.90)
        run_migration(self.env, "marketplace_catalog", "18.0.1.2.0", from_version="18.0.1.1.0")
        self.env.invalidate_all()
        tax = self.catalogue_vat(self.member_lyon)
        self.assertEqual(tax.company_id, self.member_lyon)
        line = self.invoice(self.member_lyon, self.v38).invoice_line_ids
        self.assertEqual(line.tax_ids, tax, "an invoice line of a catalogue product takes it")
        self.assertAlmostEqual(self.v40.lst_price, 99.90)


@tagged("post_install", "-at_install")
class TestCatalogueTaxesPointOfSale(CatalogCommon, TransactionCase):
    """Every path by which a store's Point of Sale learns a product's taxes gives the catalogue VAT:
    products loaded at start, a scanned barcode that was not loaded, the product information
    popup, a product searched in the database, a line typed in the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pos = cls.env["pos.config"].search([("company_id", "=", cls.member_lyon.id)])
        cls.pos.with_user(cls.user_lyon).open_ui()
        cls.session = cls.pos.current_session_id
        cls.vat = cls.member_lyon.marketplace_catalog_tax_id
        cls.cashier_env = cls.env(user=cls.user_lyon, context={"allowed_company_ids": cls.member_lyon.ids})

    def test_products_loaded_at_start(self):
        data = self.session.with_env(self.cashier_env).load_data([])
        products = {p["id"]: p for p in data["product.product"]["data"]}
        self.assertEqual(products[self.v38.id]["taxes_id"], self.vat.ids)
        self.assertIn(self.vat.id, {tax["id"] for tax in data["account.tax"]["data"]}, "the register knows the tax")

    def test_scanned_barcode_not_loaded(self):
        """A register loads at most a set number of products (20,000 by default, of 50,000 variants):
        the cashier scans the others."""
        self.env["ir.config_parameter"].set_param("point_of_sale.limited_product_count", 1)
        self.env["product.product"].create({
            "name": "Chaussettes", "company_id": self.member_lyon.id, "available_in_pos": True, "is_favorite": True})
        self.sneaker.is_favorite = False  # products without a favourite flag come first
        session = self.session.with_env(self.cashier_env)
        loaded = {p["id"] for p in session.load_data([])["product.product"]["data"]}
        self.assertNotIn(self.v39.id, loaded)
        result = session.find_product_by_barcode(self.v39.barcode, self.pos.id)
        self.assertEqual([p["taxes_id"] for p in result["product.product"]], [self.vat.ids])

    def test_products_read_by_the_register(self):
        """Siblings of a variant, a search in the database: the register reads products itself."""
        Product = self.cashier_env["product.product"]
        read = Product.search_read([("product_tmpl_id", "=", self.sneaker.id)], ["taxes_id", "lst_price"])
        self.assertEqual({tuple(p["taxes_id"]) for p in read}, {tuple(self.vat.ids)})
        self.assertEqual(Product.browse(self.v40.id).read(["taxes_id"])[0]["taxes_id"], self.vat.ids)

    def test_product_information(self):
        info = self.v38.with_env(self.cashier_env).get_product_info_pos(89.90, 1, self.pos.id)
        self.assertAlmostEqual(info["all_prices"]["price_with_tax"], 89.90)
        self.assertAlmostEqual(info["all_prices"]["price_without_tax"], 74.92)
        self.assertAlmostEqual(info["all_prices"]["tax_details"][0]["amount"], 14.98)

    def test_line_typed_in_the_back_office(self):
        order = self.env["pos.order"].create({
            "company_id": self.member_lyon.id, "session_id": self.session.id, "amount_tax": 0.0,
            "amount_total": 0.0, "amount_paid": 0.0, "amount_return": 0.0,
        })
        line = self.env["pos.order.line"].new({"order_id": order.id, "product_id": self.v38.id, "qty": 1.0})
        line._onchange_product_id()
        self.assertEqual(line.tax_ids._origin, self.vat)
        self.assertAlmostEqual(line.price_unit, 89.90)
        self.assertAlmostEqual(line.price_subtotal_incl, 89.90)
        self.assertAlmostEqual(line.price_subtotal, 74.92)

    def test_members_own_product_keeps_its_taxes(self):
        own = self.env["product.product"].create({
            "name": "Semelles gel", "company_id": self.member_lyon.id, "available_in_pos": True,
            "taxes_id": [Command.set(self.member_lyon.account_sale_tax_id.ids)]})
        read = self.cashier_env["product.product"].browse(own.id).read(["taxes_id"])[0]
        self.assertEqual(read["taxes_id"], self.member_lyon.account_sale_tax_id.ids)
