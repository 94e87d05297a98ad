import json
import re
import secrets
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.marketplace_base.utils import haversine_km, normalize_code
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_datetime

PICKUP_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the counter
PICKUP_CODE_LENGTH = 8
TICKET_HOLD_MINUTES = 30  # a code stays on the register's open ticket that scanned it this long

# (name, street, postcode, town, e-mail, pickup code, how the customer pays)
DEMO_COLLECT = [
    ("Inès Lefèvre", "14 rue Garibaldi", "69006", "Lyon", "ines.lefevre@example.fr", "VENEZ234", "online"),
    ("Paul Garnier", "9 rue Sainte-Catherine", "33000", "Bordeaux", "paul.garnier@example.fr", "PAYEZ234", "on_site"),
]


class MarketplaceOrder(models.Model):
    _inherit = "marketplace.order"

    # ------------------------------------------------------------------ fields
    pickup_code = fields.Char(
        readonly=True, copy=False, index="btree_not_null",
        help="The code the customer shows (or its QR code) to collect a click & collect order.")
    collected_date = fields.Datetime(string="Handed Over", readonly=True, copy=False)
    collect_reminder_sent = fields.Boolean(readonly=True, copy=False)
    pos_order_id = fields.Many2one(
        "pos.order", string="Paid on Ticket", readonly=True, copy=False, index="btree_not_null",
        help="The shop's ticket that took the payment and handed the order over (reserve & collect).")
    pos_ticket_uuid = fields.Char(
        string="Open Ticket Holding the Code", readonly=True, copy=False,
        help="The register's ticket the pickup code was scanned on, to be paid there only (reserve & collect).")
    pos_ticket_config_id = fields.Many2one(
        "pos.config", string="Register Holding the Code", readonly=True, copy=False)
    pos_ticket_date = fields.Datetime(string="Code on a Ticket Since", readonly=True, copy=False)
    pickup_opening_hours = fields.Text(compute="_compute_pickup_opening_hours")
    collect_delay_days = fields.Integer(compute="_compute_collect_delay_days")
    collect_deadline_earliest = fields.Datetime(
        compute="_compute_collect_deadline_earliest",
        help="The collection deadline if the order were ready at once: the customer has at least until then.")

    _sql_constraints = [
        ("pickup_code_unique", "UNIQUE(pickup_code)", "A pickup code identifies one order."),
    ]

    # ----------------------------------------------------------------- compute
    @api.depends("store_id.opening_hours.attendance_ids")
    def _compute_pickup_opening_hours(self):
        """The shop's opening hours, a line a day (the customer's e-mails)."""
        days = dict(self.env["resource.calendar.attendance"]._fields["dayofweek"]._description_selection(self.env))
        for order in self:
            slots = order.store_id._marketplace_opening_slots() if order.store_id else {}
            order.pickup_opening_hours = "\n".join(
                f"{days[day]} : {', '.join(hours)}" for day, hours in slots.items()) or False

    @api.depends("assigned_date", "store_id")
    def _compute_collect_deadline_earliest(self):
        for order in self:
            order.collect_deadline_earliest = order.assigned_date and order.store_id and \
                order._marketplace_deadline_from(order.assigned_date, "collect")

    def _compute_collect_delay_days(self):
        delay = self.env["res.company"]._marketplace_hub().marketplace_collect_delay
        for order in self:
            order.collect_delay_days = delay

    # -------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("fulfilment") == "collect" and not vals.get("pickup_code"):
                vals["pickup_code"] = self._marketplace_new_pickup_code()
        return super().create(vals_list)

    # ----------------------------------------------------------------- actions
    def action_hand_over(self):
        """The customer collected the order at the shop (back-office, when no Point of Sale
        session is open)."""
        for order in self._marketplace_check_acting_user():
            order._marketplace_hand_over()
        return True

    @api.model
    def marketplace_hand_over(self, pickup_code, store_code=None):
        """Hand over the order of ``pickup_code`` at the user's shop (Point of Sale, shop software
        over XML-RPC): returns its reference."""
        order = self._marketplace_by_pickup_code(pickup_code, store_code)
        order._marketplace_check_acting_user()._marketplace_hand_over()
        return order.name

    @api.model
    def marketplace_pos_collect_orders(self, config_id):
        """The Point of Sale's Click & collect screen: the click & collect orders of the register's
        shop still to hand over, soonest deadline first."""
        store = self._marketplace_pos_store(config_id)
        orders = self.search([("store_id", "=", store.id), ("fulfilment", "=", "collect"),
                              ("state", "in", ("accepted", "ready"))], order="collect_deadline, id")
        states = dict(self._fields["state"]._description_selection(self.env))
        return [{
            "id": order.id,
            "name": order.name,
            "customer": order._marketplace_collect_customer_name(),
            "items": int(sum(order.line_ids.filtered(lambda line: line._marketplace_is_active()).mapped("quantity"))),
            "to_pay": order._marketplace_to_pay_in_shop(),
            "state": states[order.state],
            "deadline": format_datetime(self.env, order.collect_deadline, dt_format="short")
            if order.collect_deadline else "",
        } for order in orders]

    @api.model
    def marketplace_pos_hand_over(self, config_id, pickup_code, ticket_uuid=None):
        """The Point of Sale's Click & collect screen, on a pickup code at the register's shop: an
        order paid online is handed over at once (``{"message"}``); an order to pay at the counter
        (reserve & collect) comes back as the lines to put on the ticket ``ticket_uuid`` (``{"message",
        "pickup_code", "lines": [{product_id, qty, price_unit}]}``), handed over when the ticket is
        paid; the code is that ticket's only (``marketplace_pos_check_ticket``)."""
        store = self._marketplace_pos_store(config_id)
        order = self._marketplace_by_pickup_code(pickup_code, store.marketplace_store_code)
        if order._marketplace_to_pay_in_shop():
            order._marketplace_hold_on_ticket(store, int(config_id), ticket_uuid)
            lines = order.sudo().line_ids.filtered(lambda line: line._marketplace_is_active() and line.quantity > 0)
            return {
                "message": self.env._("Order %(order)s of %(customer)s added to the ticket: take the payment.",
                                      order=order.name, customer=order._marketplace_collect_customer_name()),
                "pickup_code": order.pickup_code,
                "lines": [{"product_id": line.product_id.id, "qty": line.quantity, "price_unit": line.price_unit}
                          for line in lines],
            }
        order._marketplace_check_acting_user()._marketplace_hand_over()
        return {"message": self.env._("Order %(order)s handed over to %(customer)s: the payment is taken.",
                                      order=order.name, customer=order._marketplace_collect_customer_name())}

    @api.model
    def marketplace_pos_check_ticket(self, config_id, ticket_uuid, pickup_codes):
        """Before the register takes a ticket's payment: each pickup code on it is still to hand
        over and held by this ticket (never paid twice, at two registers or on two tickets)."""
        store = self._marketplace_pos_store(config_id)
        if not isinstance(pickup_codes, list) or not all(isinstance(code, str) and code for code in pickup_codes):
            raise UserError(self.env._("The ticket's pickup codes could not be read: scan them again."))
        for code in pickup_codes:
            order = self._marketplace_by_pickup_code(code, store.marketplace_store_code)
            order._marketplace_hold_on_ticket(store, int(config_id), ticket_uuid)
        return True

    # ---------------------------------------------------------------- business
    def _marketplace_hold_on_ticket(self, store, config_id, ticket_uuid):
        """The code goes on one open ticket at a time: the register's ticket ``ticket_uuid`` holds
        it (for TICKET_HOLD_MINUTES after its last scan or check); another ticket is refused."""
        self.ensure_one()
        if (not isinstance(ticket_uuid, str) or not ticket_uuid.strip() or not ticket_uuid.isprintable()
                or len(ticket_uuid) > 64):
            raise UserError(self.env._(
                "Scan the pickup code on a ticket of the register: it is paid with that ticket."))
        self._marketplace_check_member_active()
        self._marketplace_lock()
        order = self.sudo()
        now = fields.Datetime.now()
        if not order._marketplace_to_pay_in_shop():
            raise UserError(self.env._(
                "The order %(order)s was paid online: take it off the ticket and hand it over from the Click & "
                "collect screen, without a payment.", order=order.name))
        if order.pos_order_id:
            raise UserError(self.env._("The order %(order)s was already paid on the ticket %(ticket)s.",
                                       order=order.name, ticket=order.pos_order_id.name))
        held = (order.pos_ticket_uuid and order.pos_ticket_uuid != ticket_uuid
                and order.pos_ticket_date and order.pos_ticket_date > now - timedelta(minutes=TICKET_HOLD_MINUTES))
        if held:
            raise UserError(self.env._(
                "The order %(order)s is already on an open ticket of the register %(register)s (since %(time)s): "
                "take the payment on that ticket. A ticket cancelled there frees the code %(minutes)s minutes "
                "after it was scanned.",
                order=order.name, register=order.pos_ticket_config_id.name,
                time=format_datetime(self.env, order.pos_ticket_date, dt_format="short"),
                minutes=TICKET_HOLD_MINUTES))
        order.write({"pos_ticket_uuid": ticket_uuid, "pos_ticket_config_id": config_id, "pos_ticket_date": now})

    @api.model
    def _marketplace_pos_store(self, config_id):
        """The shop of a register the user may use."""
        if (not isinstance(config_id, (int, str)) or isinstance(config_id, bool)
                or not re.fullmatch(r"[0-9]{1,9}", str(config_id))):
            raise UserError(self.env._("Open the Click & collect screen from a register of the shop."))
        config = self.env["pos.config"].browse(int(config_id)).exists()
        if not config:
            raise UserError(self.env._("Open the Click & collect screen from a register of the shop."))
        config.check_access("read")
        store = config.sudo().picking_type_id.warehouse_id
        if not store.marketplace_store:
            raise UserError(self.env._("This register is not in one of the network's shops."))
        return store

    def _marketplace_collect_customer_name(self):
        """Who collects: the customer (Odoo makes the shop the order's delivery address)."""
        self.ensure_one()
        return self.sudo().sale_order_id.partner_id.name or ""

    @api.model
    def _marketplace_new_pickup_code(self):
        return "".join(secrets.choice(PICKUP_CODE_ALPHABET) for _index in range(PICKUP_CODE_LENGTH))

    @api.model
    def _marketplace_by_pickup_code(self, pickup_code, store_code=None):
        """The click & collect order of this code among those the user may see, in ``store_code``'s
        shop when given; a clear error otherwise (unknown, another shop's, not ready)."""
        code = normalize_code(pickup_code or "").replace("-", "").replace(" ", "")
        if not code:
            raise UserError(self.env._("Type or scan the customer's pickup code."))
        order = self.sudo().search([("pickup_code", "=", code), ("fulfilment", "=", "collect")], limit=1)
        stores = self.env["stock.warehouse"].search([("marketplace_store", "=", True)])
        if store_code:
            stores = stores.filtered(lambda store: store.marketplace_store_code == normalize_code(store_code))
        if not order:
            raise UserError(self.env._("No click & collect order has the pickup code %(code)s.", code=code))
        if order.store_id not in stores:
            raise UserError(self.env._(
                "The pickup code %(code)s is for an order to collect at another shop.", code=code))
        if order.state == "collected":
            raise UserError(self.env._("The order %(order)s was already handed over on %(date)s.",
                                       order=order.name, date=fields.Datetime.to_string(order.collected_date)))
        if order.state not in ("accepted", "ready"):
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(self.env._("The order %(order)s is %(state)s: it cannot be handed over.",
                                       order=order.name, state=states[order.state]))
        return order.with_env(self.env)

    def _marketplace_to_pay_in_shop(self):
        """Reserve & collect: the customer chose to pay in the shop and has not paid yet."""
        self.ensure_one()
        sale_order = self.sudo().sale_order_id
        return self.payment_state == "none" and any(
            tx.provider_id.custom_mode == "on_site" and tx.state in ("pending", "done")
            for tx in sale_order.transaction_ids)

    def _marketplace_set_counter_amounts(self, ticket_lines):
        """Paid at the counter by ``ticket_lines`` (the ticket's lines of this order's pickup
        code): each of the order's lines records what the customer paid for it there — the
        ticket lines' totals as the server computes them, less their share of the ticket's
        discounts, a product's total shared by the lines' online amounts (by quantity when they
        are nothing) to the cent, and never below nothing nor above the online price. A price
        the cashier changed reaches the animators (the commission follows what was paid)."""
        self.ensure_one()
        factor = ticket_lines.order_id._marketplace_discount_factor() if ticket_lines else 0.0
        paid = defaultdict(float)
        for ticket_line in ticket_lines:
            paid[ticket_line.product_id] += max(ticket_line._marketplace_counter_total(), 0.0) * factor
        lines = self.line_ids.filtered(lambda line: line._marketplace_is_active())
        for product, product_lines in lines.grouped("product_id").items():
            weight = "amount" if sum(product_lines.mapped("amount")) > 0 else "quantity"
            total = sum(product_lines.mapped(weight))
            left, taken = self.currency_id.round(paid.get(product, 0.0)), 0.0
            for index, line in enumerate(product_lines):
                share = left - taken if index == len(product_lines) - 1 else \
                    self.currency_id.round(left * line[weight] / total)
                line.sudo().counter_amount = min(max(share, 0.0), line.amount)
                taken += share
        online, counter = sum(lines.mapped("amount")), sum(lines.mapped("counter_amount"))
        if self.currency_id.compare_amounts(online, counter):
            self._marketplace_alert_animators(
                self.env._("Price changed at the counter for %(order)s", order=self.name),
                self.env._("Paid %(counter)s at the counter (ticket %(ticket)s) for %(online)s online: the commission "
                           "follows what the customer paid.",
                           counter=format_amount(self.env, counter, self.currency_id),
                           online=format_amount(self.env, online, self.currency_id), ticket=self.pos_order_id.name))

    def _marketplace_hand_over(self):
        """The pairs leave the shop once (its reserved delivery validated), the order is collected
        and the customer's payment captured — or, paid at the counter, marked so (the member took
        the money)."""
        self.ensure_one()
        self._marketplace_lock()
        if self.state in ("accepted", "ready"):
            self._marketplace_validate_picking()
        return self._set_collected()

    def _marketplace_reassign_problem(self, store):
        """A pick-up order moves only to a shop near the one the customer chose (Settings ›
        Marketplace › Pick-up moves)."""
        problem = super()._marketplace_reassign_problem(store)
        if problem or self.fulfilment != "collect":
            return problem
        chosen = (self.sale_order_id.marketplace_pickup_store_id or self.store_id).sudo().partner_id
        target = store.sudo().partner_id
        limit = self.env["res.company"].sudo()._marketplace_hub().marketplace_collect_reassign_km
        coords = [(p.partner_latitude, p.partner_longitude) for p in (chosen, target)]
        if limit and all(lat or lon for lat, lon in coords):
            distance = haversine_km(*coords[0], *coords[1])
            if distance > limit:
                return self.env._(
                    "%(store)s is %(distance)s km from the shop the customer chose: a pick-up order moves at most "
                    "%(limit)s km.", store=store.name, distance=round(distance, 1), limit=limit)
        return False

    def _marketplace_reassign(self, store, lines=None):
        """A pick-up order moved whole keeps its pickup code (the customer's e-mail and QR code go
        on working) and the customer order names the new shop; the customer is told at once
        (the shop, its address and hours, the code)."""
        collect = self.fulfilment == "collect"
        code = self.pickup_code
        new_order = super()._marketplace_reassign(store, lines)
        if not (collect and new_order):
            return new_order
        if self.state == "cancelled" and code:
            self.sudo().pickup_code = False
            self.sudo().flush_recordset(["pickup_code"])
            new_order.sudo().pickup_code = code
        sale_order = self.sale_order_id.sudo()
        if sale_order.marketplace_pickup_store_id == self.store_id:
            sale_order.write({
                "marketplace_pickup_store_id": store.id,
                "pickup_location_data": store.sudo()._marketplace_pickup_location(False, {}),
            })
        new_order._marketplace_mail_customer("marketplace_collect.mail_template_collect_confirmed")
        return new_order

    def _set_ready(self):
        moved = super()._set_ready()
        moved.filtered(lambda o: o.fulfilment == "collect")._marketplace_mail_customer(
            "marketplace_collect.mail_template_collect_ready")
        return moved

    @api.model
    def _cron_marketplace_collect_reminder(self, batch_size=200):
        """Remind the customers whose click & collect order is ready and due within a day, once
        each, by batches committed as they go (``_notify_progress``)."""
        now = fields.Datetime.now()
        domain = [("state", "=", "ready"), ("fulfilment", "=", "collect"), ("collect_reminder_sent", "=", False),
                  ("collect_deadline", ">", now), ("collect_deadline", "<=", now + timedelta(days=1))]
        orders = self.sudo().search(domain, limit=batch_size)
        remaining = self.sudo().search_count(domain) - len(orders)
        orders.collect_reminder_sent = True
        orders._marketplace_mail_customer("marketplace_collect.mail_template_collect_reminder")
        self.env["ir.cron"]._notify_progress(done=len(orders), remaining=remaining)
        return orders

    def _set_collected(self):
        """Collected: the payment captured, or — to pay in the shop — taken by the member."""
        in_shop = self.filtered(lambda o: o.state in ("accepted", "ready") and o._marketplace_to_pay_in_shop())
        moved = self._marketplace_update_state(("accepted", "ready"), "collected",
                                               {"collected_date": fields.Datetime.now()})
        (moved & in_shop).sudo().payment_state = "in_shop"
        (moved - in_shop)._marketplace_capture()
        return moved

    def _marketplace_set_left(self):
        """A click & collect order's delivery validated (Inventory, hand-over): handed over."""
        collect = self.filtered(lambda o: o.fulfilment == "collect")
        collect.filtered(lambda o: o.state in ("accepted", "ready"))._set_collected()
        return super(MarketplaceOrder, self - collect)._marketplace_set_left()

    @api.model
    def _marketplace_load_demo_collect(self):
        """Demo data: two click & collect orders ready in a shop, one paid online (the demo
        provider) and one to pay at the counter, with the pickup codes VENEZ234 and PAYEZ234 to try
        the Point of Sale's Click & collect screen."""
        env = self.sudo().env
        hub = env["res.company"]._marketplace_hub()
        if not hub or env["marketplace.order"].search_count([("fulfilment", "=", "collect")], limit=1):
            return
        website = env["website"].search([("company_id", "=", hub.id)], limit=1)
        carrier = env.ref("website_sale_collect.carrier_pick_up_in_store")
        online = env.ref("payment.payment_provider_demo")
        online.write({"state": "test", "capture_manually": True, "company_id": hub.id})
        on_site = env.ref("website_sale_collect.payment_provider_on_site")
        on_site.write({"state": "enabled", "company_id": hub.id})
        variants = env["product.product"].search([("product_tmpl_id.marketplace_catalog", "=", True)], order="id")
        stock = carrier._marketplace_pickup_stock(dict.fromkeys(variants.ids, 1.0))
        offers = sorted((store_id, product_id) for store_id, products in stock.items() for product_id in products)
        if len(offers) < len(DEMO_COLLECT):
            return
        for index, (name, street, zip_code, city, email, code, payment) in enumerate(DEMO_COLLECT):
            store_id, product_id = offers[index * (len(offers) // len(DEMO_COLLECT))]
            customer = env["res.partner"].create({
                "name": name, "street": street, "zip": zip_code, "city": city, "email": email,
                "country_id": env.ref("base.fr").id,
            })
            order = env["sale.order"].with_company(hub).create({
                "partner_id": customer.id, "company_id": hub.id, "website_id": website.id,
                "order_line": [(0, 0, {"product_id": product_id, "product_uom_qty": 1})],
            })
            order.set_delivery_line(carrier, carrier.product_id.list_price)
            order._set_pickup_location(json.dumps({"id": store_id}))
            provider = online if payment == "online" else on_site
            transaction = env["payment.transaction"].create({
                "provider_id": provider.id, "payment_method_id": provider.payment_method_ids[:1].id,
                "amount": order.amount_total, "currency_id": order.currency_id.id, "partner_id": customer.id,
                "reference": order.name, "sale_order_ids": [(6, 0, order.ids)],
            })
            if payment == "online":
                transaction._handle_notification_data(
                    "demo", {"reference": transaction.reference, "simulated_state": "done"})
                order.action_confirm()
            else:  # website_sale_collect confirms it too, and e-mails the PDF quotation (not for demo data)
                transaction._set_pending()
                order.action_confirm()
            legs = order.marketplace_order_ids
            legs.write({"pickup_code": code})
            legs._set_accepted()
            legs._set_ready()
