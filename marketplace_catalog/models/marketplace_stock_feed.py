import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.addons.marketplace_base.models.queue_job import job_savepoint
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..utils import REFERENCE_MAX_LENGTH, json_safe, parse_quantity, parse_reference, printable_excerpt

_logger = logging.getLogger(__name__)


class MarketplaceStockFeed(models.Model):
    """One submission of a store's stock: from its shop software (API) or a CSV upload."""

    _name = "marketplace.stock.feed"
    _description = "Store Stock Feed"
    _inherit = ["mail.thread"]
    _order = "id desc"

    # ------------------------------------------------------------------ fields
    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    store_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, index=True, ondelete="cascade",
        domain=[("marketplace_store", "=", True)],
    )
    company_id = fields.Many2one(related="store_id.company_id", store=True, index=True, string="Member")
    mode = fields.Selection(
        [("delta", "Delta"), ("full", "Full")], required=True, default="delta", readonly=True,
        help="Delta: only the lines sent change. Full: references of the store absent from the feed "
        "are set to zero.",
    )
    source = fields.Selection([("api", "API"), ("csv", "CSV file")], required=True, default="api", readonly=True)
    reference = fields.Char(
        readonly=True, index=True, copy=False,
        help="Reference given by the sender: a feed with a reference already received for this "
        "store is not applied again.",
    )
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Done"), ("failed", "Failed")],
        required=True, default="done", readonly=True, index=True, copy=False,
        help="Queued: a large feed waits for its background job; its report is filled once applied.",
    )
    job_uuid = fields.Char(string="Job", readonly=True, copy=False)
    pending_lines = fields.Json(readonly=True, copy=False, groups="base.group_system",
                                help="The lines of a queued feed, until its job applies them.")
    error_message = fields.Text(string="Error", readonly=True, copy=False)
    line_count = fields.Integer(string="Lines", readonly=True)
    applied_count = fields.Integer(string="Changed", readonly=True)
    unchanged_count = fields.Integer(string="Unchanged", readonly=True)
    unknown_count = fields.Integer(string="Unknown", readonly=True)
    rejected_count = fields.Integer(string="Rejected", readonly=True)
    zeroed_count = fields.Integer(string="Set to Zero", readonly=True)
    flagged_count = fields.Integer(string="Flagged", readonly=True)
    line_ids = fields.One2many("marketplace.stock.feed.line", "feed_id", string="Report", readonly=True)

    _sql_constraints = [
        ("store_reference_uniq", "unique(store_id, reference)",
         "This feed reference was already received for this store."),
    ]

    # ------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("marketplace.stock.feed") or "/"
        return super().create(vals_list)

    # --------------------------------------------------------------- business
    # Feeds of one store waiting for the job queue at most: a sender past it gets an error.
    _marketplace_max_queued_feeds = 10

    @api.model
    def submit(self, store_code, lines, mode="delta", reference=None, source="api"):
        """Apply a stock feed to a store and return its report.

        :param store_code: the store's ``marketplace_store_code``
        :param lines: list of ``{'barcode' or 'default_code': str, 'quantity': number}``, each
            with its ``line`` number in the sender's file if it has one (the report uses it)
        :param mode: ``delta`` (only these lines) or ``full`` (the store's catalogue products
            absent from the feed go to zero)
        :param reference: the sender's idempotency key: a reference already received for this
            store is not applied again, its first report is returned
        :return: dict with the feed's counters and its ignored, rejected and flagged lines
        """
        if not isinstance(mode, str) or mode not in ("delta", "full"):
            raise UserError(self.env._("Unknown feed mode %(mode)s: use delta or full.", mode=mode))
        if not isinstance(source, str) or source not in ("api", "csv"):
            raise UserError(self.env._("Unknown feed source %(name)s: use api or csv.", name=source))
        if not isinstance(lines, list | tuple):
            raise UserError(self.env._("The feed lines must be a list."))
        if reference not in (None, False, ""):
            reference, error = parse_reference(reference)
            if error:
                raise UserError(self.env._(
                    "The feed reference must be a text of at most %(length)s printable characters.",
                    length=REFERENCE_MAX_LENGTH))
        store = self._marketplace_store_for_feed(store_code)
        self._marketplace_lock_store(store)
        self._marketplace_fail_ended_jobs(store)
        Feed = self.sudo().with_company(store.company_id)
        if reference:
            existing = Feed.search([("store_id", "=", store.id), ("reference", "=", reference)], limit=1)
            if existing:
                return existing._marketplace_report(duplicate=True)
        threshold = self.env["res.company"]._marketplace_hub().marketplace_feed_async_threshold
        # A feed sent while an earlier one of the store waits is queued behind it: feeds apply in
        # the order they came. A store whose feeds pile up (the job runner stopped) is asked to
        # wait rather than filling the hub with lines nobody applies yet.
        waiting = Feed.search_count([("store_id", "=", store.id), ("state", "=", "queued")],
                                    limit=self._marketplace_max_queued_feeds)
        queued = len(lines) > threshold or bool(waiting)
        if queued and waiting >= self._marketplace_max_queued_feeds:
            raise UserError(self.env._(
                "The store %(code)s already has %(count)s feeds waiting to be applied: send this one again "
                "once they are (they apply in the order they came).",
                code=store_code, count=waiting))
        feed = Feed.create({
            "store_id": store.id,
            "mode": mode,
            "source": source,
            "reference": reference or False,
            "state": "queued" if queued else "done",
            "line_count": len(lines),
            # The lines wait on the feed, as plain JSON: the job carries none of the sender's data.
            "pending_lines": json_safe(list(lines)) if queued else False,
        })
        if queued:
            # The job runs as the superuser: its failures go to the administrators, not the sender.
            job = feed.with_user(SUPERUSER_ID).with_delay(
                channel="root.marketplace.feed", priority=5, identity_key=f"marketplace.stock.feed,{feed.id}",
                description=self.env._("Stock feed %(name)s of store %(code)s", name=feed.name, code=store_code),
            )._marketplace_run_queued()
            if feed.state == "queued":  # queue_job may run it at once (queue_job__no_delay)
                feed.job_uuid = job.uuid
        else:
            feed._marketplace_apply(lines)
        return feed._marketplace_report()

    @api.model
    def report(self, feed_id):
        """The report of a feed the user may read (its sender polls it while the feed is queued)."""
        self.check_access("read")
        if not isinstance(feed_id, int) or isinstance(feed_id, bool):
            raise UserError(self.env._("Give the number of the feed."))
        feed = self.browse(feed_id).exists()
        if not feed:
            raise UserError(self.env._("There is no stock feed %(number)s.", number=feed_id))
        feed.check_access("read")
        if feed.sudo().state == "queued":
            self._marketplace_fail_ended_jobs(feed.sudo().store_id)
        return feed.sudo()._marketplace_report()

    @job_savepoint
    def _marketplace_run_queued(self):
        """The background job of a queued feed: apply the store's queued feeds up to this one, in
        the order they came, each once. A job run again (its worker died, the job runner queued it
        anew) finds its feed applied and does nothing; a feed the data refuses, or whose member
        closed since, is marked failed with its error."""
        self.ensure_one()
        store = self.sudo().store_id
        self._marketplace_lock_store(store)
        self._marketplace_fail_ended_jobs(store)
        self.env.cr.execute(
            """SELECT id FROM marketplace_stock_feed WHERE store_id = %s AND state = 'queued' AND id <= %s
                ORDER BY id FOR NO KEY UPDATE""", [store.id, self.id])
        feeds = self.sudo().browse(row[0] for row in self.env.cr.fetchall()).with_company(store.company_id)
        if self not in feeds:
            states = dict(self._fields["state"]._description_selection(self.env))
            return self.env._("Feed %(name)s is no longer waiting: %(state)s.", name=self.sudo().name,
                              state=states[self.sudo().state])
        for feed in feeds:
            feed._marketplace_apply_queued()
        return self.env._("Feeds applied: %(names)s.", names=", ".join(feeds.mapped("name")))

    def _marketplace_apply_queued(self):
        self.ensure_one()
        lines = self.pending_lines or []
        try:
            with self.env.cr.savepoint():
                self._marketplace_check_store_open(self.store_id)
                self._marketplace_apply(lines)
        except UserError as error:
            self.write({"state": "failed", "error_message": str(error), "pending_lines": False})
            return
        self.write({"state": "done", "pending_lines": False})

    @api.model
    def _marketplace_store_for_feed(self, store_code):
        """The store a feed goes to, if the current user may feed it: its member's users
        (and their integration users), animators and administrators."""
        if not store_code or not isinstance(store_code, str):
            raise UserError(self.env._("Give the store code of the feed."))
        store = self.env["stock.warehouse"]._marketplace_store_by_code(store_code)
        if not store:
            raise UserError(self.env._("There is no store with the code %(code)s.", code=store_code))
        user = self.env.user
        allowed = (
            self.env.su
            or user.has_group("marketplace_base.group_marketplace_animator")
            or (user.has_group("marketplace_base.group_marketplace_member")
                and store.company_id in user.company_ids)
        )
        if not allowed:
            raise AccessError(self.env._(
                "You cannot send the stock of the store %(code)s: it belongs to another member.",
                code=store_code,
            ))
        self._marketplace_check_store_open(store)
        return store

    @api.model
    def _marketplace_check_store_open(self, store):
        if store.company_id.marketplace_state == "closed":
            raise UserError(self.env._(
                "The member %(member)s is closed: the stock of its store %(code)s is no longer received.",
                member=store.company_id.name, code=store.marketplace_store_code))

    @api.model
    def _marketplace_lock_store(self, store):
        """One feed of a store at a time. Updating the store's row (not merely locking it) makes a
        concurrent feed wait, then fail with a serialization error that Odoo (or the job queue)
        retries; Odoo runs transactions in REPEATABLE READ, so only the retry sees the feed that
        came first."""
        self.env.cr.execute("UPDATE stock_warehouse SET write_date = write_date WHERE id = %s", [store.id])

    def _marketplace_apply(self, lines):
        """Check every line, then apply the good ones in one batch of inventory moves."""
        self.ensure_one()
        hub = self.env["res.company"]._marketplace_hub()
        ceiling = hub.marketplace_feed_qty_ceiling or 0
        ratio = hub.marketplace_feed_jump_ratio or 0
        report = []
        wanted = {}  # (kind, reference) -> (line_number, quantity)
        named = set()  # (kind, reference) of the lines rejected for their quantity: a full feed keeps them
        unnamed = False  # an unreadable line naming no size: a full feed zeroes nothing
        for number, line in enumerate(lines, start=1):
            given = line.get("line") if isinstance(line, dict) else None
            if isinstance(given, int) and not isinstance(given, bool) and 0 < given < 2 ** 31:
                number = given  # the line of the sender's file
            if not isinstance(line, dict) or line.get("malformed"):
                # An unreadable line that still names its size keeps it (full feed); one naming
                # none could be any size: a full feed then zeroes nothing.
                kind = next((k for k in ("barcode", "default_code") if isinstance(line, dict) and line.get(k)), None)
                ref, error = parse_reference(line.get(kind) if kind else None)
                if kind and not error:
                    named.add((kind, ref))
                    report.append(self._marketplace_issue(number, ref, "", "rejected", "malformed"))
                else:
                    unnamed = True
                    report.append(self._marketplace_issue(
                        number, "", "", "rejected", "unnamed_full" if self.mode == "full" else "malformed"))
                continue
            kind = "barcode" if line.get("barcode") else "default_code" if line.get("default_code") else None
            raw_qty = line.get("quantity")
            ref, error = parse_reference(line.get(kind) if kind else None)
            if error:
                unnamed = True
                report.append(self._marketplace_issue(
                    number, ref, raw_qty, "rejected", "unnamed_full" if self.mode == "full" else error))
                continue
            qty, error = parse_quantity(raw_qty, ceiling)
            if error:
                report.append(self._marketplace_issue(number, ref, raw_qty, "rejected", error))
                named.add((kind, ref))
                continue
            if (kind, ref) in wanted:
                report.append(self._marketplace_issue(
                    number, ref, raw_qty, "rejected", "duplicate", first=wanted[(kind, ref)][0]))
                continue
            wanted[(kind, ref)] = (number, qty)

        products = self._marketplace_resolve(wanted, self.company_id)
        targets = {}  # product_id -> (line_number, ref, quantity)
        for (kind, ref), (number, qty) in wanted.items():
            found = products.get((kind, ref), [])
            if not found:
                report.append(self._marketplace_issue(number, ref, qty, "ignored", "unknown"))
            elif len(found) > 1:
                report.append(self._marketplace_issue(number, ref, qty, "rejected", "ambiguous"))
            elif found[0] in targets:
                report.append(self._marketplace_issue(
                    number, ref, qty, "rejected", "duplicate", first=targets[found[0]][0]))
            else:
                targets[found[0]] = (number, ref, qty)

        stock_location = self.store_id.lot_stock_id
        if self.mode == "full":
            current = self._marketplace_current_quantities(stock_location, catalogue_only=True)
            current.update(self._marketplace_current_quantities(stock_location, list(targets)))
        else:
            current = self._marketplace_current_quantities(stock_location, list(targets))
        zeroed = 0
        if self.mode == "full" and not unnamed:
            # A line the feed names but could not apply (rejected, ambiguous, a withdrawn product)
            # keeps its size's quantity: only sizes absent from the feed go to zero.
            unapplied = named | {key for key in wanted if len(products.get(key, [])) != 1}
            spared = {product_id for product_ids in self._marketplace_resolve(
                dict.fromkeys(unapplied), self.company_id, active_only=False).values() for product_id in product_ids}
            for product_id, qty in current.items():
                if product_id not in targets and product_id not in spared and qty:
                    targets[product_id] = (0, "", 0)
                    zeroed += 1
        changes = {}
        for product_id, (number, ref, qty) in targets.items():
            before = current.get(product_id, 0)
            if qty != before:
                changes[product_id] = qty - before
                if number and ratio and qty > max(before, 1) * ratio:
                    report.append(self._marketplace_issue(
                        number, ref, qty, "flagged", "jump", before=before, after=qty, product_id=product_id))
        self._marketplace_move_stock(changes)
        self.env["marketplace.stock.feed.line"].sudo().create([dict(r, feed_id=self.id) for r in report])
        counts = defaultdict(int)
        for r in report:
            counts[r["status"]] += 1
        self.write({
            "line_count": len(lines),
            "applied_count": len(changes) - zeroed,
            "unchanged_count": sum(1 for p, t in targets.items() if t[0] and p not in changes),
            "unknown_count": counts["ignored"],
            "rejected_count": counts["rejected"],
            "zeroed_count": zeroed,
            "flagged_count": counts["flagged"],
        })
        if counts["flagged"]:
            self._marketplace_notify_flagged()
        _logger.info("Stock feed %s for %s: %s changed, %s rejected, %s unknown",
                     self.name, self.store_id.marketplace_store_code, len(changes), counts["rejected"],
                     counts["ignored"])

    def _marketplace_issue(self, number, ref, raw_qty, status, reason, first=None, before=None, after=None,
                          product_id=False):
        messages = {
            "unknown": self.env._("No product of the catalogue or of your shop has this reference: line ignored."),
            "ambiguous": self.env._("Several products have this internal reference: send the barcode instead."),
            "no_reference": self.env._("The line has neither a barcode nor an internal reference."),
            "missing": self.env._("The line has no quantity."),
            "not_a_number": self.env._("The quantity is not a number."),
            "negative": self.env._("A stock quantity cannot be negative."),
            "fractional": self.env._("Shoes are counted in whole units: the quantity has decimals."),
            "above_ceiling": self.env._("The quantity is above the ceiling set by the hub."),
            "malformed": self.env._("The line is not a record with a reference (text) and a quantity."),
            "unnamed_full": self.env._(
                "The line names no product it could be: this full feed set nothing to zero (send it again, "
                "corrected)."),
            "duplicate": self.env._("This reference was already given on line %(line)s.", line=first),
            "jump": self.env._("The quantity jumped from %(before)s to %(after)s: applied, please check.",
                               before=before, after=after),
        }
        return {
            "line_number": number,
            "reference": ref,
            "quantity": printable_excerpt(raw_qty),
            "status": status,
            "reason": reason,
            "message": messages[reason],
            "product_id": product_id,
        }

    @api.model
    def _marketplace_resolve(self, wanted, company, active_only=True):
        """Storable products by barcode or internal reference, among the catalogue and
        ``company``'s own products (another member's products are unknown here, as are products
        that match nothing, and archived ones unless ``active_only`` is off):
        ``{(kind, reference): [product ids]}``, two queries."""
        self.env["product.product"].flush_model(["active", "barcode", "default_code", "product_tmpl_id"])
        self.env["product.template"].flush_model(["is_storable", "marketplace_catalog", "company_id"])
        found = {}
        for kind in ("barcode", "default_code"):
            refs = [ref for (k, ref) in wanted if k == kind]
            if not refs:
                continue
            rows = self.env.execute_query(SQL(
                """SELECT p.%s, array_agg(p.id ORDER BY p.id) FROM product_product p
                     JOIN product_template t ON t.id = p.product_tmpl_id
                    WHERE p.%s = ANY(%s) AND (p.active OR NOT %s) AND t.is_storable
                      AND (t.marketplace_catalog OR t.company_id = %s)
                 GROUP BY p.%s""",
                SQL.identifier(kind), SQL.identifier(kind), refs, active_only, company.id, SQL.identifier(kind),
            ))
            for ref, product_ids in rows:
                found[(kind, ref)] = product_ids
        return found

    @api.model
    def _marketplace_current_quantities(self, location, product_ids=None, catalogue_only=False):
        """On-hand quantity per product in the store's stock location tree: sub-locations, lots,
        packages and owners included (all of them, or the catalogue's only)."""
        self.env["stock.quant"].flush_model(["quantity", "location_id", "product_id"])
        product_filter = SQL("AND q.product_id = ANY(%s)", product_ids) if product_ids is not None else SQL()
        catalogue_filter = SQL(
            """AND q.product_id IN (SELECT p.id FROM product_product p JOIN product_template t
                                       ON t.id = p.product_tmpl_id WHERE t.marketplace_catalog)"""
        ) if catalogue_only else SQL()
        rows = self.env.execute_query(SQL(
            """SELECT q.product_id, SUM(q.quantity) FROM stock_quant q
                 JOIN stock_location l ON l.id = q.location_id
                WHERE l.parent_path LIKE %s %s %s
             GROUP BY q.product_id""",
            location.parent_path + "%", product_filter, catalogue_filter,
        ))
        return {product_id: int(qty) for product_id, qty in rows}

    def _marketplace_move_stock(self, changes):
        """Apply quantity differences as Odoo inventory adjustments: one inventory move per
        product, named after the feed, validated in batch.

        Stock comes in at the store's stock location; it goes out of the quants of the store's
        tree that hold it (``_marketplace_plan``). Moves that only take stock nobody has reserved
        (nearly all of them) are validated in a quant batch: their quants are written in one
        statement. The others go through Odoo's own validation, which also frees the
        reservations the new stock no longer covers."""
        if not changes:
            return
        store = self.store_id
        company = store.company_id
        stock_location = store.lot_stock_id
        plan = self._marketplace_plan(stock_location, changes)
        Product = self.env["product.product"].sudo().with_company(company)
        products = Product.browse(list(changes))
        move_vals = {True: [], False: []}
        line_specs = {}
        for product in products:
            diff = changes[product.id]
            inventory_location = product.property_stock_inventory
            lines, batchable = plan[product.id]
            source, dest = (inventory_location, stock_location) if diff > 0 else (stock_location, inventory_location)
            move_vals[batchable].append({
                "name": self.name,
                "origin": self.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": abs(diff),
                "company_id": company.id,
                "state": "confirmed",
                "location_id": source.id,
                "location_dest_id": dest.id,
                "is_inventory": True,
                "picked": True,
            })
            line_specs[product.id] = [
                dict(line, location_id=source.id, location_dest_id=line["location_id"])
                if diff > 0 else dict(line, location_dest_id=dest.id)
                for line in lines
            ]
        Move = self.env["stock.move"].sudo().with_company(company).with_context(
            inventory_mode=False, inventory_name=self.name,
        )
        for batchable in (True, False):
            if not move_vals[batchable]:
                continue
            batch = {"moves": set(), "quants": defaultdict(float)} if batchable else None
            moves = Move.with_context(marketplace_quant_batch=batch).create(move_vals[batchable])
            if batch is not None:
                batch["moves"].update(moves.ids)
            # The lines are created after their moves: a picked move given its lines writes them
            # one by one.
            moves.env["stock.move.line"].create([
                dict(spec, move_id=move.id, product_id=move.product_id.id, product_uom_id=move.product_uom.id,
                     company_id=company.id, picked=True)
                for move in moves for spec in line_specs[move.product_id.id]
            ])
            moves._action_done()

    @api.model
    def _marketplace_plan(self, location, changes):
        """Per changed product, the move lines that bring the store's tree to the fed quantity
        (``location_id``, ``lot_id``, ``package_id``, ``owner_id``, ``quantity``) and whether
        they may go through the quant batch: ``{product_id: (lines, batchable)}``.

        Stock comes in at ``location``. It goes out of the quants that hold it, oldest first:
        what nobody reserved first (batchable), then reserved stock, through Odoo's validation,
        which frees the reservations it no longer covers. The quants are locked the way Odoo's
        ``_update_available_quantity`` locks them: those another transaction holds now (a sale
        at the counter) are skipped, not waited for; stock only they hold is taken by Odoo's
        validation, which skips them too."""
        plan = {}
        decreases = [product_id for product_id, diff in changes.items() if diff < 0]
        held = defaultdict(list)
        if decreases:
            self.env["stock.quant"].flush_model()
            rows = self.env.execute_query(SQL(
                """SELECT q.product_id, q.location_id, q.lot_id, q.package_id, q.owner_id,
                          q.quantity, q.reserved_quantity
                     FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                    WHERE q.product_id = ANY(%s) AND l.parent_path LIKE %s AND q.quantity > 0
                 ORDER BY q.product_id, q.in_date, q.id
                      FOR NO KEY UPDATE OF q SKIP LOCKED""",
                decreases, location.parent_path + "%",
            ))
            for product_id, *quant in rows:
                held[product_id].append(quant)
        for product_id, diff in changes.items():
            if diff > 0:
                plan[product_id] = ([self._marketplace_plan_line(location.id, None, None, None, diff)], True)
                continue
            need, taken, batchable = -diff, defaultdict(float), True
            for reserved_part in (False, True):
                for location_id, lot_id, package_id, owner_id, quantity, reserved in held[product_id]:
                    free = max(quantity - max(reserved, 0), 0)
                    available = min(quantity, max(reserved, 0)) if reserved_part else free
                    take = min(need, available)
                    if take > 0:
                        taken[(location_id, lot_id, package_id, owner_id)] += take
                        need -= take
                        batchable = batchable and not reserved_part
            if need > 0:
                taken[(location.id, None, None, None)] += need
                batchable = False
            plan[product_id] = ([self._marketplace_plan_line(*key, qty) for key, qty in taken.items()], batchable)
        return plan

    @api.model
    def _marketplace_plan_line(self, location_id, lot_id, package_id, owner_id, quantity):
        return {"location_id": location_id, "lot_id": lot_id or False, "package_id": package_id or False,
                "owner_id": owner_id or False, "quantity": quantity}

    def _marketplace_notify_flagged(self):
        """Tell the member's users and the animators, in their Odoo inbox."""
        self.ensure_one()
        member_group = self.env.ref("marketplace_base.group_marketplace_member")
        animator_group = self.env.ref("marketplace_base.group_marketplace_animator")
        users = animator_group.sudo().users | member_group.sudo().users.filtered(
            lambda u: self.company_id in u.company_ids)
        self.message_post(
            body=self.env._(
                "%(count)s quantities jumped far above the store's previous stock: they were applied, "
                "please check them in the report.", count=self.flagged_count,
            ),
            partner_ids=users.filtered("active").partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _marketplace_fail_ended_jobs(self, store):
        """The queued feeds of ``store`` whose job ended without applying them, failed now: those
        its end could not reach (their rows were held when queue_job stored it). Feeds of a store
        wait behind a queued one: none waits for a job that will not run again."""
        self.flush_model(["state", "job_uuid"])
        rows = self.env.execute_query(SQL(
            """SELECT f.id, j.id FROM marketplace_stock_feed f JOIN queue_job j ON j.uuid = f.job_uuid
                WHERE f.store_id = %s AND f.state = 'queued' AND j.state IN ('done', 'failed', 'cancelled')""",
            store.id))
        for feed_id, job_id in rows:
            self.sudo().browse(feed_id)._marketplace_job_ended(self.env["queue.job"].sudo().browse(job_id))

    def _marketplace_job_ended(self, job):
        """Its job ended without applying it (failed on an error it could not retry, cancelled or
        set done by an administrator): the feed is failed, and the store's later feeds no longer
        wait behind it. The sender is told, not the job's internals."""
        self.filtered(lambda feed: feed.state == "queued" and feed.job_uuid == job.uuid).write({
            "state": "failed",
            "error_message": self.env._(
                "The feed could not be applied: the hub's administrators were told (job %(job)s).", job=job.uuid),
            "pending_lines": False,
        })

    def _marketplace_report(self, duplicate=False):
        self.ensure_one()
        return {
            "feed_id": self.id,
            "name": self.name,
            "state": self.state,
            "error": self.error_message or "",
            "store_code": self.store_id.marketplace_store_code,
            "mode": self.mode,
            "reference": self.reference or "",
            "duplicate": duplicate,
            "lines": self.line_count,
            "applied": self.applied_count,
            "unchanged": self.unchanged_count,
            "unknown": self.unknown_count,
            "rejected": self.rejected_count,
            "zeroed": self.zeroed_count,
            "flagged": self.flagged_count,
            "issues": [{
                "line": line.line_number,
                "reference": line.reference or "",
                "quantity": line.quantity or "",
                "status": line.status,
                "reason": line.reason,
                "message": line.message or "",
            } for line in self.line_ids],
        }

