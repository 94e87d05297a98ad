import csv
import io
import tempfile

from odoo import api, fields, models
from odoo.addons.marketplace_base.models.queue_job import job_savepoint
from odoo.addons.marketplace_base.utils import spreadsheet_safe
from odoo.exceptions import UserError
from odoo.tools import SQL

EXPORT_COLUMNS = (
    "supplier_ref", "barcode", "name", "size", "colour", "material", "department", "family", "subfamily",
    "brand", "manufacturer", "purchase_price", "rrp", "status", "image_url",
)
PRICE_COLUMNS = (EXPORT_COLUMNS.index("purchase_price"), EXPORT_COLUMNS.index("rrp"))
PAGE_SIZE = 5000


class MarketplaceCatalogExport(models.Model):
    """One référencier export taken by a member: the log that makes delta exports possible."""

    _name = "marketplace.catalog.export"
    _description = "Catalogue Export"
    _order = "id desc"

    # ------------------------------------------------------------------ fields
    company_id = fields.Many2one("res.company", string="Member", required=True, index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Exported by", readonly=True, default=lambda self: self.env.user)
    mode = fields.Selection([("full", "Full"), ("delta", "Changes only")], required=True, default="full")
    separator = fields.Selection([(";", "Semicolon (French Excel)"), (",", "Comma")], required=True, default=";")
    since = fields.Datetime(readonly=True, help="Delta export: variants changed from this moment on.")
    snapshot = fields.Datetime(
        readonly=True, default=fields.Datetime.now,
        help="Changes committed before the export are in it; the next delta starts here (the start of the "
        "oldest transaction still running when the export was taken, so that none of its changes is missed).",
    )
    line_count = fields.Integer(string="Variants", readonly=True)
    state = fields.Selection(
        [("queued", "Being prepared"), ("done", "Ready"), ("failed", "Failed"), ("replaced", "Replaced")],
        required=True, default="done", readonly=True,
        help="A whole catalogue larger than the hub's threshold is written in the background; its file is "
        "kept here until the member's next one replaces it. Failed: the hub's administrators were told; "
        "export again.")
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True, ondelete="set null")

    # ----------------------------------------------------------------- actions
    def action_download(self):
        self.ensure_one()
        if self.state == "queued":
            raise UserError(self.env._("This référencier is still being prepared: download it in a moment."))
        if self.state == "failed":
            raise UserError(self.env._("This référencier could not be prepared: export the catalogue again."))
        if self.state == "replaced":
            raise UserError(self.env._("This référencier's file was replaced by a newer one: download the latest."))
        return {"type": "ir.actions.act_url", "url": f"/marketplace/catalog/export/{self.id}", "target": "self"}

    @api.model
    def action_export_full(self):
        """*Download the référencier*: at once, or in the background for a catalogue larger than
        the hub's threshold (*Large files in the background*): the member is told when its file is
        ready in *Référencier Exports*."""
        waiting = self.sudo().search([("company_id", "=", self.env.company.id), ("state", "=", "queued")], limit=1)
        if not waiting:  # one référencier of a member prepared at a time: clicking again queues nothing
            export = self._marketplace_start(delta=False)
            if not export._marketplace_in_background():
                return export.action_download()
            export._marketplace_queue()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "marketplace_catalog.action_marketplace_catalog_export")
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {
                "type": "info", "next": action, "title": self.env._("Référencier being prepared"),
                "message": self.env._(
                    "The catalogue is large: its référencier is written in the background. You will be told when "
                    "it is ready to download here."),
            },
        }

    @api.model
    def action_export_delta(self):
        """*Download the changes*: what changed since the member's last export, at once."""
        return self._marketplace_start(delta=True).action_download()

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_start(self, delta=False, separator=";"):
        """Open an export for the current member; a delta takes what changed since its last one."""
        member = self.env.company
        if member.marketplace_role != "member":
            raise UserError(self.env._("Choose a member company to export its référencier."))
        if separator not in (";", ","):
            raise UserError(self.env._("The separator must be ';' or ','."))
        since = False
        if delta:
            # The last export the member got: not one still being prepared, nor one that failed.
            previous = self.sudo().search([("company_id", "=", member.id), ("state", "in", ("done", "replaced"))],
                                          limit=1, order="snapshot desc, id desc")
            since = previous.snapshot
        return self.sudo().create({
            "company_id": member.id,
            "mode": "delta" if delta else "full",
            "separator": separator,
            "since": since,
            "snapshot": self._marketplace_snapshot(),
        })

    def _marketplace_in_background(self):
        """Whether this export is written by a job: a whole catalogue of more variants than the
        hub's threshold (changes only stay in the request)."""
        self.ensure_one()
        if self.mode != "full":
            return False
        threshold = self.env["res.company"]._marketplace_hub().marketplace_feed_async_threshold
        variants = self.env["product.product"].sudo().search_count([("product_tmpl_id.marketplace_catalog", "=", True)])
        return variants > threshold

    def _marketplace_queue(self):
        """Write this export's file in the background (OCA queue_job, ``root.marketplace.export``)."""
        self.ensure_one()
        self.sudo().state = "queued"
        self.with_delay(
            channel="root.marketplace.export", priority=30,
            identity_key=f"marketplace.catalog.export,{self.id}",
            description=self.env._("Référencier of %(member)s", member=self.company_id.name),
        )._marketplace_write_file()

    def _marketplace_job_ended(self, job):
        """Its job ended without writing the file (failed, cancelled, set done by hand): the
        export is failed (never *being prepared* for ever, nor the start of the member's next
        changes) and the member is told to export again."""
        for export in self.filtered(lambda record: record.state == "queued"):
            export.state = "failed"
            export.user_id._bus_send("simple_notification", {
                "type": "danger",
                "title": self.env._("Référencier not prepared"),
                "message": self.env._(
                    "Your référencier could not be prepared (the hub's administrators were told): export it again."),
            })

    @job_savepoint
    def _marketplace_write_file(self):
        """The job: write the whole export to a file kept on the export, and tell the member. Run
        again (its worker died), it writes nothing twice."""
        self.ensure_one()
        export = self.sudo().with_company(self.company_id)
        if export.attachment_id:
            return self.env._("Already written.")
        spool = export._stream_to_file()
        export.attachment_id = self.env["ir.attachment"].sudo().create({
            "name": export._marketplace_filename(),
            "raw": spool.read(),
            "mimetype": "text/csv",
            "res_model": self._name,
            "res_id": export.id,
        })
        export.state = "done"
        # One written file per member: the older ones go (a whole catalogue weighs megabytes).
        older = self.sudo().search([("company_id", "=", export.company_id.id), ("id", "<", export.id),
                                    ("attachment_id", "!=", False)])
        older_files = older.attachment_id
        older.write({"state": "replaced", "attachment_id": False})
        older_files.unlink()
        export.user_id._bus_send("simple_notification", {
            "type": "success",
            "title": self.env._("Référencier ready"),
            "message": self.env._("Your référencier (%(count)s variants) is ready: Catalogue › Référencier Exports.",
                                  count=export.line_count),
        })
        return self.env._("%(count)s variants written.", count=export.line_count)

    def _marketplace_filename(self):
        self.ensure_one()
        member = self.company_id.marketplace_member_code or "membre"
        return f"referencier-{member}-{self.mode}-{self.snapshot:%Y%m%d-%H%M}.csv"

    @api.model
    def _marketplace_snapshot(self):
        """Where the next delta starts: the start of the oldest transaction of this database still
        running, this one included. Odoo stamps a change with the start of its transaction; one
        that began before this export and commits after it is invisible here, so the next delta
        must start no later than its start, or it would never be exported."""
        return self.env.execute_query(SQL(
            """SELECT LEAST(now(), MIN(xact_start)) AT TIME ZONE 'UTC' FROM pg_stat_activity
                WHERE datname = current_database() AND xact_start IS NOT NULL"""
        ))[0][0]

    @api.model
    def export_catalog(self, delta=False, separator=";", export_id=False, after_id=0, limit=PAGE_SIZE):
        """API: the référencier as CSV text, page by page.

        First call without ``export_id``; then call again with the returned ``export_id`` and
        ``next_after_id`` until ``next_after_id`` is False. The first page starts with the header.
        :return: ``{'export_id', 'content', 'count', 'next_after_id'}``"""
        for name, value in (("export_id", export_id or 0), ("after_id", after_id or 0), ("limit", limit)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise UserError(self.env._("%(name)s must be a whole number.", name=name))
        export = self.browse(export_id).exists() if export_id else self._marketplace_start(delta, separator)
        if export.company_id not in self.env.user.company_ids:
            raise UserError(self.env._("This export belongs to another member."))
        limit = max(1, min(int(limit), 20000))
        rows = export._fetch_page(after_id, limit)
        buffer = io.StringIO()
        writer = export._writer(buffer)
        if not after_id:
            writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow(export._format(row))
        export.sudo().line_count += len(rows)
        return {
            "export_id": export.id,
            "content": buffer.getvalue(),
            "count": len(rows),
            "next_after_id": rows[-1][0] if len(rows) == limit else False,
        }

    def _stream_to_file(self):
        """Write the whole export to a temporary file that spills to disk past 1 MiB, page by
        page: memory stays flat whatever the size of the catalogue. Returns the file, at 0."""
        self.ensure_one()
        spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024, mode="w+b")
        text = io.TextIOWrapper(spool, encoding="utf-8-sig" if self.separator == ";" else "utf-8", newline="")
        writer = self._writer(text)
        writer.writerow(EXPORT_COLUMNS)
        after_id, count = 0, 0
        while True:
            rows = self._fetch_page(after_id, PAGE_SIZE)
            for row in rows:
                writer.writerow(self._format(row))
            count += len(rows)
            if len(rows) < PAGE_SIZE:
                break
            after_id = rows[-1][0]
        text.flush()
        text.detach()
        spool.seek(0)
        self.sudo().line_count = count
        return spool

    def _writer(self, fileobj):
        return csv.writer(fileobj, delimiter=self.separator, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)

    def _format(self, row):
        """A CSV row: prices with the separator's decimal mark, and text cells that a spreadsheet
        would run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first)
        neutralised with a leading apostrophe."""
        values = ["" if v is None else v for v in row[1:]]
        decimal_comma = self.separator == ";"
        for index, value in enumerate(values):
            if index in PRICE_COLUMNS:
                price = f"{value or 0.0:.2f}"
                values[index] = price.replace(".", ",") if decimal_comma else price
            else:
                values[index] = spreadsheet_safe(value)
        return values

    def _marketplace_image_url_sql(self):
        """SQL of the ``image_url`` column (the model ``t``): the public address of a published
        model's picture; none without the website (its module gives it)."""
        return SQL("NULL")

    def _fetch_page(self, after_id, limit):
        """One page of catalogue variants, ordered by id (keyset pagination, no OFFSET).

        A full export holds the variants on sale. A delta holds the variants changed since the
        previous export, a change of their model, brand, nomenclature or size name included, and
        the variants withdrawn (archived) since then, with the status ``withdrawn``."""
        self.ensure_one()
        for model in ("product.product", "product.template", "marketplace.brand", "product.category",
                      "product.attribute.value", "product.template.attribute.value"):
            self.env[model].flush_model()
        size_attr = self.env.ref("marketplace_catalog.product_attribute_size")
        root = self.env.ref("marketplace_catalog.product_category_catalog")
        if self.since:
            scope = SQL(
                """GREATEST(p.write_date, t.write_date, b.write_date, c.write_date, dep.write_date,
                            fam.write_date, sub.write_date, size.write_date) >= %s""", self.since)
        else:
            scope = SQL("p.active AND t.active")
        lang = self.env.lang or "en_US"
        return self.env.execute_query(SQL(
            """
            SELECT p.id, t.marketplace_supplier_ref, p.barcode,
                   COALESCE(t.name->>%(lang)s, t.name->>'en_US'), size.name,
                   t.marketplace_colour, t.marketplace_material,
                   dep.name, fam.name, sub.name,
                   b.name, t.marketplace_manufacturer,
                   p.marketplace_purchase_price, p.marketplace_rrp,
                   CASE WHEN p.active AND t.active THEN 'active' ELSE 'withdrawn' END,
                   %(image_url)s
              FROM product_product p
              JOIN product_template t ON t.id = p.product_tmpl_id
         LEFT JOIN marketplace_brand b ON b.id = t.marketplace_brand_id
         LEFT JOIN product_category c ON c.id = t.categ_id
         LEFT JOIN product_category dep ON dep.id = NULLIF((string_to_array(c.parent_path, '/'))[2], '')::int
                   AND NULLIF((string_to_array(c.parent_path, '/'))[1], '')::int = %(root)s
         LEFT JOIN product_category fam ON fam.id = NULLIF((string_to_array(c.parent_path, '/'))[3], '')::int
                   AND dep.id IS NOT NULL
         LEFT JOIN product_category sub ON sub.id = NULLIF((string_to_array(c.parent_path, '/'))[4], '')::int
                   AND dep.id IS NOT NULL
         LEFT JOIN LATERAL (
                SELECT COALESCE(v.name->>%(lang)s, v.name->>'en_US') AS name,
                       GREATEST(v.write_date, ptav.write_date) AS write_date
                  FROM product_variant_combination pvc
                  JOIN product_template_attribute_value ptav ON ptav.id = pvc.product_template_attribute_value_id
                  JOIN product_attribute_value v ON v.id = ptav.product_attribute_value_id
                 WHERE pvc.product_product_id = p.id AND ptav.attribute_id = %(size_attr)s
                 LIMIT 1) size ON TRUE
             WHERE t.marketplace_catalog AND p.id > %(after)s AND %(scope)s
          ORDER BY p.id
             LIMIT %(limit)s
            """,
            lang=lang, size_attr=size_attr.id, root=root.id, after=after_id, limit=limit, scope=scope,
            image_url=self._marketplace_image_url_sql(),
        ))
