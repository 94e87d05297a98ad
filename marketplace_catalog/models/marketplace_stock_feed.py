import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..utils import parse_quantity

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
    @api.model
    def submit(self, store_code, lines, mode="delta", reference=None, source="api"):
        """Apply a stock feed to a store and return its report.

        :param store_code: the store's ``marketplace_store_code``
        :param lines: list of ``{'barcode' or 'default_code': str, 'quantity': number}``
        :param mode: ``delta`` (only these lines) or ``full`` (absent references go to zero)
        :param reference: the sender's idempotency key: a reference already received for this
            store is not applied again, its first report is returned
        :return: dict with the feed's counters and its ignored, rejected and flagged lines
        """
        if mode not in ("delta", "full"):
            raise UserError(self.env._("Unknown feed mode %(mode)s: use delta or full.", mode=mode))
        if not isinstance(lines, list | tuple):
            raise UserError(self.env._("The feed lines must be a list."))
        store = self._marketplace_store_for_feed(store_code)
        # One feed of a store at a time. Updating the store's row (not merely locking it) makes a
        # concurrent feed wait, then fail with a serialization error that Odoo retries; Odoo runs
        # transactions in REPEATABLE READ, so only the retry sees the feed that came first.
        self.env.cr.execute("UPDATE stock_warehouse SET write_date = write_date WHERE id = %s", [store.id])
        Feed = self.sudo().with_company(store.company_id)
        if reference:
            existing = Feed.search([("store_id", "=", store.id), ("reference", "=", str(reference))], limit=1)
            if existing:
                return existing._marketplace_report(duplicate=True)
        feed = Feed.create({
            "store_id": store.id,
            "mode": mode,
            "source": source,
            "reference": reference and str(reference),
        })
        feed._marketplace_apply(lines)
        return feed._marketplace_report()

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
        return store

    def _marketplace_apply(self, lines):
        """Check every line, then apply the good ones in one batch of inventory moves."""
        self.ensure_one()
        hub = self.env["res.company"]._marketplace_hub()
        ceiling = hub.marketplace_feed_qty_ceiling or 0
        ratio = hub.marketplace_feed_jump_ratio or 0
        report = []
        wanted = {}  # (kind, reference) -> (line_number, quantity)
        for number, line in enumerate(lines, start=1):
            if not isinstance(line, dict):
                report.append(self._marketplace_issue(number, "", "", "rejected", "malformed"))
                continue
            kind = "barcode" if line.get("barcode") else "default_code" if line.get("default_code") else None
            ref = str(line.get(kind) or "").strip() if kind else ""
            raw_qty = line.get("quantity")
            if not ref:
                report.append(self._marketplace_issue(number, "", raw_qty, "rejected", "no_reference"))
                continue
            qty, error = parse_quantity(raw_qty, ceiling)
            if error:
                report.append(self._marketplace_issue(number, ref, raw_qty, "rejected", error))
                continue
            if (kind, ref) in wanted:
                report.append(self._marketplace_issue(
                    number, ref, raw_qty, "rejected", "duplicate", first=wanted[(kind, ref)][0]))
                continue
            wanted[(kind, ref)] = (number, qty)

        products = self._marketplace_resolve(wanted)
        targets = {}  # product_id -> (line_number, ref, quantity)
        for (kind, ref), (number, qty) in wanted.items():
            product = products.get((kind, ref))
            if not product:
                report.append(self._marketplace_issue(number, ref, qty, "ignored", "unknown"))
            elif product in targets:
                report.append(self._marketplace_issue(
                    number, ref, qty, "rejected", "duplicate", first=targets[product][0]))
            else:
                targets[product] = (number, ref, qty)

        stock_location = self.store_id.lot_stock_id
        current = self._marketplace_current_quantities(stock_location, list(targets) if self.mode == "delta" else None)
        zeroed = 0
        if self.mode == "full":
            for product_id, qty in current.items():
                if product_id not in targets and qty:
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
            "unknown": self.env._("No product of the catalogue has this reference: line ignored."),
            "no_reference": self.env._("The line has neither a barcode nor an internal reference."),
            "missing": self.env._("The line has no quantity."),
            "not_a_number": self.env._("The quantity is not a number."),
            "negative": self.env._("A stock quantity cannot be negative."),
            "fractional": self.env._("Shoes are counted in whole units: the quantity has decimals."),
            "above_ceiling": self.env._("The quantity is above the ceiling set by the hub."),
            "malformed": self.env._("The line is not a record with a reference and a quantity."),
            "duplicate": self.env._("This reference was already given on line %(line)s.", line=first),
            "jump": self.env._("The quantity jumped from %(before)s to %(after)s: applied, please check.",
                               before=before, after=after),
        }
        return {
            "line_number": number,
            "reference": ref,
            "quantity": "" if raw_qty is None else str(raw_qty),
            "status": status,
            "reason": reason,
            "message": messages[reason],
            "product_id": product_id,
        }

    @api.model
    def _marketplace_resolve(self, wanted):
        """Storable catalogue products by barcode or internal reference: two queries."""
        found = {}
        for kind in ("barcode", "default_code"):
            refs = [ref for (k, ref) in wanted if k == kind]
            if not refs:
                continue
            rows = self.env.execute_query(SQL(
                """SELECT p.%s, p.id FROM product_product p
                     JOIN product_template t ON t.id = p.product_tmpl_id
                    WHERE p.%s = ANY(%s) AND p.active AND t.is_storable""",
                SQL.identifier(kind), SQL.identifier(kind), refs,
            ))
            for ref, product_id in rows:
                found[(kind, ref)] = product_id
        return found

    @api.model
    def _marketplace_current_quantities(self, location, product_ids=None):
        """On-hand quantity per product in the store's stock location and below it."""
        self.env["stock.quant"].flush_model(["quantity", "location_id", "product_id"])
        product_filter = SQL("AND q.product_id = ANY(%s)", product_ids) if product_ids is not None else SQL()
        rows = self.env.execute_query(SQL(
            """SELECT q.product_id, SUM(q.quantity) FROM stock_quant q
                 JOIN stock_location l ON l.id = q.location_id
                WHERE l.parent_path LIKE %s %s
             GROUP BY q.product_id""",
            location.parent_path + "%", product_filter,
        ))
        return {product_id: int(qty) for product_id, qty in rows}

    def _marketplace_move_stock(self, changes):
        """Apply quantity differences as Odoo inventory adjustments: one inventory move per
        product, named after the feed, validated in batch.

        Lines that leave the store's reserved quantities covered (nearly all of them) are validated
        in a quant batch: their quants are written in one statement. The others go through Odoo's
        own validation, which also frees the reservations the new stock no longer covers."""
        if not changes:
            return
        store = self.store_id
        company = store.company_id
        stock_location = store.lot_stock_id
        Product = self.env["product.product"].sudo().with_company(company)
        products = Product.browse(list(changes))
        inventory_location = products[:1].property_stock_inventory
        move_vals = []
        for product in products:
            diff = changes[product.id]
            source, dest = (inventory_location, stock_location) if diff > 0 else (stock_location, inventory_location)
            move_vals.append({
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
        batched = self._marketplace_batchable(stock_location, changes)
        Move = self.env["stock.move"].sudo().with_company(company).with_context(
            inventory_mode=False, inventory_name=self.name,
        )
        for in_batch in (True, False):
            vals_list = [vals for vals in move_vals if (vals["product_id"] in batched) == in_batch]
            if not vals_list:
                continue
            moves = Move.with_context(marketplace_quant_batch={} if in_batch else None).create(vals_list)
            # The lines are created after their moves: a picked move given its lines writes them
            # one by one.
            moves.env["stock.move.line"].create([{
                "move_id": move.id,
                "product_id": move.product_id.id,
                "product_uom_id": move.product_uom.id,
                "quantity": move.product_uom_qty,
                "location_id": move.location_id.id,
                "location_dest_id": move.location_dest_id.id,
                "company_id": company.id,
                "picked": True,
            } for move in moves])
            moves._action_done()

    @api.model
    def _marketplace_batchable(self, location, changes):
        """Products whose change can go through the quant batch: untracked, and still covering
        the quantity reserved at the location (no reservation to free)."""
        rows = self.env.execute_query(SQL(
            """SELECT q.product_id, SUM(q.quantity), SUM(q.reserved_quantity) FROM stock_quant q
                WHERE q.location_id = %s AND q.product_id = ANY(%s)
                  AND q.lot_id IS NULL AND q.package_id IS NULL AND q.owner_id IS NULL
             GROUP BY q.product_id""",
            location.id, list(changes),
        ))
        held = {product_id: (qty, reserved) for product_id, qty, reserved in rows}
        untracked = set(self.env["product.product"].sudo().browse(list(changes)).filtered(
            lambda p: p.tracking == "none").ids)
        return {
            product_id for product_id, diff in changes.items()
            if product_id in untracked
            and (diff > 0 or held.get(product_id, (0, 0))[0] + diff >= held.get(product_id, (0, 0))[1])
        }

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

    def _marketplace_report(self, duplicate=False):
        self.ensure_one()
        return {
            "feed_id": self.id,
            "name": self.name,
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

