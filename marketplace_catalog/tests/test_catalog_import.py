import base64

from odoo.tests import TransactionCase, tagged

from ..utils import make_ean13
from .common import CatalogCommon

HEADER = (
    "supplier_ref;barcode;name;brand;manufacturer;department;family;subfamily;colour;material;size;"
    "purchase_price;rrp\n"
)


def row(ref, number, size, purchase="39,00", rrp="79,90", name="Derby Alban cuir marron", brand="Mephisto"):
    return (f"{ref};{make_ean13(number, '300')};{name};{brand};Mephisto SA;Homme;Ville;Derbies;Marron;Cuir;"
            f"{size};{purchase};{rrp}\n")


@tagged("post_install", "-at_install")
class TestCatalogImport(CatalogCommon, TransactionCase):

    def run_import(self, content, dry_run=False, validate=False):
        wizard = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
            "file": base64.b64encode(content.encode("utf-8-sig")), "filename": "fournisseur.csv", "dry_run": dry_run,
            "validate_created": validate,
        })
        wizard.action_import()
        return wizard

    def catalogue_variants(self):
        return self.env["product.product"].search([("barcode", "=like", "300%")])

    FILE = HEADER + row("MEP-ALBAN", 1, "41") + row("MEP-ALBAN", 2, "42") + row("MEP-ALBAN", 3, "42,5") \
        + row("MEP-OSCAR", 4, "40", name="Mocassin Oscar daim bleu")

    def test_import_twice_changes_nothing(self):
        first = self.run_import(self.FILE)
        self.assertEqual((first.created_count, first.updated_count, first.refused_count), (4, 0, 0))
        variants = self.catalogue_variants()
        self.assertEqual(len(variants), 4)
        alban = variants.filtered(lambda p: p.marketplace_supplier_ref == "MEP-ALBAN").product_tmpl_id
        self.assertEqual(len(alban), 1)
        self.assertEqual(sorted(alban.product_variant_ids.mapped("marketplace_size")), ["41", "42", "42.5"])
        self.assertEqual(alban.marketplace_brand_id.name, "Mephisto")
        self.assertEqual((alban.marketplace_department, alban.marketplace_family, alban.marketplace_subfamily),
                         ("Homme", "Ville", "Derbies"))
        self.assertEqual(variants[0].marketplace_purchase_price, 39.0)
        self.assertEqual(variants[0].marketplace_rrp, 79.9)
        # Within a transaction every write stamps the same now(): age the rows, so that any write
        # of the second import shows.
        self.env.flush_all()
        self.env.cr.execute("UPDATE product_product SET write_date = '2020-01-01' WHERE id = ANY(%s)", [variants.ids])
        self.env.cr.execute("UPDATE product_template SET write_date = '2020-01-01' WHERE id = ANY(%s)",
                            [variants.product_tmpl_id.ids])
        self.env.invalidate_all()
        second = self.run_import(self.FILE)
        self.assertEqual((second.created_count, second.updated_count, second.unchanged_count), (0, 0, 4))
        self.assertEqual(self.catalogue_variants(), variants)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual({str(d) for d in variants.mapped("write_date")}, {"2020-01-01 00:00:00"},
                         "no variant rewritten")
        self.assertEqual({str(d) for d in variants.product_tmpl_id.mapped("write_date")}, {"2020-01-01 00:00:00"},
                         "no model rewritten")

    def test_option_validates_the_models_it_creates(self):
        self.run_import(HEADER + row("MEP-ALBAN", 1, "41"))
        alban = self.catalogue_variants().product_tmpl_id
        self.assertFalse(alban.marketplace_validated, "without the option, a new model waits for validation")
        self.run_import(self.FILE, validate=True)
        models = self.catalogue_variants().product_tmpl_id
        oscar = models - alban
        self.assertEqual(oscar.marketplace_supplier_ref, "MEP-OSCAR")
        self.assertTrue(oscar.marketplace_validated, "the import validates what it creates")
        self.assertFalse(alban.marketplace_validated, "a model it only updates keeps the hub's decision")

    def test_changed_price_updates_variant(self):
        self.run_import(self.FILE)
        changed = HEADER + row("MEP-ALBAN", 2, "42", purchase="41,50") + row("MEP-ALBAN", 5, "43")
        wizard = self.run_import(changed)
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, 1))
        variant = self.env["product.product"].search([("barcode", "=", make_ean13(2, "300"))])
        self.assertEqual(variant.marketplace_purchase_price, 41.5)
        self.assertEqual(len(variant.product_tmpl_id.product_variant_ids), 4)

    def test_dry_run_writes_nothing(self):
        wizard = self.run_import(self.FILE, dry_run=True)
        self.assertEqual(wizard.created_count, 4)
        self.assertFalse(self.catalogue_variants())
        self.assertFalse(self.env["marketplace.brand"].search([("name", "=", "Mephisto")]))

    def test_bad_lines_refused_with_line_number(self):
        bad_ean = row("MEP-ALBAN", 1, "41").replace(make_ean13(1, "300"), "3000000000010")
        content = HEADER + row("MEP-ALBAN", 2, "42") + bad_ean + row("MEP-ALBAN", 2, "43") \
            + row("MEP-ALBAN", 6, "44", purchase="gratuit")
        wizard = self.run_import(content)
        self.assertEqual((wizard.created_count, wizard.refused_count), (1, 3))
        refused = {line.line_number: line.message for line in wizard.line_ids if line.status == "refused"}
        self.assertEqual(set(refused), {3, 4, 5})
        self.assertIn("3000000000010", refused[3])
        self.assertIn("EAN-13", refused[3])
        self.assertIn("line 2", refused[4])
        self.assertIn("gratuit", refused[5])

    def test_barcode_of_another_model_refused_others_created(self):
        """A new model whose sizes are born with their barcodes: a barcode that already belongs to
        another model is refused for that line only."""
        self.run_import(self.FILE)
        content = HEADER + row("MEP-PAUL", 7, "40", name="Richelieu Paul") \
            + row("MEP-PAUL", 4, "41", name="Richelieu Paul") + row("MEP-PAUL", 8, "42", name="Richelieu Paul")
        wizard = self.run_import(content)
        self.assertEqual((wizard.created_count, wizard.refused_count), (2, 1))
        refused = wizard.line_ids.filtered(lambda line: line.status == "refused")
        self.assertEqual(refused.line_number, 3)
        self.assertIn("Mocassin Oscar", refused.message)
        paul = self.env["product.template"].search([("marketplace_supplier_ref", "=", "MEP-PAUL")])
        by_size = {v.marketplace_size: v for v in paul.product_variant_ids}
        self.assertEqual(by_size["40"].barcode, make_ean13(7, "300"))
        self.assertEqual(by_size["42"].barcode, make_ean13(8, "300"))
        self.assertEqual(by_size["42"].marketplace_rrp, 79.9)
        self.assertFalse(by_size["41"].barcode)

    def test_upc_barcode_with_a_leading_zero(self):
        """American brands' UPC-A codes, written as EAN-13, begin with 0."""
        content = HEADER + row("CNV-CHUCK", 1, "40", name="Chuck Taylor All Star").replace(
            make_ean13(1, "300"), "0012345678905")
        wizard = self.run_import(content)
        self.assertEqual((wizard.created_count, wizard.refused_count), (1, 0))
        self.assertTrue(self.env["product.product"].search([("barcode", "=", "0012345678905")]))

    def test_barcode_of_a_members_own_product(self):
        own = self.env["product.product"].sudo().create({
            "name": "Derby maison", "company_id": self.member_lyon.id, "barcode": make_ean13(2, "300")})
        wizard = self.run_import(self.FILE)
        self.assertEqual((wizard.created_count, wizard.refused_count), (3, 1))
        refused = wizard.line_ids.filtered(lambda line: line.status == "refused")
        self.assertEqual(refused.line_number, 3)
        self.assertIn(make_ean13(2, "300"), refused.message)
        self.assertIn("Chaussures Testeau", refused.message, "the administrator is told whose product it is")
        self.assertEqual(own.barcode, make_ean13(2, "300"))

    def test_no_input_crashes_the_import(self):
        self.run_import(self.FILE)
        # The size 42 of the Alban derby is withdrawn; a supplier file still offers it, under a new barcode.
        alban_42 = self.env["product.product"].search([("barcode", "=", make_ean13(2, "300"))])
        alban_42.action_archive()
        huge = "x" * 200000
        content = (HEADER + row("MEP-ALBAN", 9, "42")
                   + f"MEP-HUGE;{make_ean13(10, '300')};{huge};B;F;H;V;D;N;C;40;1;2\n"
                   + "MEP-SHORT;1234\n" + ";;;;;;;;;;;;\n" + row("MEP-NEW", 11, "39", name="Botte Élise 👢"))
        wizard = self.run_import(content)
        self.assertEqual(wizard.created_count, 1)
        refused = {line.line_number: line.message for line in wizard.line_ids if line.status == "refused"}
        self.assertEqual(set(refused), {2, 3, 4}, "a line of empty cells is a blank line")
        self.assertIn("42", refused[2])
        self.assertTrue(self.env["product.product"].search([("barcode", "=", make_ean13(11, "300"))]))

    def test_report_line_numbers_are_the_files(self):
        """A blank line and a name written over two lines do not shift the numbers."""
        content = (HEADER + row("MEP-ALBAN", 1, "41") + "\n"
                   + f'MEP-ALBAN;{make_ean13(2, "300")};"Derby Alban\ncuir marron";Mephisto;M;H;V;D;M;C;42;39;79\n'
                   + row("MEP-ALBAN", 3, "43", purchase="gratuit"))
        wizard = self.run_import(content)
        refused = wizard.line_ids.filtered(lambda line: line.status == "refused")
        self.assertEqual(refused.line_number, 6)
        self.assertEqual(wizard.created_count, 2)
