import base64
import logging
import threading
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import Command, api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

_logger = logging.getLogger(__name__)

# A settlement's documents, by the name the member's screen and software ask for them.
DOCUMENT_MOVE_TYPES = {
    "bill": "in_invoice", "invoice": "out_invoice", "bill_refund": "in_refund", "invoice_refund": "out_refund",
}


class MarketplaceSettlement(models.Model):
    _name = "marketplace.settlement"
    _description = "Marketplace Settlement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------ fields
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    member_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", string="Hub", required=True, readonly=True,
        default=lambda self: self.env["res.company"]._marketplace_hub())
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    cutoff = fields.Datetime(
        readonly=True, help="Sales delivered or handed over before this moment (the withdrawal period over) "
                            "were settled.")
    subscription_month = fields.Char(
        readonly=True, index=True, help="The month (YYYY-MM) of the subscription fee this settlement invoiced.")
    line_ids = fields.One2many("marketplace.order.line", "settlement_id", string="Settled Lines", readonly=True)
    statement_line_ids = fields.One2many(
        "marketplace.settlement.line", "settlement_id", string="Statement", readonly=True,
        help="What this settlement settled: the sales it took and the returns it credited, with their amounts then.")
    move_ids = fields.One2many("account.move", "marketplace_settlement_id", string="Invoices", readonly=True)
    amount_sales = fields.Monetary(
        string="Sales", readonly=True,
        help="The member's sales the hub buys, VAT included: the self-billed vendor bill less its credit notes.")
    amount_commission = fields.Monetary(
        string="Commission and Subscription", readonly=True,
        help="The hub's commission and subscription, VAT included: the commission invoice less its credit notes.")
    payout = fields.Monetary(readonly=True, help="What the hub pays the member: sales less commission.")
    has_bill = fields.Boolean(compute="_compute_documents")
    has_invoice = fields.Boolean(compute="_compute_documents")
    has_bill_refund = fields.Boolean(compute="_compute_documents")
    has_invoice_refund = fields.Boolean(compute="_compute_documents")

    _sql_constraints = [
        ("subscription_month_unique", "UNIQUE(member_id, subscription_month)",
         "A member's subscription is invoiced once a month."),
    ]

    # ----------------------------------------------------------------- compute
    @api.depends("move_ids")
    def _compute_documents(self):
        for settlement in self:
            move_types = set(settlement.sudo().move_ids.mapped("move_type"))
            for kind, move_type in DOCUMENT_MOVE_TYPES.items():
                settlement[f"has_{kind}"] = move_type in move_types

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("marketplace.settlement") or "/"
        return super().create(vals_list)

    # ----------------------------------------------------------------- actions
    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action.update({"domain": [("id", "in", self.move_ids.ids)], "context": {"create": False}})
        return action

    def action_download_statement(self):
        return self._marketplace_download_action("statement")

    def action_download_bill(self):
        return self._marketplace_download_action("bill")

    def action_download_invoice(self):
        return self._marketplace_download_action("invoice")

    def action_download_bill_refund(self):
        return self._marketplace_download_action("bill_refund")

    def action_download_invoice_refund(self):
        return self._marketplace_download_action("invoice_refund")

    def _marketplace_download_action(self, kind):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": f"/marketplace/settlement/{self.id}/{kind}", "target": "download"}

    @api.model
    def action_marketplace_settle(self):
        """Settle every member now (Settlements › Settle now)."""
        if not self.env.user.has_group("marketplace_base.group_marketplace_admin"):
            raise UserError(self.env._("Only marketplace administrators can settle with the members."))
        jobs = self.sudo()._cron_marketplace_settle()
        action = self.env["ir.actions.act_window"]._for_xml_id("marketplace_commission.action_marketplace_settlement")
        message = self.env._(
            "The settlement runs in the background (%(count)s jobs): the settlements appear here as each "
            "batch of members is settled.", count=jobs)
        waiting = self.sudo()._marketplace_members_without_agreement()
        if waiting:
            message += " " + self.env._(
                "No self-billing agreement recorded for %(members)s: the hub cannot invoice their sales on "
                "their behalf. Record the day each accepted it on the member, then settle again.",
                members=", ".join(waiting.mapped("name")))
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {
                "type": "warning" if waiting else "info", "sticky": bool(waiting), "next": action,
                "title": self.env._("Members not settled") if waiting else self.env._("Settlement queued"),
                "message": message,
            },
        }

    # ---------------------------------------------------------------- business
    def marketplace_document(self, kind):
        """One of the settlement's documents, for the member's screen and its software (XML-RPC):
        ``statement`` (each line, its price, rate and commission), ``bill`` (the self-billed vendor
        bill), ``invoice`` (the commission invoice), ``bill_refund`` and ``invoice_refund`` (their
        credit notes, for returns since an earlier settlement), as ``{filename, mimetype, content}``
        (base64). The user must be able to read the settlement (a member: its own); the hub's
        invoices are then printed on its behalf."""
        self.ensure_one()
        if kind != "statement" and kind not in DOCUMENT_MOVE_TYPES:
            raise UserError(self.env._(
                "Unknown document %(kind)s: use statement, bill, invoice, bill_refund or invoice_refund.", kind=kind))
        self.check_access("read")
        Report = self.env["ir.actions.report"]
        if kind == "statement":
            content, report_type = Report._render_qweb_pdf(
                "marketplace_commission.action_report_marketplace_settlement", self.ids)
            name = self.name
        else:
            move = self.sudo().move_ids.filtered(lambda m: m.move_type == DOCUMENT_MOVE_TYPES[kind])[:1]
            if not move:
                raise UserError(self.env._("The settlement %(name)s has no such document.", name=self.name))
            content, report_type = Report.sudo()._render_qweb_pdf("account.account_invoices", move.ids)
            name = move.name
        extension = "pdf" if report_type == "pdf" else "html"
        return {
            "filename": f"{name.replace('/', '-')}.{extension}",
            "mimetype": "application/pdf" if extension == "pdf" else "text/html",
            "content": base64.b64encode(content).decode(),
        }

    @api.model
    def _cron_marketplace_settle(self, now=None, batch_size=20):
        """Settle with each member, in the background: one job per batch of ``batch_size``
        members on the settlement channel (OCA queue_job), which the job runner spreads over the
        workers of every application server. Each job settles its members
        (``_marketplace_settle_job``); run again (its worker died, two runs of this cron queued
        the same batch) it settles nothing twice. Returns the number of jobs queued."""
        cutoff, today, month, members = self._marketplace_settlement_scope(now)
        jobs = 0
        for batch in split_every(batch_size, members.ids):
            self.with_delay(
                channel="root.marketplace.settlement", priority=20,  # after the shops' stock feeds
                identity_key=f"marketplace.settlement,{month},{today},{batch[0]},{batch[-1]},{len(batch)}",
                description=self.env._("Settlement of %(count)s members (%(month)s)", count=len(batch), month=month),
            )._marketplace_settle_job(list(batch), cutoff, month, today)
            jobs += 1
        return jobs

    def _marketplace_settle_job(self, member_ids, cutoff, month, day):
        """The job of a batch of members: their settlements (see ``_marketplace_settle_members``)."""
        hub = self.env["res.company"]._marketplace_hub()
        # Still to settle when the job runs (an agreement withdrawn since leaves the member out).
        members = self.sudo()._marketplace_members_to_settle(agreed=True, among=member_ids)
        settlements = self.sudo()._marketplace_settle_members(members, cutoff, month, hub, day=day)
        return self.env._("%(count)s settlements: %(names)s", count=len(settlements),
                          names=", ".join(settlements.mapped("name")) or "-")

    @api.model
    def _marketplace_settle(self, now=None, batch_size=100):
        """Settle with each member in this process (the scheduled action queues jobs instead):
        members by batches, each committed (outside tests) so that what is settled stays settled
        (``_notify_progress``); a member another worker is settling is skipped. Returns the
        settlements."""
        cutoff, today, month, members = self._marketplace_settlement_scope(now)
        hub = self.env["res.company"]._marketplace_hub()
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        settlements = self.browse()
        done = 0
        self.env["ir.cron"]._notify_progress(done=0, remaining=len(members))
        for batch in split_every(batch_size, members.ids, members.browse):
            settlements |= self._marketplace_settle_members(batch, cutoff, month, hub, day=today)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(members) - done)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
            self.env.invalidate_all()  # flushed and forgotten: memory stays flat over the batches
        return settlements

    @api.model
    def _marketplace_settlement_scope(self, now=None):
        """(cutoff, day, month, members) of a settlement run at ``now``. It takes each member's
        lines delivered or handed over before the cutoff (past the withdrawal period), captured,
        not settled yet; the returns since its last settlement; this month's subscription (none
        once closed: a closed member is settled until nothing is left). Only members that accepted
        self-billing: the others are logged and wait."""
        now = now or fields.Datetime.now()
        hub = self.env["res.company"]._marketplace_hub()
        cutoff = now - timedelta(days=hub.marketplace_withdrawal_days)
        # The hub's day and month (Europe/Paris), not UTC's: a run at 00:30 on 1 December in
        # Paris invoices December's subscription and is dated 1 December.
        today = self.env["res.company"]._marketplace_hub_date(now)
        waiting = self._marketplace_members_without_agreement(now)
        if waiting:
            _logger.warning("Not settled, no self-billing agreement recorded: %s", ", ".join(waiting.mapped("name")))
        return cutoff, today, today.strftime("%Y-%m"), self._marketplace_members_to_settle(agreed=True)

    @api.model
    def _marketplace_members_to_settle(self, agreed, among=None):
        """The members a settlement takes: active, suspended, and closed ones until nothing is
        left (their last sales and returns), that accepted self-billing (``agreed``) or not;
        only those of the ids ``among`` when given (a job's batch)."""
        domain = [
            ("marketplace_role", "=", "member"),
            ("marketplace_state", "in", ("active", "suspended", "closed")),
            ("marketplace_self_billing_date", "!=" if agreed else "=", False),
        ]
        if among is not None:
            domain.append(("id", "in", list(among)))
        return self.env["res.company"].search(domain)

    @api.model
    def _marketplace_members_without_agreement(self, now=None):
        """Members with sales or returns to settle that the settlement leaves out: they never
        accepted self-billing (``marketplace_self_billing_date``)."""
        now = now or fields.Datetime.now()
        members = self._marketplace_members_to_settle(agreed=False)
        if not members:
            return members
        cutoff = now - timedelta(days=self.env["res.company"]._marketplace_hub().marketplace_withdrawal_days)
        due = self._marketplace_eligible_lines(members, cutoff) | self._marketplace_unsettled_returns(members)
        return due.company_id.sorted("name")

    @api.model
    def _marketplace_eligible_lines(self, members, cutoff):
        """The lines of ``members`` the settlement takes (``settlement_status`` *due*): sold,
        delivered or handed over before ``cutoff``, the customer's money in — captured, paid at
        the counter, or a hand-typed order's invoices paid."""
        Line = self.env["marketplace.order.line"].sudo()
        domain = [
            ("company_id", "in", members.ids),
            ("settlement_id", "=", False),
            ("commission_date", "!=", False),
            ("commission_date", "<=", cutoff),
            ("order_id.state", "in", ("delivered", "collected")),
            ("cancelled", "=", False),
            ("released", "=", False),
        ]
        paid = Line.search(domain + [("order_id.payment_state", "in", ("captured", "in_shop"))], order="id")
        invoiced = Line.search(domain + [("order_id.payment_state", "=", "none")], order="id").filtered(
            lambda line: line.order_id._marketplace_settlement_paid())
        return (paid | invoiced).sorted("id") if invoiced else paid

    @api.model
    def _marketplace_unsettled_returns(self, members):
        """Lines settled before their items came back: credited in the next settlement."""
        self.env["marketplace.order.line"].flush_model()
        rows = self.env.execute_query(SQL(
            """SELECT id FROM marketplace_order_line
                WHERE company_id = ANY(%s) AND settlement_id IS NOT NULL
                  AND COALESCE(returned_qty, 0) > COALESCE(settled_returned_qty, 0)
             ORDER BY id""", members.ids))
        return self.env["marketplace.order.line"].sudo().browse(row[0] for row in rows)

    @api.model
    def _marketplace_settle_member(self, member, cutoff, month, hub):
        """One member's settlement (see ``_marketplace_settle_members``)."""
        return self._marketplace_settle_members(member, cutoff, month, hub)

    @api.model
    def _marketplace_settle_members(self, members, cutoff, month, hub, day=None):
        """The settlements of ``members``, dated ``day`` (the hub's today by default), their
        invoices created and posted together (Odoo makes a batch of invoices three times quicker
        than one by one); nothing for a member with nothing to settle or that another worker is
        settling. The lines are summed in the
        database, a batch at once: the statement details them, the invoices need the totals."""
        plans = self._marketplace_plans(members, cutoff, month, hub)
        if not plans:
            return self.browse()
        day = day or self.env["res.company"]._marketplace_hub_date(fields.Datetime.now())
        try:
            with self.env.cr.savepoint():
                settlements = self.sudo().create([{
                    "member_id": member.id, "company_id": hub.id, "cutoff": cutoff, "date": day,
                    "subscription_month": month if fee else False,
                } for member, _lines, _returns, fee in plans])
        except psycopg2.errors.UniqueViolation as error:
            # Another worker settled a member's subscription alone (no line to lock) and committed
            # after this transaction's snapshot was taken: run again, this job sees it settled.
            raise RetryableJobError(self.env._(
                "A member of this batch was settled meanwhile by another worker: the batch runs again."),
                seconds=5) from error
        sold_lines = self.env["marketplace.order.line"].union(*(plan[1] for plan in plans))
        returned_lines = self.env["marketplace.order.line"].union(*(plan[2] for plan in plans))
        sold = self._marketplace_totals(sold_lines, returns=False)
        returned = self._marketplace_totals(returned_lines, returns=True)
        fees = self._marketplace_fees(sold_lines)
        fees_credited = self._marketplace_fees(returned_lines, returns=True)
        self._marketplace_mark_settled(settlements, plans)
        vals_list = []
        for settlement, (member, _lines, _returns, fee) in zip(settlements, plans, strict=True):
            vals_list += settlement._marketplace_document_values(
                sold[member.id], returned[member.id], fees.get(member.id, (0, 0.0)), fee,
                fees_credited.get(member.id, (0, 0.0)))
        # System documents: their chatter says nothing a settlement does not (tracking off, a
        # third of the time of an invoice).
        moves = self.env["account.move"].sudo().with_company(hub).with_context(tracking_disable=True).create(vals_list)
        moves.action_post()
        sign = {"in_invoice": 1, "in_refund": -1, "out_invoice": 1, "out_refund": -1}
        moves_of = moves.grouped("marketplace_settlement_id")
        for settlement in settlements:
            own = moves_of.get(settlement, moves.browse())
            sales = sum(sign[m.move_type] * m.amount_total for m in own if m.move_type in ("in_invoice", "in_refund"))
            commission = sum(sign[m.move_type] * m.amount_total for m in own
                             if m.move_type in ("out_invoice", "out_refund"))
            settlement.write({"amount_sales": sales, "amount_commission": commission, "payout": sales - commission})
        _logger.info("Settled %s members: %s", len(settlements), ", ".join(settlements.mapped("name")))
        return settlements

    @api.model
    def _marketplace_totals(self, lines, returns):
        """{member id: totals} of ``lines``, what the bill and the commission invoice sum: sales (VAT
        included: what the customer paid for each line, shared by the items returned) and items,
        commission and number of lines per rate. Sold lines count what did not come back before
        the settlement; ``returns`` what came back since the last one."""
        share = self._marketplace_share_sql
        if returns:
            qty = SQL("COALESCE(l.returned_qty, 0) - COALESCE(l.settled_returned_qty, 0)")
            sales = SQL("%s - %s", share(SQL("l.returned_qty")), share(SQL("l.settled_returned_qty")))
            commission = SQL("COALESCE(l.commission_reversed, 0) - COALESCE(l.settled_commission_reversed, 0)")
        else:
            qty = SQL("l.quantity - COALESCE(l.returned_qty, 0)")
            sales = SQL("COALESCE(l.amount, 0) - %s", share(SQL("l.returned_qty")))
            commission = SQL("COALESCE(l.commission_amount, 0) - COALESCE(l.commission_reversed, 0)")
        totals = defaultdict(lambda: {"sales": 0.0, "items": 0.0,
                                      "rates": defaultdict(float), "lines": defaultdict(int)})
        if not lines:
            return totals
        lines.flush_model()
        self.env["marketplace.order"].flush_model(["payment_state"])
        # Paid in the shop: the member took the money, the hub buys nothing (commission only).
        bought = SQL("%s > 0 AND o.payment_state <> 'in_shop'", qty)
        rows = self.env.execute_query(SQL(
            """SELECT l.company_id, COALESCE(l.commission_rate, 0),
                      COALESCE(SUM(%(sales)s) FILTER (WHERE %(bought)s), 0),
                      COALESCE(SUM(%(qty)s) FILTER (WHERE %(bought)s), 0),
                      COALESCE(SUM(%(commission)s) FILTER (WHERE %(commission)s <> 0), 0),
                      COUNT(*) FILTER (WHERE %(commission)s <> 0)
                 FROM marketplace_order_line l JOIN marketplace_order o ON o.id = l.order_id
                WHERE l.id = ANY(%(ids)s)
             GROUP BY l.company_id, l.commission_rate""",
            qty=qty, sales=sales, commission=commission, bought=bought, ids=lines.ids))
        for member_id, rate, sales, items, amount, count in rows:
            member_totals = totals[member_id]
            member_totals["sales"] += sales
            member_totals["items"] += items
            if count:
                member_totals["rates"][rate] += amount
                member_totals["lines"][rate] += count
        return totals

    @api.model
    def _marketplace_share_sql(self, returned, paid=None):
        """SQL: what the customer paid (``paid``, the line's amount by default) for ``returned``
        items of the order line ``l``, rounded to the cent: the line's amount shared, as the
        commission is (never the rounded unit price × items)."""
        digits = self.env["res.company"]._marketplace_hub().currency_id.decimal_places
        return SQL("ROUND(COALESCE(%s, 0) * COALESCE(%s, 0) / NULLIF(l.quantity, 0), %s)",
                   paid or SQL("l.amount"), returned, digits)

    @api.model
    def _marketplace_snapshot(self, settlements, plans):
        """The statement of each settlement: a row per sale it takes (what did not come back
        before, at what the customer paid — at the counter when paid there — with its commission)
        and per return it credits (the items back since the last settlement), written before the
        lines are marked settled, in one statement for the batch."""
        sold_ids, returned_ids, sold_of, returned_of = [], [], [], []
        for settlement, (_member, lines, returns, _fee) in zip(settlements, plans, strict=True):
            sold_ids += lines.ids
            sold_of += [settlement.id] * len(lines)
            returned_ids += returns.ids
            returned_of += [settlement.id] * len(returns)
        share = self._marketplace_share_sql
        paid = SQL("COALESCE(l.commission_base, l.amount)")
        columns = {
            "sale": (SQL("l.quantity - COALESCE(l.returned_qty, 0)"),
                     SQL("COALESCE(%s, 0) - %s", paid, share(SQL("l.returned_qty"), paid)),
                     SQL("COALESCE(l.commission_amount, 0) - COALESCE(l.commission_reversed, 0)")),
            "return": (SQL("COALESCE(l.returned_qty, 0) - COALESCE(l.settled_returned_qty, 0)"),
                       SQL("%s - %s", share(SQL("l.settled_returned_qty"), paid), share(SQL("l.returned_qty"), paid)),
                       SQL("COALESCE(l.settled_commission_reversed, 0) - COALESCE(l.commission_reversed, 0)")),
        }
        now, uid = self.env.cr.now(), self.env.uid
        for kind, ids, settlement_ids in (("sale", sold_ids, sold_of), ("return", returned_ids, returned_of)):
            if not ids:
                continue
            quantity, amount, commission = columns[kind]
            self.env.execute_query(SQL(
                """INSERT INTO marketplace_settlement_line
                          (settlement_id, order_line_id, kind, order_name, quantity, amount, commission_rate,
                           commission, in_shop, create_date, create_uid, write_date, write_uid)
                   SELECT s.settlement_id, l.id, %(kind)s, o.name, %(quantity)s, %(amount)s,
                          COALESCE(l.commission_rate, 0), %(commission)s, o.payment_state = 'in_shop',
                          %(now)s, %(uid)s, %(now)s, %(uid)s
                     FROM unnest(%(ids)s::int[], %(settlements)s::int[]) AS s(line_id, settlement_id)
                     JOIN marketplace_order_line l ON l.id = s.line_id
                     JOIN marketplace_order o ON o.id = l.order_id
                 ORDER BY s.settlement_id, l.id""",
                kind=kind, quantity=quantity, amount=amount, commission=commission, now=now, uid=uid,
                ids=ids, settlements=settlement_ids))
        # The items' names as they read that day, in the hub's language (a few hundred products
        # for thousands of lines).
        lines = self.env["marketplace.order.line"].sudo().browse(sold_ids + returned_ids)
        lang = self.env["res.company"]._marketplace_hub().partner_id.lang or self.env.lang
        products = lines.product_id.with_context(lang=lang)
        if products:
            self.env.execute_query(SQL(
                """UPDATE marketplace_settlement_line sl SET product_name = p.name
                     FROM unnest(%s::int[], %s::text[]) AS p(product_id, name), marketplace_order_line l
                    WHERE sl.settlement_id = ANY(%s) AND l.id = sl.order_line_id AND l.product_id = p.product_id""",
                products.ids, [product.display_name for product in products], settlements.ids))
        self.env["marketplace.settlement.line"].invalidate_model()
        settlements.invalidate_recordset(["statement_line_ids"])

    @api.model
    def _marketplace_fees(self, lines, returns=False):
        """{member id: (orders, fixed fees)} of the member orders of ``lines``: what is charged
        when they are sold (less what came back before), or, for ``returns``, what came back
        since (everything an order sold returned after its settlement: its fee is credited)."""
        if not lines:
            return {}
        self.env["marketplace.order"].flush_model(
            ["commission_fee", "commission_fee_reversed", "settled_fee_reversed", "company_id"])
        if returns:
            amount = SQL("COALESCE(o.commission_fee_reversed, 0) - COALESCE(o.settled_fee_reversed, 0)")
        else:
            amount = SQL("COALESCE(o.commission_fee, 0) - COALESCE(o.commission_fee_reversed, 0)")
        rows = self.env.execute_query(SQL(
            """SELECT o.company_id, COUNT(*) FILTER (WHERE %(amount)s <> 0), COALESCE(SUM(%(amount)s), 0)
                 FROM marketplace_order o
                WHERE o.id IN (SELECT order_id FROM marketplace_order_line WHERE id = ANY(%(ids)s))
             GROUP BY o.company_id""", amount=amount, ids=lines.ids))
        return {member_id: (count, fees) for member_id, count, fees in rows}

    @api.model
    def _marketplace_mark_settled(self, settlements, plans):
        """Each plan's lines now belong to its settlement, and their returns are credited: one
        update for the batch (the lines are locked since ``_marketplace_plans``)."""
        line_ids, settlement_ids = [], []
        for settlement, (_member, lines, _returns, _fee) in zip(settlements, plans, strict=True):
            line_ids += lines.ids
            settlement_ids += [settlement.id] * len(lines)
        credited = [line_id for plan in plans for line_id in (plan[1] | plan[2]).ids]
        self._marketplace_snapshot(settlements, plans)
        now, uid = self.env.cr.now(), self.env.uid
        if line_ids:
            self.env.execute_query(SQL(
                """UPDATE marketplace_order_line l
                      SET settlement_id = s.settlement_id, write_date = %s, write_uid = %s
                     FROM unnest(%s::int[], %s::int[]) AS s(line_id, settlement_id)
                    WHERE l.id = s.line_id""", now, uid, line_ids, settlement_ids))
        if credited:
            self.env.execute_query(SQL(
                """UPDATE marketplace_order_line
                      SET settled_returned_qty = returned_qty, settled_commission_reversed = commission_reversed,
                          write_date = %s, write_uid = %s
                    WHERE id = ANY(%s)
                      AND (COALESCE(returned_qty, 0) <> 0 OR COALESCE(settled_returned_qty, 0) <> 0)""",
                now, uid, credited))
        if credited:
            # The fixed fee of what came back is credited once (or was never charged).
            self.env.execute_query(SQL(
                """UPDATE marketplace_order
                      SET settled_fee_reversed = commission_fee_reversed, write_date = %s, write_uid = %s
                    WHERE id IN (SELECT order_id FROM marketplace_order_line WHERE id = ANY(%s))
                      AND COALESCE(settled_fee_reversed, 0) <> COALESCE(commission_fee_reversed, 0)""",
                now, uid, credited))
            self.env["marketplace.order"].invalidate_model(["settled_fee_reversed", "write_date", "write_uid"])
        self.env["marketplace.order.line"].invalidate_model(
            ["settlement_id", "settled_returned_qty", "settled_commission_reversed", "write_date", "write_uid"])
        settlements.invalidate_recordset(["line_ids"])

    @api.model
    def _marketplace_plans(self, members, cutoff, month, hub):
        """[(member, lines, returns, subscription fee)] of the ``members`` with something to
        settle, read for all of them at once. A member another worker is settling is left out (a
        transaction-level advisory lock per member)."""
        rows = self.env.execute_query(SQL(
            """SELECT m FROM unnest(%s::int[]) AS m
                WHERE pg_try_advisory_xact_lock(hashtext('marketplace.settlement'), m)""", members.ids))
        members = members.browse(row[0] for row in rows)
        if not members:
            return []
        lines_of = self._marketplace_eligible_lines(members, cutoff).grouped("company_id")
        returns_of = self._marketplace_unsettled_returns(members).grouped("company_id")
        fee = max(hub.marketplace_subscription_fee, 0.0)
        charged = self.sudo().search(
            [("member_id", "in", members.ids), ("subscription_month", "=", month)]).member_id if fee else members
        Line = self.env["marketplace.order.line"]
        plans = [
            (member, lines_of.get(member, Line), returns_of.get(member, Line),
             0.0 if member in charged or member.marketplace_state == "closed" else fee)
            for member in members
        ]
        plans = [plan for plan in plans if plan[1] or plan[2] or plan[3]]
        # Rows read in this transaction's snapshot: a settlement committed by another worker since
        # then makes this lock fail (serialization; the cron is run again), never settles twice.
        locked_lines = [line_id for plan in plans for line_id in (plan[1] | plan[2]).ids]
        if locked_lines:
            self.env.execute_query(SQL(
                "SELECT id FROM marketplace_order_line WHERE id = ANY(%s) FOR NO KEY UPDATE", locked_lines))
        return plans

    @staticmethod
    def _marketplace_line(account, **values):
        """An invoice line stating its ``account`` (Odoo would otherwise guess it from the
        partner's history: the member is both a customer and a vendor of the hub)."""
        if account:
            values["account_id"] = account.id
        return Command.create(values)

    def _marketplace_invoice_lines(self, totals, purchase_tax, sale_tax, accounts):
        """(bill lines, commission invoice lines) of ``totals``: the statement details each order
        line; the invoices sum them (one line for the sales, one per commission rate), which keeps
        them exact to the cent and quick to make whatever the number of lines. ``accounts``:
        (goods, commission)."""
        goods_account, commission_account = accounts
        bill_lines, invoice_lines = [], []
        if totals["sales"]:
            bill_lines.append(self._marketplace_line(
                goods_account, name=self.env._("Marketplace sales — %(items)s items (%(name)s)",
                                               items=int(totals["items"]), name=self.name),
                quantity=1, price_unit=self.currency_id.round(totals["sales"]),
                tax_ids=[Command.set(purchase_tax.ids)]))
        for rate, amount in sorted(totals["rates"].items()):
            invoice_lines.append(self._marketplace_line(
                commission_account, name=self.env._("Commission %(rate)s %% — %(lines)s lines",
                                                    rate=rate, lines=totals["lines"][rate]),
                quantity=1, price_unit=self.currency_id.round(amount), tax_ids=[Command.set(sale_tax.ids)]))
        return bill_lines, invoice_lines

    def _marketplace_document_values(self, sold, returned, fees, fee, fees_credited=(0, 0.0)):
        """The values of this settlement's documents in the hub company, from the totals of its
        lines (``_marketplace_totals``), the fixed fees of its orders (count, amount), the
        subscription ``fee`` and the fixed fees of orders returned in full since they were
        settled (count, amount): the self-billed vendor bill of the member's sales and the
        commission invoice with French VAT; for returns since the last settlement, a credit note
        of each."""
        self.ensure_one()
        hub = self.company_id
        partner = self.member_id.partner_id
        purchase_tax = hub._marketplace_price_included_twin(hub.account_purchase_tax_id)
        sale_tax = hub._marketplace_commission_tax()
        common = {"partner_id": partner.id, "company_id": hub.id, "invoice_date": self.date,
                  "marketplace_settlement_id": self.id, "ref": self.name}
        accounts = hub._marketplace_settlement_accounts()
        bill_lines, commission_lines = self._marketplace_invoice_lines(sold, purchase_tax, sale_tax, accounts)
        refund_bill_lines, refund_commission_lines = self._marketplace_invoice_lines(
            returned, purchase_tax, sale_tax, accounts)
        orders, fees = fees
        if self.currency_id.round(fees):
            commission_lines.append(self._marketplace_line(
                accounts[1], name=self.env._("Fixed fees — %(orders)s orders", orders=orders),
                quantity=1, price_unit=fees, tax_ids=[Command.set(sale_tax.ids)]))
        orders_credited, credited = fees_credited
        if self.currency_id.round(credited):
            refund_commission_lines.append(self._marketplace_line(
                accounts[1], name=self.env._("Fixed fees credited — %(orders)s orders", orders=orders_credited),
                quantity=1, price_unit=credited, tax_ids=[Command.set(sale_tax.ids)]))
        if fee:
            commission_lines.append(self._marketplace_line(
                accounts[1], name=self.env._("Marketplace subscription %(month)s", month=self.subscription_month),
                quantity=1, price_unit=fee, tax_ids=[Command.set(sale_tax.ids)]))
        return [
            dict(common, move_type=move_type, invoice_line_ids=move_lines)
            for move_type, move_lines in (("in_invoice", bill_lines), ("out_invoice", commission_lines),
                                          ("in_refund", refund_bill_lines), ("out_refund", refund_commission_lines))
            if move_lines
        ]
