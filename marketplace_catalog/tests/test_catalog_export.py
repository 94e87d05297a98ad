import csv
import io
import time

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from ..models.marketplace_catalog_export import EXPORT_COLUMNS
from ..utils import make_ean13
from .common import CatalogCommon, delete_committed_product


@tagged("post_install", "-at_install")
class TestCatalogExport(CatalogCommon, TransactionCase):

    def setUp(self):
        super().setUp()
        self.v38.write({"marketplace_purchase_price": 42.0, "marketplace_rrp": 89.9})
        self.Export = self.env["marketplace.catalog.export"].with_user(self.user_lyon).with_company(self.member_lyon)

    def parse(self, content, delimiter=";"):
        return list(csv.reader(io.StringIO(content), delimiter=delimiter))

    def test_columns_and_values(self):
        page = self.Export.export_catalog()
        rows = self.parse(page["content"])
        self.assertEqual(tuple(rows[0]), EXPORT_COLUMNS)
        self.assertEqual(EXPORT_COLUMNS, (
            "supplier_ref", "barcode", "name", "size", "colour", "material", "department", "family",
            "subfamily", "brand", "manufacturer", "purchase_price", "rrp", "status", "image_url"))
        self.assertEqual(page["count"], 4)
        self.assertFalse(page["next_after_id"])
        by_barcode = {row[1]: row for row in rows[1:]}
        self.assertEqual(by_barcode[self.v38.barcode], [
            "PAT-JULES-BL", self.v38.barcode, "Basket Jules cuir blanc", "38", "Blanc", "Cuir", "Homme",
            "Baskets", "Baskets basses", "Pataugas", "Pataugas SAS", "42,00", "89,90", "active", ""])
        comma = self.Export.export_catalog(separator=",")
        row = {r[1]: r for r in self.parse(comma["content"], ",")[1:]}[self.v38.barcode]
        self.assertEqual(row[-4:], ["42.00", "89.90", "active", ""])

    def test_product_outside_nomenclature(self):
        # A model filed directly under the catalogue's root category has no department yet.
        self.sneaker.categ_id = self.env.ref("marketplace_catalog.product_category_catalog")
        rows = self.parse(self.Export.export_catalog()["content"])[1:]
        self.assertEqual(len(rows), 4)
        self.assertEqual({tuple(row[6:9]) for row in rows}, {("", "", "")})

    def test_pages(self):
        first = self.Export.export_catalog(limit=3)
        self.assertEqual(first["count"], 3)
        self.assertTrue(first["next_after_id"])
        second = self.Export.export_catalog(export_id=first["export_id"], after_id=first["next_after_id"], limit=3)
        self.assertEqual(second["count"], 1)
        self.assertFalse(second["next_after_id"])
        self.assertEqual(len(self.parse(second["content"])), 1, "only the first page has the header")
        export = self.env["marketplace.catalog.export"].browse(first["export_id"])
        self.assertEqual(export.line_count, 4)

    def test_delta_has_only_changes(self):
        full = self.Export.export_catalog()
        # Time passes: the catalogue was last written before the export, one size after it.
        self.age_catalogue(full["export_id"])
        self.env.cr.execute("UPDATE product_product SET write_date = '2026-07-01' WHERE id = %s", [self.v40.id])
        self.env.invalidate_all()
        delta = self.Export.export_catalog(delta=True)
        rows = self.parse(delta["content"])
        ours = set(self.variants.mapped("barcode"))
        self.assertEqual([row[1] for row in rows[1:] if row[1] in ours], [self.v40.barcode])
        # Another member's first delta is a full export.
        other = self.env["marketplace.catalog.export"].with_user(self.user_marseille).with_company(
            self.member_marseille).export_catalog(delta=True)
        self.assertEqual(other["count"], 4)

    def delta_barcodes(self, others=None):
        """The fixture's variants (and ``others``) in the next delta (other tests may have
        committed products)."""
        rows = self.parse(self.Export.export_catalog(delta=True)["content"])[1:]
        ours = set((self.variants | (others or self.variants.browse())).mapped("barcode"))
        return {row[1]: row for row in rows if row[1] in ours}

    def test_delta_follows_names_of_brands_categories_and_sizes(self):
        """A renamed brand, family or size puts exactly the variants that show it in the next delta:
        not a model of another brand and family, but its size of the same name."""
        value_39 = self.v39.product_template_attribute_value_ids.product_attribute_value_id
        value_42 = self.env["product.attribute.value"].create({"name": "42", "attribute_id": self.size_attr.id})
        ville = self.env["product.category"].create({"name": "Ville", "parent_id": self.department.id})
        derby = self.env["product.template"].create({
            "name": "Derby Alban cuir marron", "marketplace_catalog": True, "is_storable": True,
            "categ_id": ville.id, "marketplace_brand_id": self.env["marketplace.brand"].create({"name": "Mephisto"}).id,
            "marketplace_supplier_ref": "MEP-ALBAN", "list_price": 129.0,
            "attribute_line_ids": [(0, 0, {"attribute_id": self.size_attr.id,
                                           "value_ids": [(6, 0, (value_39 | value_42).ids)]})],
        }).product_variant_ids
        for number, variant in enumerate(derby, start=100):
            variant.barcode = make_ean13(number)
        derby_39 = derby.filtered(
            lambda v: v.product_template_attribute_value_ids.product_attribute_value_id == value_39)
        sneaker = set(self.variants.mapped("barcode"))
        for change, expected in (
            (lambda: self.brand.write({"name": "Pataugas Paris"}), sneaker),
            (lambda: self.family.write({"name": "Sneakers"}), sneaker),
            (lambda: value_39.write({"name": "39 FR"}), {self.v39.barcode, derby_39.barcode}),
        ):
            self.age_catalogue(self.Export.export_catalog()["export_id"])
            self.assertEqual(self.delta_barcodes(derby), {})
            change()
            self.env.flush_all()
            changed = self.delta_barcodes(derby)
            self.assertEqual(set(changed), expected)
            self.assertEqual({row[-2] for row in changed.values()}, {"active"})
        self.assertEqual(changed[self.v39.barcode][3], "39 FR")
        self.assertEqual(changed[derby_39.barcode][3], "39 FR")

    def test_delta_marks_withdrawn_variants(self):
        self.age_catalogue(self.Export.export_catalog()["export_id"])
        self.v405.sudo().action_archive()
        self.env.flush_all()
        changed = self.delta_barcodes()
        self.assertEqual(set(changed), {self.v405.barcode})
        self.assertEqual(changed[self.v405.barcode][-2], "withdrawn")
        full = self.parse(self.Export.export_catalog()["content"])[1:]
        self.assertNotIn(self.v405.barcode, {row[1] for row in full}, "a full export holds what is sold")

    def test_formulas_neutralised(self):
        """No spreadsheet runs a cell of the référencier."""
        self.sneaker.sudo().write({"name": '=HYPERLINK("http://example.com","Basket")', "marketplace_colour": "+33",
                                   "marketplace_material": "@SUM(A1)", "marketplace_manufacturer": "-1+2"})
        row = {r[1]: r for r in self.parse(self.Export.export_catalog()["content"])[1:]}[self.v38.barcode]
        self.assertEqual(row[2], "'=HYPERLINK(\"http://example.com\",\"Basket\")")
        self.assertEqual((row[4], row[5], row[10]), ("'+33", "'@SUM(A1)", "'-1+2"))
        self.assertEqual(row[1], self.v38.barcode)

    def test_bad_arguments_get_a_clear_message(self):
        for kwargs in ({"limit": "beaucoup"}, {"after_id": "x"}, {"export_id": [1]}, {"limit": -5},
                       {"separator": "|"}, {"separator": ["；"]}):
            with self.subTest(kwargs=kwargs), self.assertRaises(UserError):
                self.Export.export_catalog(**kwargs)

    def test_stream_to_file(self):
        export = self.Export._marketplace_start()
        spool = export._stream_to_file()
        data = spool.read()
        self.assertTrue(data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM for French Excel")
        self.assertEqual(len(data.decode("utf-8-sig").strip().split("\r\n")), 5)


@tagged("post_install", "-at_install")
class TestCatalogExportDownload(CatalogCommon, HttpCase):

    def test_member_downloads_own_export_only(self):
        export = self.env["marketplace.catalog.export"].with_user(self.user_lyon).with_company(
            self.member_lyon)._marketplace_start()
        self.authenticate("testeau", "member-pass")
        response = self.url_open(f"/marketplace/catalog/export/{export.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertIn("referencier-T001-full", response.headers["Content-Disposition"])
        lines = response.content.decode("utf-8-sig").strip().split("\r\n")
        self.assertEqual(lines[0], ";".join(EXPORT_COLUMNS))
        self.assertEqual(len(lines), 5)
        self.authenticate("vieuxport", "member-pass")
        self.assertEqual(self.url_open(f"/marketplace/catalog/export/{export.id}").status_code, 404)


@tagged("post_install", "-at_install")
class TestCatalogExportConcurrency(TransactionCase):
    """A catalogue change whose transaction began before a member's export and committed after it
    is in that member's next delta. Committed data, real separate cursors."""

    BARCODE = make_ean13(990002)

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["res.company"]._marketplace_ensure_hub()
            member = env["res.company"].search([("marketplace_member_code", "=", "DELTA")])
            if not member:
                member = env["res.company"].create({
                    "name": "Chaussures Delta", "marketplace_role": "member", "marketplace_member_code": "DELTA"})
            product = env["product.template"].create({
                "name": "Botte delta", "marketplace_catalog": True, "is_storable": True, "barcode": self.BARCODE,
            }).product_variant_id
            product.marketplace_rrp = 80.0
            self.member_id, self.product_id = member.id, product.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM marketplace_catalog_export WHERE company_id = %s", [self.member_id])
            delete_committed_product(cr, self.product_id)

    def export(self, cr, delta):
        Export = api.Environment(cr, SUPERUSER_ID, {})["marketplace.catalog.export"].with_company(self.member_id)
        export = Export._marketplace_start(delta=delta)
        Export.env.flush_all()  # its environment goes with this call: the commit would not flush it
        rrp = 1 + EXPORT_COLUMNS.index("rrp")
        return {row[2]: row[rrp] for row in export._fetch_page(0, 100000)}

    def test_change_committed_after_an_export_is_in_the_next_delta(self):
        with self.registry.cursor() as cr_change:
            product = api.Environment(cr_change, SUPERUSER_ID, {})["product.product"].browse(self.product_id)
            product.write({"marketplace_rrp": 99.0})
            product.env.flush_all()
            time.sleep(1.1)  # a long transaction: the export comes a second later
            with self.registry.cursor() as cr_export:
                full = self.export(cr_export, delta=False)
                self.assertEqual(full[self.BARCODE], 80.0, "the change is not committed yet")
        with self.registry.cursor() as cr_next:
            delta = self.export(cr_next, delta=True)
        self.assertIn(self.BARCODE, delta)
        self.assertEqual(delta[self.BARCODE], 99.0)
