import csv
import io

from odoo.tests import HttpCase, TransactionCase, tagged

from ..models.marketplace_catalog_export import EXPORT_COLUMNS
from .common import CatalogCommon


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
            "subfamily", "brand", "manufacturer", "purchase_price", "rrp"))
        self.assertEqual(page["count"], 4)
        self.assertFalse(page["next_after_id"])
        by_barcode = {row[1]: row for row in rows[1:]}
        self.assertEqual(by_barcode[self.v38.barcode], [
            "PAT-JULES-BL", self.v38.barcode, "Basket Jules cuir blanc", "38", "Blanc", "Cuir", "Homme",
            "Baskets", "Baskets basses", "Pataugas", "Pataugas SAS", "42,00", "89,90"])
        comma = self.Export.export_catalog(separator=",")
        row = {r[1]: r for r in self.parse(comma["content"], ",")[1:]}[self.v38.barcode]
        self.assertEqual(row[-2:], ["42.00", "89.90"])

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
        export = self.env["marketplace.catalog.export"].browse(full["export_id"])
        self.env.flush_all()
        # Time passes: the catalogue was last written before the export, one size after it.
        self.env.cr.execute("UPDATE marketplace_catalog_export SET snapshot = '2026-06-01' WHERE id = %s", [export.id])
        self.env.cr.execute("UPDATE product_template SET write_date = '2026-05-01' WHERE id = %s", [self.sneaker.id])
        self.env.cr.execute("UPDATE product_product SET write_date = '2026-05-01' WHERE product_tmpl_id = %s",
                            [self.sneaker.id])
        self.env.cr.execute("UPDATE product_product SET write_date = '2026-07-01' WHERE id = %s", [self.v40.id])
        self.env.invalidate_all()
        delta = self.Export.export_catalog(delta=True)
        rows = self.parse(delta["content"])
        self.assertEqual([row[1] for row in rows[1:]], [self.v40.barcode])
        # Another member's first delta is a full export.
        other = self.env["marketplace.catalog.export"].with_user(self.user_marseille).with_company(
            self.member_marseille).export_catalog(delta=True)
        self.assertEqual(other["count"], 4)

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
