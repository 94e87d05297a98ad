import base64
import logging

from odoo import api, fields, models
from odoo.addons.marketplace_base.models.queue_job import job_savepoint
from odoo.addons.queue_job.delay import chain
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every

from ..utils import (
    PICTURE_EXTENSIONS,
    clean_picture,
    draw_shoe,
    is_ean13,
    parse_price,
    picture_keys,
    read_csv,
    read_zip,
)

_logger = logging.getLogger(__name__)

# Column of the supplier file -> accepted header names (English and French).
COLUMNS = {
    "supplier_ref": ("supplier_ref", "référence fournisseur", "reference fournisseur", "ref_fournisseur"),
    "barcode": ("barcode", "ean", "ean13", "code barre", "code_barre", "gencod"),
    "name": ("name", "désignation", "designation", "libellé", "libelle"),
    "brand": ("brand", "marque"),
    "manufacturer": ("manufacturer", "fabricant"),
    "department": ("department", "rayon"),
    "family": ("family", "famille"),
    "subfamily": ("subfamily", "sub_family", "sous-famille", "sous_famille"),
    "colour": ("colour", "color", "couleur"),
    "material": ("material", "matière", "matiere"),
    "size": ("size", "pointure", "taille"),
    "purchase_price": ("purchase_price", "prix d'achat", "prix_achat"),
    "rrp": ("rrp", "recommended_price", "prix conseillé", "prix_conseille", "pvc"),
    "description": ("description", "descriptif"),
}
ALIASES = {alias: column for column, names in COLUMNS.items() for alias in names}
REQUIRED = ("supplier_ref", "barcode", "name", "size")
TEMPLATE_CHUNK = 50
# Rows a job of a queued import takes (whole models, never split): a few seconds each, well within
# the time limits of the HTTP worker the job runner runs it in.
JOB_ROWS = 2000
# The CSV of a ZIP read at most this far (a 100,000-line catalogue weighs about 15 MB).
CSV_IN_ZIP_MAX_BYTES = 32 * 1024 * 1024


class _DryRun(Exception):
    """Raised to roll a dry run back."""


class MarketplaceCatalogImport(models.Model):
    """A supplier catalogue import and its report. A large file is imported by a chain of jobs
    (OCA queue_job), a few thousand rows each: the administrator gets the import at once,
    queued, and its report fills as the jobs run."""

    _name = "marketplace.catalog.import"
    _description = "Import a Supplier Catalogue"
    _order = "id desc"

    # ------------------------------------------------------------------ fields
    file = fields.Binary(required=True, help="The supplier's CSV file, or a ZIP holding it and the models' pictures.")
    filename = fields.Char()
    pictures = fields.Binary(
        string="Pictures (ZIP)",
        help="The models' pictures, named after the supplier reference (PAT-JULES-BL.jpg; PAT-JULES-BL_2.jpg, _3… "
        "for more views) or after a size's EAN (a colour's own picture).")
    pictures_filename = fields.Char()
    dry_run = fields.Boolean(default=True, help="Check the file and report what would change, write nothing.")
    validate_created = fields.Boolean(
        string="Validate New Models for Sale",
        help="The models this import creates are validated for sale at once: they are offered online as "
        "soon as an open store publishes one of their sizes. Models already in the catalogue keep their "
        "validation.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("queued", "Queued"), ("done", "Done"), ("failed", "Failed")], default="draft",
        help="Failed: a part of a queued import could not be imported (the administrators were told in the job "
        "queue); the parts before it are imported, those after it wait. Requeued there and imported, the import "
        "goes on.")
    error_message = fields.Text(string="Error", readonly=True, copy=False)
    job_count = fields.Integer(string="Jobs", readonly=True)
    jobs_done = fields.Json(readonly=True, copy=False, help="The chunks of a queued import already applied.")
    created_count = fields.Integer(string="Created", readonly=True)
    updated_count = fields.Integer(string="Updated", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    refused_count = fields.Integer(string="Refused", readonly=True)
    picture_count = fields.Integer(string="Pictures", readonly=True)
    line_ids = fields.One2many("marketplace.catalog.import.line", "import_id", string="Report", readonly=True)

    # ----------------------------------------------------------------- actions
    def action_import(self):
        self.ensure_one()
        self.env["res.company"]._marketplace_check_admin()
        data, pictures = self._marketplace_read_files()
        header, rows, errors = read_csv(data, ALIASES)
        missing = [column for column in REQUIRED if column not in header]
        if missing:
            raise UserError(self.env._(
                "The file lacks the columns %(columns)s (see the README for the expected columns).",
                columns=", ".join(missing),
            ))
        csv_errors = [self._line(number, {}, "refused", self._csv_error_message(reason))
                      for number, reason, _cells in errors]
        if not self.dry_run and len(rows) > self.env["res.company"]._marketplace_hub().marketplace_feed_async_threshold:
            self._marketplace_queue(rows, csv_errors, pictures=bool(pictures))
            return self._marketplace_form_action()
        report = []
        try:
            with self.env.cr.savepoint():
                # As Odoo's own import: no chatter message for every product created or changed.
                importer = self.with_context(tracking_disable=True)
                report = importer._import_rows(rows) + csv_errors + importer._import_pictures(pictures)
                if self.dry_run:
                    raise _DryRun()
        except _DryRun:
            self.env.invalidate_all()
        self._marketplace_add_report(report, state="done")
        return self._marketplace_form_action()

    def _marketplace_form_action(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # ---------------------------------------------------------------- business
    def _marketplace_add_report(self, report, state=None):
        """Add ``report`` (one dict per row) to the import's counters and lines."""
        report.sort(key=lambda r: r["line_number"])
        vals = {
            f"{status}_count": self[f"{status}_count"] + sum(1 for r in report if r["status"] == status)
            for status in ("created", "updated", "unchanged", "refused", "picture")
        }
        vals["line_ids"] = [fields.Command.create(r) for r in report if r["status"] != "unchanged"]
        if state:
            vals["state"] = state
        self.write(vals)

    def _marketplace_read_files(self):
        """(CSV bytes, pictures) of the import: its file, or the CSV of the ZIP given as its file;
        the pictures of that ZIP and of the pictures' ZIP, as ``read_zip`` lists them."""
        data = base64.b64decode(self.file or b"")
        pictures = []
        try:
            archive = read_zip(data)
            if archive is not None:
                csv_files = [entry for entry in archive if entry[0].lower().endswith(".csv")]
                if len(csv_files) != 1:
                    raise UserError(self.env._(
                        "The ZIP file must hold one CSV file of the catalogue, not %(count)s (%(names)s).",
                        count=len(csv_files), names=", ".join(entry[0] for entry in csv_files) or "-"))
                if csv_files[0][1] > CSV_IN_ZIP_MAX_BYTES:
                    raise UserError(self.env._(
                        "The CSV file of the ZIP is too large (at most %(size)s MB).",
                        size=CSV_IN_ZIP_MAX_BYTES // 1024 // 1024))
                data = csv_files[0][2]()
                pictures += [entry for entry in archive if entry not in csv_files]
            if self.pictures:
                archive = read_zip(base64.b64decode(self.pictures))
                if archive is None:
                    raise UserError(self.env._("The pictures must come in a ZIP file."))
                pictures += archive
        except ValueError as error:
            raise UserError(self.env._(
                "This ZIP file is too large or damaged to unpack: send the pictures in several files.")) from error
        return data, pictures

    def _import_pictures(self, pictures):
        """Give the catalogue's models and sizes the pictures named after them: ``REF.jpg`` is the
        main picture of the model whose supplier reference is REF, ``REF_2.jpg``, ``REF_3.jpg``
        more views of it (``_marketplace_add_extra_picture``), ``EAN.jpg`` the picture of that
        size (a colour's own). Odoo resizes each as it does any image (``image_1920`` and its
        smaller sizes). A file that is not an image, too large (Settings: at most so many MB) or
        named after nothing is refused on its own line; each picture is written whole or not at
        all. Returns one report dict per picture."""
        if not pictures:
            return []
        hub = self.env["res.company"]._marketplace_hub()
        max_mb = hub.marketplace_picture_max_mb or 10
        stems = {stem for name, _size, _read in pictures for stem, _view in picture_keys(name)}
        Template = self.env["product.template"].sudo().with_context(active_test=False)
        templates = {}
        for template in Template.search(
                [("marketplace_catalog", "=", True), ("marketplace_supplier_ref", "in", list(stems))]):
            templates[template.marketplace_supplier_ref] = templates.get(template.marketplace_supplier_ref,
                                                                         Template) | template
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        variants = {p.barcode: p for p in Product.search(
            [("product_tmpl_id.marketplace_catalog", "=", True), ("barcode", "in", list(stems))])}
        report, seen = [], set()
        for name, size, read in sorted(pictures, key=lambda entry: entry[0]):
            target = view = None
            for stem, number in picture_keys(name):
                if stem in templates:
                    target, view = templates[stem], number
                    break
                if stem in variants and number == 1:
                    target, view = variants[stem], 1
                    break
            row = {"supplier_ref": target[:1].marketplace_supplier_ref if target else picture_keys(name)[0][0],
                   "barcode": target.barcode if target and target._name == "product.product" else ""}
            if not name.lower().endswith(PICTURE_EXTENSIONS):
                report.append(self._line(0, row, "refused", self.env._(
                    "%(file)s: not a picture (JPEG, PNG, WebP or GIF).", file=name)))
                continue
            if not target:
                report.append(self._line(0, row, "refused", self.env._(
                    "%(file)s: no model of the catalogue has this supplier reference, no size this EAN.",
                    file=name)))
                continue
            if len(target) > 1:
                report.append(self._line(0, row, "refused", self.env._(
                    "%(file)s: models of several brands have this supplier reference (%(brands)s): name their "
                    "pictures after the EAN of a size.",
                    file=name, brands=", ".join(target.marketplace_brand_id.mapped("name")))))
                continue
            if (target, view) in seen:
                report.append(self._line(0, row, "refused", self.env._(
                    "%(file)s: another file of the ZIP is already this picture.", file=name)))
                continue
            seen.add((target, view))
            if size > max_mb * 1024 * 1024:
                report.append(self._line(0, row, "refused", self.env._(
                    "%(file)s: too large (%(size)s MB, at most %(max)s MB: Settings › Marketplace).",
                    file=name, size=round(size / 1024 / 1024, 1), max=max_mb)))
                continue
            try:
                with self.env.cr.savepoint():
                    image = base64.b64encode(clean_picture(read()))
                    if target._name == "product.product":
                        target.image_variant_1920 = image
                    elif view == 1:
                        target.image_1920 = image
                    elif not self._marketplace_add_extra_picture(target, view, image):
                        report.append(self._line(0, row, "refused", self.env._(
                            "%(file)s: more views of a model are shown by the online shop (eCommerce), which is "
                            "not installed.", file=name)))
                        continue
            except Exception:  # noqa: BLE001 - whatever a file holds, it is refused on its own line
                _logger.info("Picture %s refused", name, exc_info=True)
                report.append(self._line(0, row, "refused", self.env._(
                    "%(file)s: not a readable image (JPEG, PNG, WebP or GIF, at most 50 million pixels).",
                    file=name)))
                continue
            report.append(self._line(0, row, "picture", self.env._("%(file)s: picture imported.", file=name)))
        return report

    def _marketplace_add_extra_picture(self, template, view, image):
        """Add ``image`` as view number ``view`` of ``template``; False where nothing shows more
        views (the website's module shows them, as website_sale's extra media)."""
        return False

    @job_savepoint
    def _marketplace_import_pictures_job(self):
        """The last job of a queued import: its pictures, once its models exist."""
        self.ensure_one()
        _data, pictures = self._marketplace_read_files()
        report = self.sudo().with_context(tracking_disable=True)._import_pictures(pictures)
        self.sudo()._marketplace_add_report(report)
        return self.env._("%(count)s pictures.", count=len(report))

    def _marketplace_description_vals(self, text):
        """A model's values for the supplier's description (plain text, never markup); the
        website's module fills the shop's description too."""
        return {"description_sale": text or False}

    def _marketplace_queue(self, rows, refused, pictures=False):
        """Queue a large import: its rows checked here (a line refused is reported at once,
        a barcode twice in the file too), the good ones cut into chunks of whole models, each a job
        of the chain of the import channel."""
        good, more_refused = self._check_rows(rows)
        refused += more_refused
        models_rows = {}
        for number, row in good:
            models_rows.setdefault((row["supplier_ref"], row.get("brand") or ""), []).append([number, row])
        chunks, chunk = [], []
        for lines in models_rows.values():
            if chunk and len(chunk) + len(lines) > JOB_ROWS:
                chunks.append(chunk)
                chunk = []
            chunk += lines
        if chunk:
            chunks.append(chunk)
        self.write({"job_count": len(chunks), "jobs_done": []})
        self._marketplace_add_report(refused, state="queued" if chunks else "done")
        if chunks:
            name = self.filename or self.display_name
            jobs = [
                self.delayable(
                    channel="root.marketplace.import",
                    description=self.env._("Catalogue import %(name)s, part %(part)s of %(count)s",
                                           name=name, part=index + 1, count=len(chunks)),
                )._marketplace_import_chunk(index, chunk)
                for index, chunk in enumerate(chunks)
            ]
            if pictures:
                jobs.append(self.delayable(
                    channel="root.marketplace.import",
                    description=self.env._("Catalogue import %(name)s, pictures", name=name),
                )._marketplace_import_pictures_job())
            chain(*jobs).delay()

    @job_savepoint
    def _marketplace_import_chunk(self, index, rows):
        """A job of a queued import: import its rows once. Run again (its worker died, the job
        runner queued it anew), it finds its chunk done and does nothing."""
        self.ensure_one()
        self.env.cr.execute("SELECT jobs_done FROM marketplace_catalog_import WHERE id = %s FOR NO KEY UPDATE",
                            [self.id])
        row = self.env.cr.fetchone()
        if not row or index in (row[0] or []):
            return self.env._("Part %(part)s was already imported.", part=index + 1)
        importer = self.sudo().with_context(tracking_disable=True)
        report = importer._import_rows([(number, values) for number, values in rows])
        done = [*(row[0] or []), index]
        importer.jobs_done = done
        if len(done) >= self.job_count:
            state = "done"
        elif importer.state == "failed" and any(part not in done for part in range(index)):
            state = "failed"  # a part before this one was never imported (its job set done by hand)
        else:
            state = "queued"  # a part requeued after its failure: the import goes on
        importer._marketplace_add_report(report, state=state)
        if state != "failed":
            importer.error_message = False
        return self.env._("Part %(part)s imported: %(count)s rows.", part=index + 1, count=len(rows))

    def _marketplace_job_ended(self, job):
        """A part's job ended without importing it (failed, cancelled, set done by hand): the
        import is failed (not queued for ever), its report keeps the parts imported before. A
        part requeued by an administrator that then succeeds takes the import on
        (``_marketplace_import_chunk``)."""
        index = job.args[0] if job.args else None
        self.filtered(lambda record: record.state == "queued" and index not in (record.jobs_done or [])).write({
            "state": "failed",
            "error_message": self.env._(
                "A part of this import could not be imported: the administrators were told (job %(job)s, "
                "Settings › Technical › Jobs). The parts after it wait.", job=job.uuid),
        })

    def _import_rows(self, rows):
        """Create or update the catalogue from parsed rows; returns one report dict per row.

        Idempotent: a variant is found by its barcode, a model by its supplier reference and
        brand; only what differs is written."""
        good, report = self._check_rows(rows)
        if not good:
            return report
        # Every product holding these barcodes, in any company: a shop's own product keeps its barcode.
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        existing = {p.barcode: p for p in Product.search([("barcode", "in", [r["barcode"] for _n, r in good])])}
        size_attr = self.env.ref("marketplace_catalog.product_attribute_size")
        brands = self._get_or_create_brands({r["brand"] for _n, r in good if r.get("brand")})
        categories = {}
        sizes = self._get_or_create_sizes(size_attr, {r["size"] for _n, r in good})

        groups = {}
        for number, row in good:
            groups.setdefault((row["supplier_ref"], row.get("brand") or ""), []).append((number, row))
        # New variants are born with their barcode and prices (product.template._prepare_variant_values).
        born_with = {
            (row["supplier_ref"], brands[row["brand"]].id if row.get("brand") else False,
             (sizes[row["size"]].id,)): self._variant_vals(row)
            for _number, row in good if row["barcode"] not in existing
        }
        Template = self.env["product.template"].with_context(active_test=False, marketplace_variant_values=born_with)
        templates = {
            (t.marketplace_supplier_ref, t.marketplace_brand_id.name or ""): t
            for t in Template.search([
                ("marketplace_catalog", "=", True),
                ("marketplace_supplier_ref", "in", list({ref for ref, _b in groups})),
            ])
        }
        to_create = []
        for key, lines in groups.items():
            first = lines[0][1]
            categ = self._get_or_create_category(categories, first)
            tmpl_vals = {
                "name": first["name"],
                "marketplace_catalog": True,
                "is_storable": True,
                "marketplace_supplier_ref": first["supplier_ref"],
                "marketplace_brand_id": brands.get(first.get("brand")) and brands[first["brand"]].id,
                "marketplace_manufacturer": first.get("manufacturer") or False,
                "marketplace_colour": first.get("colour") or False,
                "marketplace_material": first.get("material") or False,
                "categ_id": categ.id,
                "list_price": parse_price(first.get("rrp")) or 0.0,
            }
            if (first.get("description") or "").strip():  # a blank cell, or no column, leaves it as it is
                tmpl_vals.update(self._marketplace_description_vals(first["description"].strip()))
            template = templates.get(key)
            if not template:
                tmpl_vals["marketplace_validated"] = self.validate_created
                tmpl_vals["attribute_line_ids"] = [fields.Command.create({
                    "attribute_id": size_attr.id,
                    "value_ids": [fields.Command.set(list({sizes[r["size"]].id for _n, r in lines}))],
                })]
                to_create.append((tmpl_vals, lines))
                continue
            template_changed = self._write_changed(template, tmpl_vals)
            line = template.attribute_line_ids.filtered(lambda al: al.attribute_id == size_attr)
            new_values = {sizes[r["size"]].id for _n, r in lines} - set(line.value_ids.ids)
            if new_values:
                line.write({"value_ids": [fields.Command.link(v) for v in new_values]})
            self._apply_variants(template, lines, existing, report, template_changed)
        # Models are created in chunks: Odoo links variants to their attribute values with a cost
        # that grows with the square of the batch. A chunk Odoo refuses is made model by model,
        # and a model it refuses is reported on its lines.
        for chunk in split_every(TEMPLATE_CHUNK, to_create, list):
            try:
                with self.env.cr.savepoint():
                    created = Template.create([vals for vals, _lines in chunk])
            except (UserError, ValidationError):
                created = None
            for index, (vals, lines) in enumerate(chunk):
                template = created[index] if created else None
                if template is None:
                    try:
                        with self.env.cr.savepoint():
                            template = Template.create(vals)
                    except (UserError, ValidationError) as error:
                        report += [self._line(number, r, "refused", str(error.args[0])) for number, r in lines]
                        continue
                self._apply_variants(template, lines, existing, report, False)
        report.sort(key=lambda r: r["line_number"])
        return report

    def _check_rows(self, rows):
        """(good rows, report lines of the refused ones): each row checked, its size normalised,
        a barcode seen on an earlier line refused."""
        good, refused, seen = [], [], {}
        for number, row in rows:
            row["size"] = (row.get("size") or "").replace(",", ".")
            error = self._check_row(row, seen)
            if error:
                refused.append(self._line(number, row, "refused", error))
                continue
            seen[row["barcode"]] = number
            good.append((number, row))
        return good, refused

    def _check_row(self, row, seen):
        for column in REQUIRED:
            if not row.get(column):
                return self.env._("The column %(column)s is empty.", column=column)
        if not is_ean13(row["barcode"]):
            return self.env._("%(barcode)s is not a valid EAN-13 barcode.", barcode=row["barcode"])
        if row["barcode"] in seen:
            return self.env._("The barcode %(barcode)s is already on line %(line)s.",
                              barcode=row["barcode"], line=seen[row["barcode"]])
        for column in ("purchase_price", "rrp"):
            if parse_price(row.get(column)) is None:
                return self.env._("The price %(price)s (%(column)s) is not a positive number.",
                                  price=row.get(column), column=column)
        return None

    def _apply_variants(self, template, lines, existing, report, template_changed):
        size_attr = self.env.ref("marketplace_catalog.product_attribute_size")
        by_size = {
            v.product_template_attribute_value_ids.filtered(lambda ptav: ptav.attribute_id == size_attr).name: v
            for v in template.product_variant_ids
        }
        for number, row in lines:
            vals = self._variant_vals(row)
            variant = existing.get(row["barcode"])
            if variant and not variant.marketplace_catalog:
                report.append(self._line(number, row, "refused", self.env._(
                    "The barcode %(barcode)s already belongs to %(product)s, a product of %(company)s outside "
                    "the catalogue.", barcode=row["barcode"], product=variant.display_name,
                    company=variant.company_id.name or "-")))
                continue
            if variant and variant.product_tmpl_id != template:
                report.append(self._line(number, row, "refused", self.env._(
                    "The barcode %(barcode)s already belongs to %(product)s.",
                    barcode=row["barcode"], product=variant.display_name)))
                continue
            if not variant:
                variant = by_size.get(row["size"])
                if not variant:
                    report.append(self._line(number, row, "refused", self.env._(
                        "Size %(size)s of %(product)s is withdrawn (archived): reactivate it to sell it again.",
                        size=row["size"], product=template.name)))
                    continue
                if variant.barcode and variant.barcode != row["barcode"]:
                    report.append(self._line(number, row, "refused", self.env._(
                        "Size %(size)s of %(product)s already has the barcode %(barcode)s.",
                        size=row["size"], product=template.name, barcode=variant.barcode)))
                    continue
                self._write_changed(variant, vals)  # nothing left to write when born with them
                report.append(self._line(number, row, "created", ""))
                continue
            changed = self._write_changed(variant, vals)
            status = "updated" if changed or template_changed else "unchanged"
            report.append(self._line(number, row, status, ", ".join(changed)))

    @api.model
    def _variant_vals(self, row):
        return {
            "barcode": row["barcode"],
            "marketplace_purchase_price": parse_price(row.get("purchase_price")),
            "marketplace_rrp": parse_price(row.get("rrp")),
        }

    @api.model
    def _write_changed(self, record, vals):
        """Write only the values that differ; returns the names of the changed fields."""
        changed = {}
        for name, value in vals.items():
            if name == "attribute_line_ids":
                continue
            current = record[name]
            if isinstance(current, models.BaseModel):
                current = current.id
            if isinstance(value, float) or isinstance(current, float):
                if round(float(current or 0), 2) != round(float(value or 0), 2):
                    changed[name] = value
            elif (current or False) != (value or False):
                changed[name] = value
        if changed:
            record.write(changed)
        return list(changed)

    def _get_or_create_brands(self, names):
        Brand = self.env["marketplace.brand"].with_context(active_test=False)
        brands = {b.name: b for b in Brand.search([("name", "in", list(names))])}
        missing = [name for name in names if name not in brands]
        for brand in Brand.create([{"name": name} for name in missing]):
            brands[brand.name] = brand
        return brands

    def _get_or_create_sizes(self, attribute, names):
        values = {v.name: v for v in attribute.value_ids}
        missing = [name for name in sorted(names) if name not in values]
        for value in self.env["product.attribute.value"].create(
                [{"name": name, "attribute_id": attribute.id} for name in missing]):
            values[value.name] = value
        return values

    def _get_or_create_category(self, cache, row):
        parent = self.env.ref("marketplace_catalog.product_category_catalog")
        path = []
        for level in ("department", "family", "subfamily"):
            name = row.get(level)
            if not name:
                break
            path.append(name)
            key = tuple(path)
            if key not in cache:
                categ = self.env["product.category"].search(
                    [("name", "=", name), ("parent_id", "=", parent.id)], limit=1)
                cache[key] = categ or self.env["product.category"].create({"name": name, "parent_id": parent.id})
            parent = cache[key]
        return parent

    @api.model
    def _load_demo_catalogue(self):
        """Demo data: a French supplier catalogue, imported as an administrator would, then a
        stock feed for every demo store (quantities vary by store, some sizes sold out), and the
        catalogue validated for sale."""
        from odoo.tools import file_open

        with file_open("marketplace_catalog/demo/catalogue_fournisseurs_demo.csv", "rb") as f:
            _header, rows, _errors = read_csv(f.read(), ALIASES)
        self.sudo()._import_rows(rows)
        barcodes = [row["barcode"] for _number, row in rows]
        Feed = self.env["marketplace.stock.feed"].sudo()
        for store in self.env["stock.warehouse"].sudo().search([("marketplace_store", "=", True)], order="id"):
            lines = [{"barcode": barcode, "quantity": (store.id * 7 + index * 3) % 5}
                     for index, barcode in enumerate(barcodes)]
            Feed.submit(store.marketplace_store_code, lines, mode="full", reference="demo-stock")
        # Each model's picture, drawn in its colour, imported as a supplier's ZIP would be.
        models = {row["supplier_ref"]: row for _number, row in rows}
        pictures = []
        for ref, model_row in models.items():
            family = (model_row.get("family") or "").lower()
            kind = "boot" if "bott" in family else "sandal" if "sandal" in family else "shoe"
            data = draw_shoe(model_row.get("colour"), kind)
            pictures.append((f"{ref}.png", len(data), lambda data=data: data))
        self.sudo()._import_pictures(pictures)
        # The hub validated its catalogue for sale: on the shop while a store has a size of it.
        refs = list(models)
        self.env["product.template"].sudo().search(
            [("marketplace_supplier_ref", "in", refs)]).action_marketplace_validate()

    @api.model
    def _csv_error_message(self, reason):
        if reason == "too_large":
            return self.env._("A cell of this line is too long to be read.")
        return self.env._("This line cannot be read as CSV (a NUL character or a broken quote).")

    @api.model
    def _line(self, number, row, status, message):
        return {
            "line_number": number,
            "supplier_ref": row.get("supplier_ref") or "",
            "barcode": row.get("barcode") or "",
            "status": status,
            "message": message,
        }


class MarketplaceCatalogImportLine(models.Model):
    _name = "marketplace.catalog.import.line"
    _description = "Supplier Catalogue Import Report Line"
    _order = "line_number"

    import_id = fields.Many2one("marketplace.catalog.import", required=True, ondelete="cascade")
    line_number = fields.Integer(string="Line")
    supplier_ref = fields.Char(string="Supplier Reference")
    barcode = fields.Char()
    status = fields.Selection([
        ("created", "Created"), ("updated", "Updated"), ("unchanged", "Unchanged"), ("refused", "Refused"),
        ("picture", "Picture"),
    ])
    message = fields.Char()
