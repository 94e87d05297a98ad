import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.marketplace_base.utils import without_none
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, create_index, format_datetime, split_every

from .sale_order_ledger import alert_animators

_logger = logging.getLogger(__name__)

STATES = [
    ("assigned", "Assigned"),
    ("accepted", "Accepted"),
    ("ready", "Ready"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("collected", "Collected"),
    ("refused", "Refused"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
    ("closed", "Closed"),
]
# States in which a member order still holds (or will ship) its pairs.
FULFILMENTS = [("ship", "Home delivery"), ("collect", "Click & collect")]
REFUSE_REASONS = [("out_of_stock", "Not in the shop"), ("damaged", "Damaged item"),
                  ("closed", "Shop closed"), ("other", "Other")]
OPEN_STATES = ("assigned", "accepted", "ready")
# States that give the lines back to routing.
RELEASED_STATES = ("refused", "expired", "cancelled")
# The customer as a member reads them on its order: blank once the member no longer serves it.
CUSTOMER_FIELDS = ("customer_name", "customer_street", "customer_street2", "customer_zip", "customer_city",
                   "customer_phone", "customer_email")
# The control room's "due within 2 hours" filter.
DUE_SOON_HOURS = 2


def check_ledger_write(records, field_names, protected):
    """Fields of Odoo's models that the suite keeps for its ledger and routing (readonly on the
    screens, writable over RPC otherwise): written by the suite only, never by a user's write."""
    if not records.env.su and protected & set(field_names):
        raise AccessError(records.env._(
            "%(fields)s are kept by the marketplace: they cannot be written.",
            fields=", ".join(sorted(protected & set(field_names)))))


def check_protected_write(records, field_names):
    """States, payment fields, amounts and links of member orders (and their lines) change only
    through the order's actions, which write as the system: a user's own write, whatever the
    group, is refused (a field the screen shows read-only is still writable over RPC otherwise).
    Followers and activities stay the user's (mail)."""
    if records.env.su:
        return
    protected = [name for name in field_names if name in records._fields and records._fields[name].store
                 and not name.startswith(("message_", "activity_")) and name not in models.MAGIC_COLUMNS]
    if protected:
        raise AccessError(records.env._(
            "Member orders change only through their actions (accept, ship, cancel, reassign…): "
            "%(fields)s cannot be written.", fields=", ".join(sorted(protected))))


class MarketplaceOrder(models.Model):
    _name = "marketplace.order"
    _description = "Member Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "marketplace.cron.batch.mixin", "marketplace.order.payment"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------ fields
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram")
    sale_order_id = fields.Many2one(
        "sale.order", string="Customer Order", required=True, readonly=True, index=True, ondelete="restrict")
    store_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, index=True, ondelete="restrict",
        domain=[("marketplace_store", "=", True)])
    company_id = fields.Many2one(
        related="store_id.company_id", string="Member", store=True, index=True, readonly=True)
    fulfilment = fields.Selection(selection=FULFILMENTS, required=True, default="ship", readonly=True)
    state = fields.Selection(selection=STATES, default="assigned", required=True, readonly=True, index=True,
                             tracking=True, copy=False)
    line_ids = fields.One2many("marketplace.order.line", "order_id", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True, copy=False)
    tracking_ref = fields.Char(string="Tracking Reference", readonly=True, copy=False, tracking=True)
    pickup_code = fields.Char(readonly=True, copy=False)
    refuse_reason = fields.Selection(selection=REFUSE_REASONS, readonly=True, copy=False, tracking=True)
    refuse_note = fields.Char(string="Refusal Note", readonly=True, copy=False)
    network_handed_back = fields.Boolean(
        string="Handed Back by the Network", readonly=True, copy=False,
        help="Refused for the store by its holiday pause or its member's suspension, not by the member: "
             "the store may serve the customer order again once it is back, and it does not count "
             "against the member's acceptance rate.")
    assigned_date = fields.Datetime(readonly=True, copy=False, index=True)
    accepted_date = fields.Datetime(readonly=True, copy=False)
    ready_date = fields.Datetime(readonly=True, copy=False)
    shipped_date = fields.Datetime(readonly=True, copy=False)
    delivered_date = fields.Datetime(readonly=True, copy=False)
    currency_id = fields.Many2one(related="sale_order_id.currency_id")
    payment_state = fields.Selection(
        selection=[("none", "Nothing to capture"), ("to_capture", "To capture"), ("pending", "Capture requested"),
                   ("captured", "Captured"), ("failed", "Capture failed"), ("voided", "Voided"),
                   ("in_shop", "Paid in the shop")],
        default="none", required=True, readonly=True, copy=False, tracking=True,
        help="The customer's payment for this leg: authorised at checkout, captured when the parcel leaves "
             "(or paid at the shop's counter when collected: the member took the money).")
    capture_transaction_id = fields.Many2one("payment.transaction", readonly=True, copy=False)
    capture_amount = fields.Monetary(
        readonly=True, copy=False,
        help="Amount captured for this leg: its lines and, with the first leg, the delivery fee.")
    payment_error = fields.Char(readonly=True, copy=False)
    amount_total = fields.Monetary(string="Total", compute="_compute_amount_total", store=True)
    cancel_reason = fields.Char(string="Cancellation Reason", readonly=True, copy=False, tracking=True)
    refunded_amount = fields.Monetary(readonly=True, copy=False,
                                      help="What the customer got back for returned items.")
    release_pending = fields.Boolean(
        string="To Route Again", readonly=True, copy=False,
        help="Expired: its pairs and lines wait for the scheduled action that routes them again.")
    # Deadlines (DESIGN.md): each set when its step starts, counting the store's opening hours.
    accept_deadline = fields.Datetime(string="Accept Before", readonly=True, copy=False)
    prepare_deadline = fields.Datetime(string="Prepare Before", readonly=True, copy=False)
    post_deadline = fields.Datetime(string="Post Before", readonly=True, copy=False)
    collect_deadline = fields.Datetime(string="Collect Before", readonly=True, copy=False)
    prepare_late = fields.Boolean(string="Prepared Late", readonly=True, copy=False, tracking=True)
    post_late = fields.Boolean(string="Posted Late", readonly=True, copy=False, tracking=True)
    is_late = fields.Boolean(string="Late", compute="_compute_is_late", store=True, index=True)
    deadline = fields.Datetime(
        compute="_compute_deadline", store=True,
        help="When the current step (accept, prepare, post, collect) must be done.")
    deadline_check = fields.Datetime(
        compute="_compute_deadline", store=True, index="btree_not_null",
        help="When the deadline cron has something to do on this order next (empty: nothing).")
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue",
        help="An open order whose current step is past its deadline, or that was flagged late.")
    is_due_soon = fields.Boolean(
        string="Due Within 2 Hours", compute="_compute_is_overdue", search="_search_is_due_soon")
    has_unassigned = fields.Boolean(related="sale_order_id.marketplace_unassigned", string="Unassigned Lines")
    # The customer as the member needs them for this order (read through the order: a member
    # cannot read the hub's customers).
    # Blank for a member once it no longer serves them (GDPR).
    customer_name = fields.Char(string="Customer", compute="_compute_customer", search="_search_customer_name")
    customer_street = fields.Char(string="Street", compute="_compute_customer")
    customer_street2 = fields.Char(string="Street 2", compute="_compute_customer")
    customer_zip = fields.Char(string="Postcode", compute="_compute_customer")
    customer_city = fields.Char(string="Town", compute="_compute_customer", search="_search_customer_city")
    customer_phone = fields.Char(string="Phone", compute="_compute_customer")
    customer_email = fields.Char(string="E-mail", compute="_compute_customer")
    customer_order_ref = fields.Char(related="sale_order_id.name", string="Customer Order Reference")

    # ----------------------------------------------------------------- compute
    @api.depends("state", "release_pending", "sale_order_id.partner_shipping_id",
                 *(f"sale_order_id.partner_shipping_id.{name}"
                   for name in ("name", "street", "street2", "zip", "city", "phone", "email")))
    @api.depends_context("uid")
    def _compute_customer(self):
        """The customer as the member needs them for this order (read through the order: a member
        cannot read the hub's customers) — while it serves them: refused, expired or cancelled, a
        member's user no longer reads who and where they are (the hub's staff still do)."""
        hidden = self._marketplace_customer_hidden()
        for order in self:
            partner = order.sudo().sale_order_id.partner_shipping_id
            if hidden and order.sudo().state in RELEASED_STATES and not order.sudo().release_pending:
                partner = partner.browse()
            for name in CUSTOMER_FIELDS:
                order[name] = partner[name.removeprefix("customer_")] if partner else False

    def _marketplace_customer_hidden(self):
        """The current user reads customers only through orders it serves (a member's user)."""
        return not self.env.su and self.env.user._marketplace_is_member_only()

    def _search_customer_name(self, operator, value):
        return self._marketplace_search_customer("name", operator, value)

    def _search_customer_city(self, operator, value):
        return self._marketplace_search_customer("city", operator, value)

    def _marketplace_search_customer(self, fname, operator, value):
        """Orders whose customer's ``fname`` matches — among those the user reads the customer of."""
        if operator not in ("=", "!=", "ilike", "not ilike", "like", "=like", "=ilike"):
            raise UserError(self.env._("Search the customer with a text operator."))
        partners = self.env["res.partner"].sudo().with_context(active_test=False)._search([(fname, operator, value)])
        served = SQL("TRUE")
        if self._marketplace_customer_hidden():
            served = SQL("(mo.state NOT IN %s OR mo.release_pending)", RELEASED_STATES)
        return [("id", "in", SQL(
            """(SELECT mo.id FROM marketplace_order mo JOIN sale_order so ON so.id = mo.sale_order_id
                 WHERE so.partner_shipping_id IN %s AND %s)""", partners.subselect(), served))]

    @api.depends("line_ids.amount", "line_ids.cancelled", "line_ids.released")
    def _compute_amount_total(self):
        for order in self:
            active = order._marketplace_active_lines()
            order.amount_total = sum(active.mapped("amount"))

    @api.depends("prepare_late", "post_late")
    def _compute_is_late(self):
        for order in self:
            order.is_late = order.prepare_late or order.post_late

    @api.depends("state", "fulfilment", "accept_deadline", "prepare_deadline", "post_deadline", "collect_deadline",
                 "prepare_late", "post_late")
    def _compute_deadline(self):
        for order in self:
            order.deadline, order.deadline_check = order._marketplace_current_deadline()

    @api.depends("deadline", "is_late", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for order in self:
            open_order = order.state in OPEN_STATES
            order.is_overdue = open_order and (order.is_late or bool(order.deadline and order.deadline < now))
            order.is_due_soon = open_order and bool(
                order.deadline and now <= order.deadline <= now + timedelta(hours=DUE_SOON_HOURS))

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        domain = [("state", "in", OPEN_STATES), "|", ("is_late", "=", True),
                  ("deadline", "<", fields.Datetime.now())]
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    def _search_is_due_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        now = fields.Datetime.now()
        domain = [("state", "in", OPEN_STATES), ("deadline", ">=", now),
                  ("deadline", "<=", now + timedelta(hours=DUE_SOON_HOURS))]
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    # -------------------------------------------------------------------- CRUD
    def init(self):
        """The re-routing queue is read by its own partial index: a handful of rows among all
        the orders ever made."""
        result = super().init()
        create_index(self.env.cr, "marketplace_order_release_pending_index", self._table, ["id"],
                     where="release_pending")
        return result

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("marketplace.order") or "/"
            vals.setdefault("assigned_date", now)
            if "accept_deadline" not in vals and vals.get("store_id"):
                vals["accept_deadline"] = self._marketplace_deadline_from(
                    vals["assigned_date"], "accept", self.env["stock.warehouse"].browse(vals["store_id"]))
            sale_order = self.env["sale.order"].browse(vals.get("sale_order_id"))
            if sale_order and "payment_state" not in vals and sale_order._marketplace_authorized_transaction():
                vals["payment_state"] = "to_capture"
        check_protected_write(self, set().union(*vals_list) if vals_list else set())
        # The member is told by its own message (_marketplace_notify_assigned): no "created" log.
        orders = super(MarketplaceOrder, self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
                       ).create(vals_list).with_env(self.env)
        orders._marketplace_forget_serving()
        return orders

    def write(self, vals):
        check_protected_write(self, vals)
        result = super().write(vals)
        if {"state", "company_id", "sale_order_id"} & set(vals):
            self._marketplace_forget_serving()
        return result

    @api.model
    def _marketplace_forget_serving(self):
        """Who serves which customer changed: the customers' cached *Members Serving This
        Customer* (what their record rule reads) is read again."""
        self.env["res.partner"].invalidate_model(["marketplace_member_company_ids"])

    def unlink(self):
        check_protected_write(self, ["state"])
        return super().unlink()

    # ----------------------------------------------------------------- actions
    def action_accept(self):
        self._marketplace_check_acting_user()._set_accepted()
        return True

    def action_refuse(self):
        """Open the refusal form (a reason is required)."""
        self._marketplace_check_acting_user()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the order"),
            "res_model": "marketplace.order.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_ready(self):
        self._marketplace_check_acting_user()._set_ready()
        return True

    def action_ship(self):
        """Open the shipping form (the parcel's tracking reference)."""
        self._marketplace_check_acting_user()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ship the order"),
            "res_model": "marketplace.order.ship",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_deliver(self):
        self._marketplace_check_acting_user()._set_delivered()
        return True

    # Shop software that is not Odoo works its orders over XML-RPC with these (and action_accept).
    def marketplace_refuse(self, reason, note=None):
        """Refuse with a reason (``out_of_stock``, ``damaged``, ``closed``, ``other``)."""
        reasons = dict(self._fields["refuse_reason"]._description_selection(self.env))
        if not isinstance(note, (str, type(None), bool)) or (isinstance(note, str) and "\x00" in note):
            raise UserError(self.env._("The refusal note is a text."))
        if not isinstance(reason, str) or reason not in reasons:
            raise UserError(self.env._(
                "Unknown refusal reason %(reason)s: use one of %(reasons)s.",
                reason=str(reason), reasons=", ".join(reasons)))
        self._marketplace_check_acting_user()._set_refused(reason, note or False)
        return True

    def marketplace_ship(self, tracking_ref):
        """Ship with the parcel's tracking reference."""
        if not isinstance(tracking_ref, str) or not tracking_ref.isprintable():
            raise UserError(self.env._("Give the parcel's tracking reference."))
        for order in self._marketplace_check_acting_user():
            order._marketplace_ship(tracking_ref)
        return True

    def action_marketplace_cancel(self):
        """Cancel the order or some of its lines, with a reason (animators)."""
        self._marketplace_check_animator()
        return self._marketplace_wizard_action("marketplace.order.cancel", self.env._("Cancel"))

    def action_marketplace_reassign(self):
        """Move the order, or some of its lines, to another store (animators)."""
        self._marketplace_check_animator()
        return self._marketplace_wizard_action("marketplace.order.reassign", self.env._("Reassign"))

    def action_marketplace_return(self):
        """Record a return of delivered or collected items (animators)."""
        self._marketplace_check_animator()
        return self._marketplace_wizard_action("marketplace.order.return", self.env._("Return"))

    def _marketplace_wizard_action(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_print_delivery_slip(self):
        orders = self._marketplace_check_acting_user()
        action = self.env.ref("stock.action_report_delivery").report_action(orders.picking_id)
        return without_none(action)

    def action_view_picking(self):
        self.ensure_one()
        self._marketplace_check_acting_user()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "view_mode": "form",
            "res_id": self.picking_id.id,
            "context": {"allowed_company_ids": [self.company_id.id]},
        }

    # ---------------------------------------------------------------- business
    @api.model
    def _cron_marketplace_auto_deliver(self, batch_size=500):
        """Shipped orders count as delivered the set number of days after shipping (Settings ›
        Marketplace), dated then."""
        days = self.env["res.company"]._marketplace_hub().marketplace_auto_deliver_days
        if days <= 0:
            return 0
        domain = [("state", "=", "shipped"), ("shipped_date", "<=", fields.Datetime.now() - timedelta(days=days))]

        def deliver(orders):
            for order in orders:
                order._set_delivered(order.shipped_date + timedelta(days=days))
            _logger.info("Marketplace orders delivered after %s days: %s", days, orders.mapped("name"))
        return self._marketplace_cron_batches(domain, deliver, batch_size)

    @api.model
    def _cron_marketplace_deadlines(self, batch_size=500):
        """Enforce the deadlines: an order not accepted in time expires, and the re-routing
        scheduled action (triggered at once) gives its lines to the next store; an order not
        prepared or not posted in time is flagged late (animators alerted, the customer told of a
        late parcel); a click & collect order not collected in time is cancelled. Only the orders
        whose ``deadline_check`` has passed are read: nothing due costs one index lookup."""
        now = fields.Datetime.now()
        return self._marketplace_cron_batches(
            [("deadline_check", "<=", now)], lambda orders: orders._marketplace_enforce_deadlines(now), batch_size)

    @api.model
    def _cron_marketplace_release(self, batch_size=20):
        """Route again, in the background, the lines of the orders that expired: one job per batch
        of ``batch_size`` orders on the routing channel (OCA queue_job), which the job runner
        spreads over the workers of every application server. A batch already waiting is not
        queued twice; a job run twice (its worker died) routes nothing twice
        (``_marketplace_release_job``). Returns the number of jobs queued."""
        order_ids = self.search([("release_pending", "=", True)], order="id").ids
        jobs = 0
        for batch in split_every(batch_size, order_ids):
            self.with_delay(
                channel="root.marketplace.routing", priority=10,  # after the stock feeds, before the rest
                identity_key=f"marketplace.release,{','.join(map(str, batch))}",
                description=self.env._("Route again %(count)s expired orders", count=len(batch)),
            )._marketplace_release_job(list(batch))
            jobs += 1
        return jobs

    def _marketplace_release_job(self, order_ids):
        """The job of a batch of expired orders: those still waiting are released and routed again
        (see ``_marketplace_release_expired``)."""
        count = self.sudo()._marketplace_release_expired(batch_size=len(order_ids), among=order_ids, commit=False)
        return self.env._("%(count)s orders routed again", count=count)

    @api.model
    def _marketplace_release_expired(self, batch_size=20, among=None, commit=True):
        """Route again the lines of the orders that expired, in this process: their pickings are
        cancelled, the pairs go back to the store's shelves and the lines to the next store (see
        ``_marketplace_release``). Batched with SKIP LOCKED: two workers share the orders, each
        released once. ``among``: only these orders; ``commit``: each batch (not in a job).
        Returns the number of orders released."""
        domain = [("release_pending", "=", True)]
        if among is not None:
            domain.append(("id", "in", list(among)))
        return self._marketplace_cron_batches(
            domain, lambda orders: orders._marketplace_release(), batch_size, commit=commit)

    def _marketplace_check_acting_user(self):
        """The orders, in sudo, after checking that the user may act on them: a member on its own
        stores' orders (record rules), animators on any. Members have no write access to orders:
        every change goes through these actions."""
        if not self.env.su:
            if not self.env.user.has_group("marketplace_base.group_marketplace_member"):
                raise UserError(self.env._("Only marketplace members and animators can act on member orders."))
            self.check_access("read")
            self._marketplace_check_member_active()
        return self.sudo()

    def _marketplace_check_member_active(self):
        """A suspended or closed member's users read its orders but work none: the animators
        decide (reassign, or wait for the member to be active again)."""
        if self.env.su or self.env.user.has_group("marketplace_base.group_marketplace_animator"):
            return
        company = self.sudo().company_id.filtered(lambda c: c.marketplace_state != "active")[:1]
        if company:
            states = dict(company._fields["marketplace_state"]._description_selection(self.env))
            raise UserError(self.env._(
                "The member %(member)s is %(state)s: the hub's animators handle its orders.",
                member=company.name, state=states[company.marketplace_state].lower()))

    def _marketplace_state_label(self):
        """The order's state as the user reads it (translated)."""
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _marketplace_active_lines(self):
        """The lines these orders still serve (not cancelled, not moved to another store)."""
        return self.line_ids.filtered(lambda line: line._marketplace_is_active())

    def _marketplace_check_animator(self):
        if not self.env.su and not self.env.user.has_group("marketplace_base.group_marketplace_animator"):
            raise UserError(self.env._("Only marketplace animators can reassign, cancel or take back member orders."))
        return self.sudo()

    def _marketplace_lock(self):
        """Lock the orders' rows for the rest of the transaction: two users acting at once on one
        order, the second waits and then sees the first's result (or retries on a serialization
        failure, as Odoo does for a request)."""
        if self.ids:
            self.env.cr.execute(SQL(
                "SELECT id FROM marketplace_order WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE", list(self.ids)))
            self.invalidate_recordset(["state"])

    def _marketplace_update_state(self, allowed_states, target_state, values=None):
        """The one place where a member order changes state, as ``payment.transaction``'s
        ``_update_state``: orders already in ``target_state`` are left alone (a repeated action is a
        no-op), orders in ``allowed_states`` move, any other is refused with a clear message.
        Returns the orders that moved."""
        self._marketplace_lock()
        moving = self.filtered(lambda order: order.state in allowed_states)
        wrong = self - moving - self.filtered(lambda order: order.state == target_state)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            order = wrong[0]
            raise UserError(self.env._(
                "The order %(order)s is %(state)s: it cannot become %(target)s.",
                order=order.name, state=states[order.state], target=states[target_state]))
        if moving:
            moving.write(dict(values or {}, state=target_state))
            if target_state in RELEASED_STATES:  # nothing left to do on it: no to-do left behind
                moving.sudo().activity_ids.unlink()
                moving._marketplace_forget_customer()
        return moving

    def _marketplace_forget_customer(self):
        """The member no longer serves the customer (GDPR): its cancelled delivery forgets them
        (no partner on the picking and its moves, the customer no longer following it)."""
        cancelled = self.sudo().picking_id.filtered(lambda p: p.state == "cancel" and p.partner_id)
        if cancelled:
            cancelled.message_unsubscribe(partner_ids=cancelled.partner_id.ids)
            cancelled.move_ids.filtered("partner_id").write({"partner_id": False})
            cancelled.write({"partner_id": False})

    def _set_accepted(self):
        moved = self._marketplace_update_state(("assigned",), "accepted", {"accepted_date": fields.Datetime.now()})
        for order in moved:
            order.write({"prepare_deadline": order._marketplace_deadline_from(order.accepted_date, "prepare"),
                         "post_deadline": order._marketplace_deadline_from(order.accepted_date, "post")})
        return moved

    def _set_ready(self):
        moved = self._marketplace_update_state(("accepted",), "ready", {"ready_date": fields.Datetime.now()})
        for order in moved.filtered(lambda o: o.fulfilment == "collect"):
            order.collect_deadline = order._marketplace_deadline_from(order.ready_date, "collect")
        return moved

    def _set_shipped(self):
        moved = self._marketplace_update_state(("accepted", "ready"), "shipped",
                                               {"shipped_date": fields.Datetime.now()})
        moved._marketplace_on_shipped()
        return moved

    def _set_delivered(self, when=None):
        return self._marketplace_update_state(
            ("shipped",), "delivered", {"delivered_date": when or fields.Datetime.now()})

    def _set_refused(self, reason, note=False):
        moved = self._marketplace_update_state(("assigned",), "refused",
                                               {"refuse_reason": reason, "refuse_note": note})
        if reason == "out_of_stock":
            moved._marketplace_zero_stock()
        moved._marketplace_release()
        return moved

    def _marketplace_hand_back(self, note):
        """Orders not accepted yet of a store leaving the network's work (holiday pause, member
        suspended or closed): refused as *shop closed* for the store, routed to another one at
        once; not the member's refusal."""
        orders = self.filtered(lambda o: o.state == "assigned")
        orders.write({"network_handed_back": True})
        return orders._set_refused("closed", note)

    def _set_expired(self, release=True):
        """Not accepted in time: the lines go to the next store (never back to this one), at once
        or, with ``release=False``, through the re-routing scheduled action (``release_pending``),
        which is how the deadline cron expires thousands of orders a second."""
        moved = self.with_context(mail_notrack=True)._marketplace_update_state(
            ("assigned",), "expired", {"release_pending": True}).with_env(self.env)
        formatted = {}  # a batch's deadlines fall within a few minutes: each formatted once
        bodies = {}
        for order in moved:
            minute = order.accept_deadline.replace(second=0, microsecond=0)
            if minute not in formatted:
                formatted[minute] = format_datetime(self.env, minute, dt_format="short")
            bodies[order.id] = self.env._("Not accepted before %(deadline)s: the order goes to another store.",
                                          deadline=formatted[minute])
        moved._marketplace_log_state_change("assigned", bodies)
        if release:
            moved._marketplace_release()
        return moved

    def _marketplace_log_state_change(self, old_state, bodies):
        """One chatter note per order, its body (``{order id: text}``) with the change of state
        from ``old_state`` as Odoo's tracking shows it, written in two batched creates where
        tracking writes them order by order: for the crons that move thousands of orders (the
        state was written with ``mail_notrack``)."""
        if not self:
            return
        messages = self._message_log_batch(bodies)
        state_info = self.fields_get(["state"], ["type", "selection"])["state"]
        Tracking = self.env["mail.tracking.value"].sudo()
        Tracking.create([
            dict(Tracking._create_tracking_values(old_state, order.state, "state", state_info, order),
                 mail_message_id=message.id)
            for order, message in zip(self, messages, strict=True)
        ])

    def _set_cancelled(self, reason):
        """Cancelled for the customer (by an animator, or not collected in time): the pairs go
        back to the store's shelves, the leg's amount is voided, nothing is routed again."""
        return self._marketplace_cancel_lines(self.line_ids, reason)

    def _marketplace_on_picking_done(self):
        """The store's delivery was validated (from Inventory or an action): the parcel left."""
        short = self._marketplace_take_done_quantities()
        empty = self.filtered(lambda o: not o._marketplace_active_lines() and o.state in OPEN_STATES + ("expired",))
        empty.filtered(lambda o: o.state == "expired").release_pending = False
        empty._marketplace_update_state(OPEN_STATES + ("expired",), "cancelled", {
            "cancel_reason": self.env._("Its delivery took nothing to the customer: routed again."),
            "payment_state": "none"})
        rest = self - empty
        rest.filtered(lambda o: o.state == "assigned")._set_accepted()
        rest._marketplace_ship_late_expired()
        rest._marketplace_set_left()
        self._marketplace_route_not_shipped(short)

    def _marketplace_set_left(self):
        """Hook: the pairs of these accepted or ready orders left the store (shipped here;
        handed over for click & collect)."""
        return self.filtered(lambda o: o.state in ("accepted", "ready"))._set_shipped()

    def _marketplace_take_done_quantities(self):
        """The lines follow what the validated delivery took out of the store: a pair validated
        short (no backorder, or a backorder) is no longer this order's; its backorder is cancelled
        (its pairs back on the shelves) and ``_marketplace_route_not_shipped`` routes it again.
        Returns the lines validated short."""
        short = self.env["marketplace.order.line"]
        for order in self:
            order.picking_id.backorder_ids.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
            for line in order._marketplace_active_lines():
                done = line.move_id._marketplace_delivered_qty()
                if done >= line.quantity:
                    continue
                order.message_post(body=self.env._(
                    "%(missing)s × %(product)s not in the delivery: routed again.",
                    missing=int(line.quantity - done), product=line.product_id.display_name))
                if done > 0:
                    line.quantity = done
                else:
                    line.released = True
                line.sale_line_id.invalidate_recordset(["marketplace_missing_qty"])
                line.sale_line_id.modified(["marketplace_line_ids"])
                short |= line
        return short

    def _marketplace_ship_late_expired(self):
        """An expired order whose pairs the member validated before the re-routing cron took
        them: the late validation wins (one pair, one shipment): it is taken back as accepted,
        to leave the store at once, never routed again."""
        late = self.filtered(lambda o: o.state == "expired" and o.release_pending)
        moved = late._marketplace_update_state(("expired",), "accepted", {
            "accepted_date": fields.Datetime.now(), "release_pending": False})
        moved.filtered(lambda o: o.payment_state == "none" and o.sale_order_id._marketplace_payment_transaction()
                       ).payment_state = "to_capture"
        return moved

    def _marketplace_route_not_shipped(self, lines):
        """What the validated delivery did not take (``lines`` validated short) goes to another
        store than the one that could not ship it (or waits for one)."""
        for sale_order, short in lines.grouped(lambda line: line.order_id.sale_order_id).items():
            sale_order.with_context(marketplace_excluded_store_ids=short.order_id.store_id.ids)._marketplace_route(
                short.sale_line_id)

    def _marketplace_alert_animators(self, summary, note=None):
        """A to-do activity on the order for each of the hub's animators."""
        alert_animators(self, summary, note)

    def _marketplace_release(self):
        """Give the pairs back to the store and the lines back to routing, at once: never to a
        store that refused or let this customer order expire."""
        self.filtered("release_pending").release_pending = False
        self.picking_id.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
        self._marketplace_forget_customer()
        for sale_order, orders in self.grouped("sale_order_id").items():
            lines = orders._marketplace_active_lines()
            sale_order._marketplace_route(lines.sale_line_id)
            # Their money moves with the lines: what no other store took yet keeps its
            # authorisation while it waits (the ledger voids only what will never be served).
            orders.filtered(lambda o: o.payment_state == "to_capture").payment_state = "none"
            sale_order._marketplace_release_authorisation()

    def _marketplace_ship(self, tracking_ref):
        """Ship: record the parcel's tracking reference and validate the store's delivery (the
        same as validating it from Inventory, which moves the order too)."""
        self.ensure_one()
        tracking_ref = (tracking_ref or "").strip()
        if not tracking_ref:
            raise UserError(self.env._("Give the parcel's tracking reference."))
        if self.state == "shipped":
            if tracking_ref != self.tracking_ref:
                raise UserError(self.env._(
                    "The order %(order)s has already been shipped with the tracking reference %(ref)s.",
                    order=self.name, ref=self.tracking_ref))
            return self
        self._marketplace_lock()
        if self.state not in ("accepted", "ready"):
            return self._set_shipped()  # the state machine's message
        self.tracking_ref = tracking_ref
        self._marketplace_validate_picking()
        return self._set_shipped()

    def _marketplace_unreserved_lines(self):
        """Active lines whose pairs the store no longer holds for the order (a stock feed or an
        inventory took them away)."""
        self.ensure_one()
        return self._marketplace_active_lines().filtered(
            lambda line: line.move_id.state not in ("done", "cancel")
            and line.move_id.quantity < line.move_id.product_uom_qty)

    def _marketplace_validate_picking(self):
        """The pairs leave the store: its reserved delivery is validated in full (the same as from
        Inventory), once — never beyond what the store holds for the order (no quant goes
        negative): pairs the store lost meanwhile are validated short in Inventory."""
        self.ensure_one()
        picking = self.picking_id.with_company(self.company_id)
        if picking.state in ("done", "cancel") and self.state in OPEN_STATES:
            # Validated through Odoo, the order would have left its open state with it: a
            # cancelled delivery, or one marked done without its pairs leaving, ships nothing.
            raise UserError(self.env._(
                "The delivery %(picking)s of the order %(order)s is %(state)s without its pairs having left "
                "through it: nothing can be shipped or handed over on it. Ask the hub's animators.",
                picking=picking.name, order=self.name,
                state=dict(picking._fields["state"]._description_selection(self.env))[picking.state]))
        if picking.state not in ("done", "cancel") and self._marketplace_unreserved_lines():
            picking.action_assign()
            missing = self._marketplace_unreserved_lines()
            if missing:
                raise UserError(self.env._(
                    "The store no longer holds %(items)s for the order %(order)s (its stock was lowered): "
                    "validate the delivery %(picking)s in Inventory with what is there, or refuse the order.",
                    items=", ".join(missing.product_id.mapped("display_name")), order=self.name,
                    picking=picking.name))
        if picking.state not in ("done", "cancel"):
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            result = picking.with_context(skip_sms=True, cancel_backorder=True, skip_backorder=True).button_validate()
            if isinstance(result, dict):
                raise UserError(self.env._(
                    "The delivery %(picking)s of the order %(order)s cannot be validated: open it in Inventory.",
                    picking=picking.name, order=self.name))

    def _marketplace_create_picking(self):
        """The store's outgoing picking (member company), reserved at once so that the store's
        Point of Sale and the website see the pairs gone. Its moves point at the customer order
        lines: the hub's delivered quantities (and invoicing on them) follow the member pickings.
        A quantity the reservation cannot cover is taken off the member order."""
        self.ensure_one()
        store = self.store_id.sudo()
        company = store.company_id
        picking_type = store.out_type_id
        destination = picking_type.default_location_dest_id or self.env.ref("stock.stock_location_customers")
        partner = self.sudo().sale_order_id.partner_shipping_id
        picking = self.env["stock.picking"].sudo().with_company(company).create({
            "picking_type_id": picking_type.id,
            "partner_id": partner.id if not partner.company_id or partner.company_id == company else False,
            "origin": f"{self.sale_order_id.name} / {self.name}",
            "location_id": store.lot_stock_id.id,
            "location_dest_id": destination.id,
            "company_id": company.id,
            "marketplace_order_id": self.id,
            "move_ids": [(0, 0, {
                "name": line.product_id.display_name,
                "product_id": line.product_id.id,
                "product_uom_qty": line.quantity,
                "product_uom": line.product_id.uom_id.id,
                "location_id": store.lot_stock_id.id,
                "location_dest_id": destination.id,
                "company_id": company.id,
                "sale_line_id": line.sale_line_id.id,
                "warehouse_id": store.id,
                "picking_type_id": picking_type.id,
            }) for line in self.line_ids],
        })
        picking.action_confirm()  # reserves too, unless the operation type reserves later
        if picking.state != "assigned":
            picking.action_assign()
        self.picking_id = picking
        for line in self.line_ids:
            move = picking.move_ids.filtered(
                lambda m, line=line: m.sale_line_id == line.sale_line_id and m.product_id == line.product_id)[:1]
            line.move_id = move
            if move.quantity < line.quantity:
                if move.quantity:
                    move.product_uom_qty = move.quantity
                    line.quantity = move.quantity
                else:
                    move._action_cancel()
                    line.unlink()
        return picking

    def _marketplace_member_users(self):
        """Users who work for the order's member (its company, the Member group)."""
        self.ensure_one()
        group = self.env.ref("marketplace_base.group_marketplace_member")
        return self.env["res.users"].sudo().search([
            ("company_ids", "in", self.company_id.id), ("groups_id", "in", group.id), ("share", "=", False),
        ]).filtered(lambda user: not user.has_group("marketplace_base.group_marketplace_animator"))

    def _marketplace_notify_assigned(self):
        """Tell the member's users: followers of the order (an e-mail) and a to-do activity each."""
        for order in self:
            users = order._marketplace_member_users()
            if not users:
                continue
            order.message_subscribe(partner_ids=users.partner_id.ids)
            body = self.env._(
                "New marketplace order %(order)s for %(store)s: %(count)s item(s) to send to %(town)s. "
                "Accept it or refuse it from the Marketplace orders screen.",
                order=order.name, store=order.store_id.name, count=int(sum(order.line_ids.mapped("quantity"))),
                town=order.customer_city or "")
            order.message_post(body=body, subtype_xmlid="mail.mt_comment", partner_ids=users.partner_id.ids)
            for user in users:
                order.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=user.id,
                    summary=self.env._("Accept or refuse order %(order)s", order=order.name))

    # --------------------------------------------------------------- deadlines
    def _marketplace_deadline_from(self, start, step, store=None):
        """When ``step`` (accept, prepare, post, collect), started at ``start``, must be done: the
        hub's delay for it (Settings › Marketplace) counted in the opening hours of the order's
        store (or of ``store``, for an order being created)."""
        store = store if store is not None else self.store_id
        hub = self.env["res.company"].sudo()._marketplace_hub()
        if step == "collect":
            return store._marketplace_deadline(start, days=hub.marketplace_collect_delay)
        hours = {"accept": hub.marketplace_accept_delay, "prepare": hub.marketplace_prepare_delay,
                 "post": hub.marketplace_post_delay}[step]
        return store._marketplace_deadline(start, hours=hours)

    def _marketplace_current_deadline(self):
        """(deadline of the current step, when the deadline cron must look at the order next)."""
        self.ensure_one()
        if self.state == "assigned":
            return self.accept_deadline, self.accept_deadline
        if self.state == "ready" and self.fulfilment == "collect":
            return self.collect_deadline, self.collect_deadline
        if self.state not in ("accepted", "ready"):
            return False, False
        pending = []
        if self.state == "accepted" and self.prepare_deadline:
            pending.append((self.prepare_deadline, self.prepare_late))
        if self.fulfilment == "ship" and self.post_deadline:
            pending.append((self.post_deadline, self.post_late))
        open_steps = sorted(when for when, late in pending if not late)
        deadline = open_steps[0] if open_steps else max((when for when, _late in pending), default=False)
        return deadline, open_steps[0] if open_steps else False

    def _marketplace_enforce_deadlines(self, now):
        """What the deadline cron does to these orders (a no-op on those with nothing due). The
        expired ones expire together; the re-routing scheduled action releases them next."""
        expiring = self.filtered(
            lambda order: order.state == "assigned" and order.accept_deadline and order.accept_deadline <= now)
        if expiring._set_expired(release=False):
            self.env.ref("marketplace_orders.ir_cron_release")._trigger()
        for order in self - expiring:
            order._marketplace_enforce_deadline(now)

    def _marketplace_enforce_deadline(self, now):
        """What the deadline cron does to one order that is not expiring (a no-op when nothing is
        due)."""
        self.ensure_one()
        if self.state == "ready" and self.fulfilment == "collect" and self.collect_deadline \
                and self.collect_deadline <= now:
            self._set_cancelled(self.env._("Not collected before %(deadline)s",
                                           deadline=format_datetime(self.env, self.collect_deadline)))
        elif self.state in ("accepted", "ready"):
            late = {}
            if self.state == "accepted" and not self.prepare_late and self.prepare_deadline \
                    and self.prepare_deadline <= now:
                late["prepare_late"] = True
            if self.fulfilment == "ship" and not self.post_late and self.post_deadline and self.post_deadline <= now:
                late["post_late"] = True
            if late:
                self.write(late)
                if "post_late" in late:
                    summary = self.env._("Order %(order)s of %(store)s not posted in time",
                                         order=self.name, store=self.store_id.name)
                else:
                    summary = self.env._("Order %(order)s of %(store)s not prepared in time",
                                         order=self.name, store=self.store_id.name)
                self._marketplace_alert_animators(summary)
                if "post_late" in late:
                    self._marketplace_mail_customer("marketplace_orders.mail_template_marketplace_order_late")

    # ------------------------------------------------------------- animators
    def _marketplace_mail_customer(self, template_xmlid):
        """E-mail the customer from a template of this module (in the customer's language)."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if self.env.context.get("marketplace_no_customer_mail"):
            return
        for order in self.sudo():
            if template and order.sale_order_id.partner_id.email:
                template.send_mail(order.id)

    def _marketplace_cancel_lines(self, lines, reason):
        """Cancel ``lines`` of these open orders for the customer, with ``reason``: their pairs go
        back to the store (the moves are cancelled), their amount is voided, the customer is told;
        an order whose every line is cancelled is cancelled."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the cancellation."))
        self._marketplace_lock()
        for order in self:
            order_lines = lines & order._marketplace_active_lines()
            if not order_lines:
                continue
            if order.state not in OPEN_STATES:
                raise UserError(self.env._(
                    "The order %(order)s is %(state)s: only assigned, accepted or ready orders can be cancelled.",
                    order=order.name, state=order._marketplace_state_label()))
            whole = order_lines == order._marketplace_active_lines()
            order_lines.write({"cancelled": True})
            if whole:
                order.picking_id.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
                order._marketplace_update_state(OPEN_STATES, "cancelled", {"cancel_reason": reason})
            else:
                order_lines.move_id.filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
                order.cancel_reason = reason
            if whole and order.payment_state in ("to_capture", "none") and \
                    order.sale_order_id._marketplace_payment_transaction():
                order.payment_state = "voided"
            order.sale_order_id._marketplace_release_authorisation()
            items = ", ".join(f"{int(line.quantity)} × {line.product_id.display_name}" for line in order_lines)
            body = self.env._("Cancelled: %(items)s. Reason: %(reason)s", items=items, reason=reason)
            order.message_post(body=body, partner_ids=order._marketplace_member_users().partner_id.ids)
            order.sale_order_id.message_post(body=Markup("%s — %s") % (order.name, body))
            order_lines.sale_line_id.invalidate_recordset(["marketplace_missing_qty"])
            order_lines.sale_line_id.modified(["marketplace_line_ids"])
            order._marketplace_mail_customer("marketplace_orders.mail_template_marketplace_order_cancelled")
        return True

    def _marketplace_zero_stock(self):
        """The member says the pairs are not in the shop: the store's free stock of them goes to
        zero (an inventory adjustment named after the order), so that the website stops offering
        them there and the next orders go elsewhere. The order's own reservation is released
        first; pairs another open order of the store holds stay reserved, and the animators are
        asked to check that order (the member declares it there if those pairs are gone too)."""
        for order in self:
            order.picking_id.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
            store = order.store_id.sudo()
            products = order.line_ids.product_id
            quants = self.env["stock.quant"].sudo().with_company(store.company_id).search([
                ("location_id", "child_of", store.view_location_id.id), ("location_id.usage", "=", "internal"),
                ("product_id", "in", products.ids), ("quantity", "!=", 0)])
            quants = quants.filtered(lambda quant: quant.quantity != max(quant.reserved_quantity, 0.0))
            if quants:
                name = self.env._("%(order)s: not in the shop", order=order.name)
                for quant in quants.with_context(inventory_mode=True, inventory_name=name):
                    quant.inventory_quantity = max(quant.reserved_quantity, 0.0)
                    quant.inventory_quantity_set = True
                quants.with_context(inventory_mode=True, inventory_name=name)._apply_inventory()
            holding = self.sudo().search([
                ("store_id", "=", store.id), ("state", "in", OPEN_STATES), ("id", "!=", order.id),
                ("line_ids.product_id", "in", products.ids)])
            for other in holding:
                held = other.line_ids.filtered(lambda line, products=products: line.product_id in products)
                items = ", ".join(held.product_id.mapped("display_name"))
                other._marketplace_alert_animators(self.env._(
                    "%(store)s said %(items)s is not in the shop (order %(order)s): check order %(other)s, "
                    "which holds it.", store=store.name, items=items, order=order.name, other=other.name))

    def _marketplace_reassign(self, store, lines=None):
        """Move ``lines`` (default: all the order's open lines) to ``store``: the old picking's moves
        are cancelled (the pairs go back to the old store), a member order with its reserving
        picking is made in the new store (what it no longer has waits in Unassigned), both members
        are told. Returns the new member order."""
        self.ensure_one()
        self._marketplace_lock()
        active = self._marketplace_active_lines()
        lines = active if lines is None else lines & active
        if self.state not in ("assigned", "accepted", "ready"):
            raise UserError(self.env._(
                "The order %(order)s is %(state)s: only assigned, accepted or ready orders can be reassigned.",
                order=self.name, state=self._marketplace_state_label()))
        if not lines:
            raise UserError(self.env._("Choose the lines to move."))
        if store == self.store_id:
            raise UserError(self.env._("The order %(order)s is already with %(store)s.",
                                       order=self.name, store=store.name))
        problem = self._marketplace_reassign_problem(store)
        if problem:
            raise UserError(problem)
        whole = lines == active
        lines.write({"released": True})
        if whole:
            self.picking_id.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
            self._marketplace_update_state(OPEN_STATES, "cancelled", {
                "cancel_reason": self.env._("Reassigned by the hub to another store"),
                "payment_state": "none" if self.payment_state == "to_capture" else self.payment_state})
        else:
            lines.move_id.filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
        sale_order = self.sale_order_id
        sale_lines = lines.sale_line_id
        sale_lines.invalidate_recordset(["marketplace_missing_qty"])
        sale_lines.modified(["marketplace_line_ids"])
        take = defaultdict(float)
        lines_by_product = defaultdict(list)
        for line in lines:
            take[line.product_id.id] += line.quantity
            if line.sale_line_id not in lines_by_product[line.product_id.id]:
                lines_by_product[line.product_id.id].append(line.sale_line_id)
        served = sale_order._marketplace_assign(store, dict(take), lines_by_product, self.fulfilment)
        sale_lines._marketplace_track_unassigned()
        new_order = sale_order.marketplace_order_ids.filtered(lambda o: o.store_id == store)[:1]
        items = ", ".join(f"{int(line.quantity)} × {line.product_id.display_name}" for line in lines)
        # The member that loses the items is not told who took them (a competitor).
        self.message_post(body=self.env._("Moved to another store by the hub: %(items)s", items=items),
                          partner_ids=self._marketplace_member_users().partner_id.ids)
        missing = sum(take.values()) - sum(served.values())
        note = self.env._("Moved to %(store)s by the hub: %(items)s", store=store.name, items=items)
        if missing:
            note += " — " + self.env._(
                "%(count)s item(s) not reserved there: they wait in Unassigned.", count=int(missing))
        sale_order.message_post(body=Markup("%s — %s") % (self.name, note))
        return new_order if served else self.browse()

    def _marketplace_reassign_problem(self, store):
        """Why this order cannot move to ``store`` (a translated sentence), or False: the store
        must take marketplace orders now and offer the order's service (home delivery or click
        & collect). Hook: click & collect also keeps the customer near the shop they chose."""
        self.ensure_one()
        store = store.sudo()
        if not store.marketplace_store or not store.filtered_domain(store._marketplace_open_domain()):
            return self.env._("The store %(store)s does not take marketplace orders now.", store=store.name)
        service = "marketplace_collect" if self.fulfilment == "collect" else "marketplace_ship"
        if not store[service]:
            return self.env._("The store %(store)s does not offer %(service)s.", store=store.name,
                              service=dict(self._fields["fulfilment"]._description_selection(self.env))[
                                  self.fulfilment])
        return False

    def _marketplace_return(self, quantities, reason, counter_ticket=None):
        """Record a return of ``quantities`` ({member order line: qty}) of this delivered or
        collected order: a return picking brings the pairs back into the store, the customer is
        refunded through the payment provider and gets a credit note when the order was invoiced;
        ``_marketplace_on_returned`` lets other modules (the commission) follow. Refunded at the
        shop's counter (``counter_ticket``, the refund ticket's name): the ticket brought the
        pairs back and paid the customer, only the record and what follows it are left."""
        self.ensure_one()
        self._marketplace_lock()
        if self.state not in ("delivered", "collected"):
            raise UserError(self.env._("Only delivered or collected items can be returned."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the return."))
        quantities = {line: qty for line, qty in quantities.items() if qty > 0}
        if not quantities:
            raise UserError(self.env._("Give the quantities returned."))
        for line, qty in quantities.items():
            if line.order_id != self or qty > line.quantity - line.returned_qty:
                raise UserError(self.env._(
                    "At most %(qty)s × %(product)s can be returned.",
                    qty=int(line.quantity - line.returned_qty), product=line.product_id.display_name))
        picking = self.env["stock.picking"] if counter_ticket else self._marketplace_return_picking(quantities)
        for line, qty in quantities.items():
            line.returned_qty += qty
        refunded, credit_note = 0.0, self.env["account.move"]
        if not counter_ticket:
            # The line's amount shared by the items returned so far (as the member's bill is
            # credited): pairs returned one at a time give back the line's amount to the cent.
            goods = sum(line._marketplace_share_of(line.returned_qty)
                        - line._marketplace_share_of(line.returned_qty - qty)
                        for line, qty in quantities.items())
            # What was paid for those pairs: their price less their share of the discounts.
            amount = goods + self.sale_order_id._marketplace_ledger().discount_share(goods)
            refunded = self._marketplace_refund(amount)
            self.sale_order_id._marketplace_release_authorisation()  # returned before capture: not charged
            credit_note = self._marketplace_credit_note(quantities)
        items = ", ".join(f"{int(qty)} × {line.product_id.display_name}" for line, qty in quantities.items())
        body = self.env._("Returned: %(items)s (%(picking)s). Reason: %(reason)s. Refunded: %(amount)s",
                          items=items, picking=counter_ticket or picking.name, reason=reason, amount=refunded)
        self.message_post(body=body, partner_ids=self._marketplace_member_users().partner_id.ids)
        self.sale_order_id.message_post(body=Markup("%s — %s") % (self.name, body))
        self._marketplace_on_returned(quantities)
        return {"picking": picking, "refunded": refunded, "credit_note": credit_note}

    def _marketplace_return_picking(self, quantities):
        """The store's return picking (Odoo's return wizard, counted against the customer order's
        delivered quantities), validated: the pairs are back on the store's shelves."""
        company = self.company_id
        original = self.picking_id.with_company(company)
        wizard = self.env["stock.return.picking"].sudo().with_company(company).with_context(
            active_id=original.id, active_ids=original.ids, active_model="stock.picking").create(
            {"picking_id": original.id})
        wanted = defaultdict(float)
        for line, qty in quantities.items():
            wanted[line.move_id.id] += qty
        for return_line in wizard.product_return_moves:
            return_line.write({"quantity": wanted.get(return_line.move_id.id, 0.0), "to_refund": True})
        picking = wizard._create_return()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.with_context(skip_sms=True, skip_backorder=True, cancel_backorder=True).button_validate()
        return picking

    def _marketplace_credit_note(self, quantities):
        """The customer's credit note for what came back, when it had been invoiced: lines of the
        customer order (so that Odoo's invoiced quantities follow), posted in the hub company."""
        sale_order = self.sale_order_id.sudo()
        commands = []
        for line, qty in quantities.items():
            sale_line = line.sale_line_id.sudo()
            qty = min(qty, sale_line.qty_invoiced)
            if qty > 0:
                commands.append(Command.create(sale_line._prepare_invoice_line(quantity=qty)))
        if not commands:
            return self.env["account.move"]
        values = sale_order._prepare_invoice()
        values.update({"move_type": "out_refund", "invoice_line_ids": commands,
                       "ref": self.env._("Return of %(order)s", order=self.name)})
        credit_note = self.env["account.move"].sudo().with_company(sale_order.company_id).create(values)
        credit_note.action_post()
        return credit_note

    def _marketplace_on_returned(self, quantities):
        """Hook: ``quantities`` ({member order line: qty}) came back (the commission reverses its share)."""
        return True
