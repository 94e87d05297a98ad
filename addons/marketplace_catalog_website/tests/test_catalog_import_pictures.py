"""Issue 22, item 3: the supplier import takes the models' pictures (a ZIP beside the CSV, or a ZIP
holding both) and their description; the référencier gives a published model's picture address."""
import base64
import io
import zipfile

from PIL import Image

from odoo.addons.marketplace_catalog.tests.common import CatalogCommon
from odoo.addons.marketplace_catalog.tests.test_catalog_import import row
from odoo.addons.marketplace_catalog.utils import make_ean13
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

HEADER = ("supplier_ref;barcode;name;brand;manufacturer;department;family;subfamily;colour;material;size;"
          "purchase_price;rrp;description\n")


def picture(colour="brown", size=(1200, 800), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def noise_png(megabytes):
    """A PNG that does not compress: ``megabytes`` of random pixels."""
    import os  # noqa: PLC0415

    side = int((megabytes * 1024 * 1024 / 3) ** 0.5) + 1
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCatalogImportPictures(CatalogCommon, TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.csv = (HEADER + row("MEP-ALBAN", 1, "41").rstrip("\n")
                   + ";Derby cousu Goodyear.\nCuir pleine fleur & semelle <cuir>.\n"
                   + row("MEP-ALBAN", 2, "42").rstrip("\n") + ";\n")
        cls.csv = cls.csv.replace(";Derby cousu Goodyear.\nCuir", ';"Derby cousu Goodyear.\nCuir').replace(
            "<cuir>.\n", '<cuir>."\n', 1)

    def run_import(self, file, pictures=None, dry_run=False):
        importer = self.env["marketplace.catalog.import"].with_user(self.admin_user).create({
            "file": base64.b64encode(file), "filename": "catalogue.zip", "dry_run": dry_run,
            "pictures": pictures and base64.b64encode(pictures),
        })
        importer.action_import()
        return importer

    def messages(self, importer):
        return sorted((line.status, line.message) for line in importer.line_ids if line.line_number == 0)

    def test_pictures_beside_the_csv(self):
        self.hub.marketplace_picture_max_mb = 1
        pictures = zipped({
            "MEP-ALBAN.jpg": picture("brown"),
            "MEP-ALBAN_2.png": picture("black", fmt="PNG"),
            f"photos/{make_ean13(2, '300')}.jpg": picture("navy"),  # a size's own picture
            "PAT-JULES-BL.jpg": picture("white"),  # a model already in the catalogue
            "MEP-OSCAR.jpg": picture(),  # named after nothing
            "PAT-JULES-BL_2.jpg": b"Ceci n'est pas une image.",  # a text file named .jpg
            "MEP-ALBAN_3.png": noise_png(1.2),
            "__MACOSX/._MEP-ALBAN.jpg": b"resource fork",
            "lisez-moi.txt": b"texte",
        })
        importer = self.run_import(self.csv.encode(), pictures)
        self.assertEqual((importer.state, importer.created_count, importer.picture_count, importer.refused_count),
                         ("done", 2, 4, 4))
        self.assertEqual([message for status, message in self.messages(importer) if status == "refused"], [
            "MEP-ALBAN_3.png: too large (1.2 MB, at most 1 MB: Settings › Marketplace).",
            "MEP-OSCAR.jpg: no model of the catalogue has this supplier reference, no size this EAN.",
            "PAT-JULES-BL_2.jpg: not a readable image (JPEG, PNG, WebP or GIF, at most 50 million pixels).",
            "lisez-moi.txt: not a picture (JPEG, PNG, WebP or GIF).",
        ])
        self.assertFalse(self.sneaker.product_template_image_ids, "nothing half-imported")
        alban = self.env["product.template"].search([("marketplace_supplier_ref", "=", "MEP-ALBAN")])
        self.assertTrue(alban.image_1920 and alban.image_128, "resized as Odoo does")
        self.assertEqual(Image.open(io.BytesIO(base64.b64decode(alban.image_1920))).size, (1200, 800))
        self.assertEqual(Image.open(io.BytesIO(base64.b64decode(alban.image_128))).size, (128, 85))
        self.assertEqual(alban.product_template_image_ids.mapped("name"), ["MEP-ALBAN (2)"], "one more view")
        size_42 = alban.product_variant_ids.filtered(lambda p: p.barcode == make_ean13(2, "300"))
        self.assertTrue(size_42.image_variant_1920)
        self.assertTrue(self.sneaker.image_1920)
        # The description, as text on the shop (never markup).
        self.assertEqual(alban.description_sale, "Derby cousu Goodyear.\nCuir pleine fleur & semelle <cuir>.")
        self.assertIn("semelle &lt;cuir&gt;", alban.description_ecommerce)
        # Imported again: the view replaced, not added twice.
        again = self.run_import(self.csv.encode(), zipped({"MEP-ALBAN_2.png": picture("grey", fmt="PNG")}))
        self.assertEqual((again.picture_count, again.unchanged_count), (1, 2))
        self.assertEqual(len(alban.product_template_image_ids), 1)

    def test_one_zip_holding_the_csv_and_its_pictures_and_a_dry_run(self):
        archive = zipped({"catalogue.csv": self.csv.encode(), "MEP-ALBAN.jpg": picture()})
        dry = self.run_import(archive, dry_run=True)
        self.assertEqual((dry.created_count, dry.picture_count), (2, 1))
        self.assertFalse(self.env["product.template"].search([("marketplace_supplier_ref", "=", "MEP-ALBAN")]),
                         "a dry run writes nothing")
        done = self.run_import(archive)
        alban = self.env["product.template"].search([("marketplace_supplier_ref", "=", "MEP-ALBAN")])
        self.assertEqual((done.created_count, done.picture_count), (2, 1))
        self.assertTrue(alban.image_1920)

    def test_the_referencier_gives_a_published_models_picture_address(self):
        self.sneaker.image_1920 = base64.b64encode(picture())
        self.env["stock.quant"].sudo()._update_available_quantity(self.v38, self.store_lyon.lot_stock_id, 1)
        self.sneaker.marketplace_validated = True
        self.assertTrue(self.sneaker.is_published)
        Export = self.env["marketplace.catalog.export"].with_user(self.user_lyon).with_company(self.member_lyon)
        content = Export.export_catalog(separator=",")["content"]
        lines = [line.split(",") for line in content.strip().splitlines()]
        self.assertEqual(lines[0][-1], "image_url")
        url = f"{self.sneaker.get_base_url()}/web/image/product.template/{self.sneaker.id}/image_1920"
        self.assertEqual({line[-1] for line in lines[1:]}, {url})
        self.sneaker.marketplace_validated = False  # withdrawn: no address
        content = Export.export_catalog(separator=",")["content"]
        self.assertEqual({line.split(",")[-1] for line in content.strip().splitlines()[1:]}, {""})

    def refused(self, importer):
        return [message for status, message in self.messages(importer) if status == "refused"]

    def test_review_each_bad_file_is_refused_on_its_own_line(self):
        """Review of the pictures: a pixel bomb, a damaged ZIP member, HTML or a fake WebP named
        as a picture, two files for one picture, two brands sharing a reference — each refused
        on its line, the import goes on; a WebP is made a PNG Odoo resizes."""
        import struct  # noqa: PLC0415

        def raw(mode, size, fmt):
            buffer = io.BytesIO()
            Image.new(mode, size).save(buffer, fmt)
            return buffer.getvalue()

        csv = (HEADER + row("MEP-ALBAN", 1, "41").rstrip("\n") + ";\n"
               + row("CLASSIC", 2, "41", brand="Mephisto").rstrip("\n") + ";\n"
               + row("CLASSIC", 3, "41", brand="Paraboot").rstrip("\n") + ";\n").encode()
        webp = io.BytesIO()
        Image.new("RGB", (4000, 3000), "brown").save(webp, "WEBP")
        pictures = bytearray(zipped({
            "MEP-ALBAN_7.jpg": picture("red"),  # its checksum is broken below
            "MEP-ALBAN.webp": webp.getvalue(),
            "a/MEP-ALBAN_2.jpg": picture(), "b/MEP-ALBAN_2.jpg": picture("red"),
            "MEP-ALBAN_3.png": raw("1", (15000, 12000), "PNG"),
            "MEP-ALBAN_4.jpg": b"<html><body>404 Not Found</body></html>",
            "MEP-ALBAN_5.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 not a picture",
            "CLASSIC.jpg": picture(),
        }))
        directory = pictures.find(b"PK\x01\x02")  # the first member's entry: MEP-ALBAN_7.jpg
        pictures[directory + 16:directory + 20] = struct.pack("<I", 0xDEADBEEF)
        importer = self.run_import(csv, bytes(pictures))
        unreadable = "not a readable image (JPEG, PNG, WebP or GIF, at most 50 million pixels)."
        self.assertEqual(self.refused(importer), [
            "CLASSIC.jpg: models of several brands have this supplier reference (Mephisto, Paraboot): name "
            "their pictures after the EAN of a size.",
            "MEP-ALBAN_2.jpg: another file of the ZIP is already this picture.",
            f"MEP-ALBAN_3.png: {unreadable}",
            f"MEP-ALBAN_4.jpg: {unreadable}",
            f"MEP-ALBAN_5.webp: {unreadable}",
            f"MEP-ALBAN_7.jpg: {unreadable}",
        ])
        self.assertEqual(importer.picture_count, 2)
        alban = self.env["product.template"].search([("marketplace_supplier_ref", "=", "MEP-ALBAN")])
        self.assertEqual(Image.open(io.BytesIO(base64.b64decode(alban.image_1920))).format, "PNG")
        self.assertEqual(Image.open(io.BytesIO(base64.b64decode(alban.image_128))).size, (128, 96), "resized")
        self.assertFalse(self.env["product.template"].search([("marketplace_supplier_ref", "=", "CLASSIC")])
                         .filtered("image_1920"), "no brand's model took the other's picture")

    def test_review_the_zip_holds_one_csv_and_a_blank_description_keeps_the_text(self):
        two = zipped({"LISEZMOI.csv": b"x", "catalogue.csv": self.csv.encode()})
        with self.assertRaisesRegex(UserError, "one CSV file of the catalogue, not 2"):
            self.run_import(two)
        readme_first = zipped({"LISEZMOI.txt": b"Bonjour", "catalogue.csv": self.csv.encode()})
        self.assertEqual(self.run_import(readme_first).created_count, 2)
        alban = self.env["product.template"].search([("marketplace_supplier_ref", "=", "MEP-ALBAN")])
        self.assertTrue(alban.description_sale)
        blank = self.csv.replace(';"Derby cousu Goodyear.\nCuir pleine fleur & semelle <cuir>."\n', ";\n")
        self.run_import(blank.encode())
        self.assertTrue(alban.description_sale, "a blank cell leaves the description as it was")
