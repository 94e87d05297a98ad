import logging
import threading
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
OPEN_STATES = ("assigned", "accepted", "ready")
# States that give the lines back to routing.
RELEASED_STATES = ("refused", "expired", "cancelled")


class MarketplaceOrder(models.Model):
    _name = "marketplace.order"
    _description = "Member Order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------ fields
    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram")
    sale_order_id = fields.Many2one(
        "sale.order", string="Customer Order", required=True, readonly=True, index=True, ondelete="restrict")
    store_id = fields.Many2one(
        "stock.warehouse", string="Store", required=True, readonly=True, index=True, ondelete="restrict",
        domain=[("marketplace_store", "=", True)])
    company_id = fields.Many2one(
        related="store_id.company_id", string="Member", store=True, index=True, readonly=True)
    fulfilment = fields.Selection(
        selection=[("ship", "Home delivery"), ("collect", "Click & collect")],
        required=True, default="ship", readonly=True)
    state = fields.Selection(selection=STATES, default="assigned", required=True, readonly=True, index=True,
                             tracking=True, copy=False)
    line_ids = fields.One2many("marketplace.order.line", "order_id", readonly=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", readonly=True, copy=False)
    tracking_ref = fields.Char(string="Tracking Reference", readonly=True, copy=False, tracking=True)
    pickup_code = fields.Char(readonly=True, copy=False)
    refuse_reason = fields.Selection(
        selection=[("out_of_stock", "Not in the shop"), ("damaged", "Damaged item"),
                   ("closed", "Shop closed"), ("other", "Other")],
        readonly=True, copy=False, tracking=True)
    refuse_note = fields.Char(string="Refusal Note", readonly=True, copy=False)
    assigned_date = fields.Datetime(default=fields.Datetime.now, readonly=True, copy=False)
    accepted_date = fields.Datetime(readonly=True, copy=False)
    ready_date = fields.Datetime(readonly=True, copy=False)
    shipped_date = fields.Datetime(readonly=True, copy=False)
    delivered_date = fields.Datetime(readonly=True, copy=False)
    currency_id = fields.Many2one(related="sale_order_id.currency_id")
    payment_state = fields.Selection(
        selection=[("none", "Nothing to capture"), ("to_capture", "To capture"), ("pending", "Capture requested"),
                   ("captured", "Captured"), ("failed", "Capture failed"), ("voided", "Voided")],
        default="none", required=True, readonly=True, copy=False, tracking=True,
        help="The customer's payment for this leg: authorised at checkout, captured when the parcel leaves.")
    capture_transaction_id = fields.Many2one("payment.transaction", readonly=True, copy=False)
    capture_amount = fields.Monetary(
        readonly=True, copy=False,
        help="Amount captured for this leg: its lines and, with the first leg, the delivery fee.")
    payment_error = fields.Char(readonly=True, copy=False)
    amount_total = fields.Monetary(string="Total", compute="_compute_amount_total", store=True)
    # The customer as the member needs them for this order (read through the order: a member
    # cannot read the hub's customers).
    customer_name = fields.Char(related="sale_order_id.partner_shipping_id.name", string="Customer")
    customer_street = fields.Char(related="sale_order_id.partner_shipping_id.street", string="Street")
    customer_street2 = fields.Char(related="sale_order_id.partner_shipping_id.street2", string="Street 2")
    customer_zip = fields.Char(related="sale_order_id.partner_shipping_id.zip", string="Postcode")
    customer_city = fields.Char(related="sale_order_id.partner_shipping_id.city", string="Town")
    customer_phone = fields.Char(related="sale_order_id.partner_shipping_id.phone", string="Phone")
    customer_email = fields.Char(related="sale_order_id.partner_shipping_id.email", string="E-mail")
    customer_order_ref = fields.Char(related="sale_order_id.name", string="Customer Order Reference")

    # ----------------------------------------------------------------- compute
    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for order in self:
            order.amount_total = sum(order.line_ids.mapped("amount"))

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("marketplace.order") or "/"
        orders = super().create(vals_list)
        for order in orders:
            if order.sale_order_id._marketplace_authorized_transaction():
                order.payment_state = "to_capture"
        return orders

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
        if reason not in reasons:
            raise UserError(self.env._(
                "Unknown refusal reason %(reason)s: use one of %(reasons)s.",
                reason=reason, reasons=", ".join(reasons)))
        self._marketplace_check_acting_user()._set_refused(reason, note or False)
        return True

    def marketplace_ship(self, tracking_ref):
        """Ship with the parcel's tracking reference."""
        if not isinstance(tracking_ref, str):
            raise UserError(self.env._("Give the parcel's tracking reference."))
        for order in self._marketplace_check_acting_user():
            order._marketplace_ship(tracking_ref)
        return True

    def action_print_delivery_slip(self):
        orders = self._marketplace_check_acting_user()
        return self.env.ref("stock.action_report_delivery").report_action(orders.picking_id)

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
        Marketplace), dated then. Batched and idempotent, as Odoo's own batched crons: rows locked
        with SKIP LOCKED so that two workers share the work instead of doing it twice."""
        days = self.env["res.company"]._marketplace_hub().marketplace_auto_deliver_days
        if days <= 0:
            return 0
        domain = [("state", "=", "shipped"), ("shipped_date", "<=", fields.Datetime.now() - timedelta(days=days))]
        remaining = self.search_count(domain)
        done = 0
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        while True:
            query = self._search(domain, limit=batch_size, order="id")
            rows = self.env.execute_query(SQL("%s FOR NO KEY UPDATE SKIP LOCKED", query.select()))
            orders = self.browse(row[0] for row in rows)
            if not orders:
                break
            for order in orders:
                order._set_delivered(order.shipped_date + timedelta(days=days))
            done += len(orders)
            remaining = max(remaining - len(orders), 0)
            _logger.info("Marketplace orders delivered after %s days: %s", days, orders.mapped("name"))
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if auto_commit:  # batched cron: keep the work done, as res.users.deletion does
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return done

    def _marketplace_check_acting_user(self):
        """The orders, in sudo, after checking that the user may act on them: a member on its own
        stores' orders (record rules), animators on any. Members have no write access to orders:
        every change goes through these actions."""
        if not self.env.su:
            if not self.env.user.has_group("marketplace_base.group_marketplace_member"):
                raise UserError(self.env._("Only marketplace members and animators can act on member orders."))
            self.check_access("read")
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
        return moving

    def _set_accepted(self):
        return self._marketplace_update_state(("assigned",), "accepted", {"accepted_date": fields.Datetime.now()})

    def _set_ready(self):
        return self._marketplace_update_state(("accepted",), "ready", {"ready_date": fields.Datetime.now()})

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
        moved._marketplace_release()
        return moved

    def _marketplace_on_shipped(self):
        """The parcel left the store: the customer's money for this leg is taken."""
        self._marketplace_capture()

    def _marketplace_capture_amount(self):
        """This leg's lines; the first leg captured also takes what no store ships (delivery fee,
        services)."""
        self.ensure_one()
        sale_order = self.sale_order_id
        amount = self.amount_total
        fee_taken = sale_order.marketplace_order_ids.filtered(
            lambda o: o != self and o.payment_state in ("pending", "captured") and o.capture_amount > o.amount_total)
        if not fee_taken:
            amount += sum(line.price_total for line in sale_order.order_line
                          if not line.display_type and not line._marketplace_is_routed())
        return self.currency_id.round(amount)

    def _marketplace_capture(self):
        """Capture each leg's amount on the customer order's authorised transaction (a partial
        capture when the order has several legs). A failure leaves the order shipped, records the
        provider's message, gives the animators an activity and loses nothing: the capture can be
        retried (``action_marketplace_retry_capture``)."""
        for order in self.sudo().filtered(lambda o: o.payment_state in ("to_capture", "failed")):
            transaction = order.sale_order_id._marketplace_authorized_transaction()
            if not transaction:
                order.payment_state = "none"
                continue
            amount = min(order._marketplace_capture_amount(), transaction._marketplace_uncaptured_amount())
            try:
                with self.env.cr.savepoint():
                    child = transaction._send_capture_request(amount_to_capture=amount)
            except Exception as error:  # noqa: BLE001 - any provider failure: recorded, retried later
                order._marketplace_capture_failed(str(error))
                continue
            captured = child or transaction
            if captured.state == "done":
                state = "captured"
            elif captured.state in ("error", "cancel"):
                order._marketplace_capture_failed(captured.state_message or captured.state)
                continue
            else:
                state = "pending"
            order.write({"payment_state": state, "capture_transaction_id": captured.id,
                         "capture_amount": amount, "payment_error": False})

    def _marketplace_capture_failed(self, message):
        self.ensure_one()
        self.write({"payment_state": "failed", "payment_error": message})
        group = self.env.ref("marketplace_base.group_marketplace_animator")
        for user in group.sudo().users.filtered(lambda u: u.active and not u.share):
            self.activity_schedule(
                "mail.mail_activity_data_todo", user_id=user.id,
                summary=self.env._("Payment capture failed for %(order)s", order=self.name), note=message)

    def action_marketplace_retry_capture(self):
        if not self.env.user.has_group("marketplace_base.group_marketplace_animator"):
            raise UserError(self.env._("Only marketplace animators can capture payments."))
        self.sudo().filtered(lambda o: o.state in ("shipped", "delivered", "collected"))._marketplace_capture()
        return True

    def _marketplace_release(self):
        """Give the pairs back to the store and the lines back to routing, at once: never to a
        store that refused or let this customer order expire."""
        self.picking_id.filtered(lambda p: p.state not in ("done", "cancel")).action_cancel()
        for sale_order, orders in self.grouped("sale_order_id").items():
            sale_order._marketplace_route(orders.line_ids.sale_line_id)
            # What no other store took: its share of the authorised payment is voided.
            unserved = 0.0
            for line in orders.line_ids:
                line.sale_line_id.invalidate_recordset(["marketplace_missing_qty"])
                unserved += min(line.quantity, line.sale_line_id.marketplace_missing_qty) * line.price_unit
            voided = sale_order._marketplace_void(unserved) if unserved else 0
            orders.filtered(lambda o: o.payment_state == "to_capture").payment_state = "voided" if voided else "none"

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
        picking = self.picking_id.with_company(self.company_id)
        if picking.state not in ("done", "cancel"):
            for move in picking.move_ids.filtered(lambda m: m.state not in ("done", "cancel")):
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            result = picking.with_context(skip_sms=True, cancel_backorder=True, skip_backorder=True).button_validate()
            if isinstance(result, dict):
                raise UserError(self.env._(
                    "The delivery %(picking)s of the order %(order)s cannot be validated: open it in Inventory.",
                    picking=picking.name, order=self.name))
        return self._set_shipped()

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
        picking.action_confirm()
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
