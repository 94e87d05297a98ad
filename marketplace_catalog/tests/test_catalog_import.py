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

    def run_import(self, content, dry_run=False):
        wizard = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
            "file": base64.b64encode(content.encode("utf-8-sig")), "filename": "fournisseur.csv", "dry_run": dry_run,
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
        write_dates = variants.mapped("write_date")
        second = self.run_import(self.FILE)
        self.assertEqual((second.created_count, second.updated_count, second.unchanged_count), (0, 0, 4))
        self.assertEqual(self.catalogue_variants(), variants)
        self.assertEqual(variants.mapped("write_date"), write_dates)

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
