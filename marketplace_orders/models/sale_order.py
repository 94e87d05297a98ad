from collections import defaultdict

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.addons.marketplace_base.utils import haversine_km
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_datetime

from ..utils import plan_routing, servable, store_rank, tied_stores
from .marketplace_order import OPEN_STATES, check_ledger_write

# What the ledger and routing keep on the customer order: written by the suite only.
LEDGER_FIELDS = {"marketplace_routing_note", "marketplace_hub_captured_goods"}

# Candidate stores written in the routing decision (the best ones; the others are counted).
DECISION_ROWS = 15


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "marketplace.sale.ledger"]

    # ------------------------------------------------------------------ fields
    marketplace_order_ids = fields.One2many("marketplace.order", "sale_order_id", string="Member Orders")
    marketplace_order_count = fields.Integer(compute="_compute_marketplace_order_count")
    marketplace_routing_note = fields.Html(
        string="Routing Decisions", readonly=True, copy=False, sanitize=True,
        help="Each routing of this order: the candidate stores, what each could serve, its distance, "
             "the winner and why.")
    marketplace_routed = fields.Boolean(
        string="Routed to Members", readonly=True, copy=False,
        help="Confirmed since the marketplace routes the hub's orders: member stores ship its goods. "
             "Orders confirmed before keep Odoo's own delivery from the hub.")
    marketplace_unassigned = fields.Boolean(
        string="Unassigned Lines", compute="_compute_marketplace_unassigned", store=True, index=True)
    # The ledger as animators and accountants read it on the customer order (the same figures
    # every capture and void is decided from).
    marketplace_amount_authorised = fields.Monetary(
        string="Authorised", compute="_compute_marketplace_ledger", currency_field="currency_id")
    marketplace_amount_captured = fields.Monetary(
        string="Captured", compute="_compute_marketplace_ledger", currency_field="currency_id")
    marketplace_amount_voided = fields.Monetary(
        string="Released", compute="_compute_marketplace_ledger", currency_field="currency_id")
    marketplace_amount_held = fields.Monetary(
        string="Still Authorised", compute="_compute_marketplace_ledger", currency_field="currency_id",
        help="Authorised for what is still to serve: lines with a store or waiting for one.")
    marketplace_hub_captured_goods = fields.Monetary(
        string="Hub's Goods Captured", readonly=True, copy=False,
        help="Value of the hub's own products (delivered from its warehouse) whose payment is captured.")
    marketplace_amount_refunded = fields.Monetary(
        string="Refunded", compute="_compute_marketplace_ledger", currency_field="currency_id")

    # ----------------------------------------------------------------- compute
    @api.depends("marketplace_order_ids")
    def _compute_marketplace_order_count(self):
        for order in self:
            order.marketplace_order_count = len(order.marketplace_order_ids)

    @api.depends("order_line.marketplace_missing_qty")
    def _compute_marketplace_unassigned(self):
        for order in self:
            order.marketplace_unassigned = any(line.marketplace_missing_qty > 0 for line in order.order_line)

    # -------------------------------------------------------------------- CRUD
    def _marketplace_flag_customers(self):
        """The hub's customers are hidden from members (record rule), but through their own orders."""
        partners = self.filtered(lambda o: o._marketplace_is_hub_order()).mapped(
            lambda o: o.partner_id | o.partner_invoice_id | o.partner_shipping_id)
        partners.sudo().filtered(lambda p: not p.marketplace_hub_customer and p.partner_share).write(
            {"marketplace_hub_customer": True})

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._marketplace_flag_customers()
        return orders

    def write(self, vals):
        check_ledger_write(self, vals, LEDGER_FIELDS)
        result = super().write(vals)
        if {"partner_id", "partner_invoice_id", "partner_shipping_id"} & set(vals):
            self._marketplace_flag_customers()
            self.env["marketplace.order"]._marketplace_forget_serving()
        return result

    # ----------------------------------------------------------------- actions
    def _prepare_confirmation_values(self):
        """Hub orders confirmed from now on are routed to member stores (written with the state)."""
        values = super()._prepare_confirmation_values()
        if all(order._marketplace_is_hub_order() for order in self):
            values["marketplace_routed"] = True
        return values

    def _action_confirm(self):
        hub_orders = self.filtered(lambda order: order._marketplace_is_hub_order())
        hub_orders.filtered(lambda order: not order.marketplace_routed).marketplace_routed = True
        result = super()._action_confirm()
        hub_orders._marketplace_route()
        return result

    def _action_cancel(self):
        """The customer order cancelled: its open member orders are cancelled with it (their
        pairs back on the shelves, the members told), what did not leave is voided; what already
        left stays shipped and comes back through a return."""
        routed = self.filtered(lambda order: order.marketplace_routed and order.state == "sale")
        for order in routed.sudo():
            legs = order.marketplace_order_ids.filtered(lambda o: o.state in OPEN_STATES)
            if legs:
                legs.with_context(marketplace_no_customer_mail=True)._marketplace_cancel_lines(
                    legs._marketplace_active_lines(),
                    self.env._("The customer order %(order)s was cancelled.", order=order.name))
        result = super()._action_cancel()
        routed._marketplace_release_authorisation()
        return result

    def action_marketplace_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("marketplace_orders.action_marketplace_order_animator")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_marketplace_route(self):
        """Route the lines still waiting for a store again (animators)."""
        if not self.env.su and not self.env.user.has_group("marketplace_base.group_marketplace_animator"):
            raise AccessError(self.env._("Only marketplace animators can route orders."))
        self.sudo()._marketplace_route()
        return True

    # ---------------------------------------------------------------- business
    def _compute_display_name(self):
        """A member never gets a customer order's name with its customer's (``sale_show_partner_name``)."""
        if self.env.context.get("sale_show_partner_name") and self.env.user._marketplace_is_member_only():
            for order in self:
                order.display_name = order.sudo().name
            return
        super()._compute_display_name()

    def _marketplace_is_hub_order(self):
        self.ensure_one()
        return self.company_id.marketplace_role == "hub"

    def _marketplace_fulfilment(self):
        """How the customer gets the pairs: ``ship`` here; click & collect overrides it."""
        self.ensure_one()
        return "ship"

    def _marketplace_excluded_stores(self):
        """Stores this customer order must not go to again: those that refused or let it expire
        (a store handed back by its pause or its member's suspension may serve it once back)."""
        self.ensure_one()
        excluded = self.marketplace_order_ids.filtered(
            lambda o: o.state in ("refused", "expired") and not o.network_handed_back).store_id
        return excluded | self.env["stock.warehouse"].browse(self.env.context.get("marketplace_excluded_store_ids", []))

    def _marketplace_route(self, sale_lines=None):
        """Give the routable lines' missing quantities to member stores (``marketplace.order`` legs
        with a reserving picking each), rule after rule; write the decision on the order; what no
        store can serve waits in the Unassigned queue. Routing is the hub's, whoever triggers it
        (a member refusing, shipping part, letting an order expire): the next member's messages,
        activities and e-mails come from the hub, never from a competitor."""
        for order in self.with_user(SUPERUSER_ID):
            lines = order.order_line if sale_lines is None else (sale_lines.with_user(SUPERUSER_ID) & order.order_line)
            lines = lines.filtered(lambda line: line._marketplace_is_routed())
            lines.invalidate_recordset(["marketplace_missing_qty"])
            lines = lines.filtered(lambda line: line.marketplace_missing_qty > 0)
            if lines:
                order._marketplace_route_lines(lines)

    def _marketplace_route_lines(self, lines):
        self.ensure_one()
        needs = defaultdict(float)
        lines_by_product = defaultdict(list)
        for line in lines:
            needs[line.product_id.id] += line.marketplace_missing_qty
            lines_by_product[line.product_id.id].append(line)
        notes = self._marketplace_route_needs(needs, lines_by_product)
        notes.append(self._marketplace_missing_html(needs))
        self.marketplace_routing_note = Markup("").join(notes) + (self.marketplace_routing_note or Markup(""))
        lines.invalidate_recordset(["marketplace_missing_qty"])
        lines.modified(["marketplace_line_ids"])
        lines._marketplace_track_unassigned()

    def _marketplace_route_needs(self, needs, lines_by_product):
        """Give ``needs`` ({product_id: qty}, what is served is taken off) to stores, rule after
        rule; returns the decisions to write, as HTML."""
        fulfilment = self._marketplace_fulfilment()
        origin = self._marketplace_delivery_coordinates()
        excluded = self._marketplace_excluded_stores()
        notes = []
        for rule in self.env["marketplace.routing.rule"]._marketplace_rules_for(fulfilment):
            # A second pass when a store had lost pairs between the plan and its reservation.
            for _attempt in range(2):
                if not needs:
                    break
                legs, decision = self._marketplace_plan(rule, dict(needs), fulfilment, origin, excluded)
                short = False
                for store_id, take in legs:
                    served = self._marketplace_assign(
                        self.env["stock.warehouse"].browse(store_id), take, lines_by_product, fulfilment)
                    decision["served"][store_id] = served
                    self._marketplace_take_served(needs, served)
                    short = short or sum(served.values()) < sum(take.values())
                notes.append(self._marketplace_decision_html(rule, decision, origin))
                if not short:
                    break
        return notes

    @staticmethod
    def _marketplace_take_served(needs, served):
        """Take what a store served off ``needs``."""
        for product_id, qty in served.items():
            needs[product_id] -= qty
            if needs[product_id] <= 0:
                del needs[product_id]

    def _marketplace_delivery_coordinates(self):
        """(latitude, longitude) of the delivery address, from the offline geocoder when the
        address has none yet; None when it cannot be placed."""
        partner = self.partner_shipping_id.sudo()
        if not (partner.partner_latitude or partner.partner_longitude) and partner.zip:
            partner.geo_localize()
        if partner.partner_latitude or partner.partner_longitude:
            return partner.partner_latitude, partner.partner_longitude
        return None

    def _marketplace_candidates(self, product_ids, fulfilment):
        """What every open store offering the service publishes of these products, with its
        coordinates and its member's acceptance rate: one query.
        ``{store_id: ({product_id: qty}, (lat, lon) or None, acceptance rate)}``"""
        Warehouse = self.env["stock.warehouse"].sudo()
        Warehouse._marketplace_flush_availability()
        self.env["res.partner"].flush_model(["partner_latitude", "partner_longitude"])
        Warehouse.flush_model(["marketplace_ship", "marketplace_collect", "partner_id"])
        service = SQL.identifier("marketplace_collect" if fulfilment == "collect" else "marketplace_ship")
        self.env["res.company"].flush_model(["marketplace_acceptance_rate"])
        rows = self.env.execute_query(SQL(
            """SELECT a.store_id, a.product_id, a.qty, p.partner_latitude, p.partner_longitude,
                      c.marketplace_acceptance_rate
                 FROM (%(availability)s) AS a(store_id, product_id, qty)
                 JOIN stock_warehouse w ON w.id = a.store_id
                 JOIN res_partner p ON p.id = w.partner_id
                 JOIN res_company c ON c.id = w.company_id
                WHERE a.qty > 0 AND w.%(service)s""",
            availability=Warehouse._marketplace_availability_sql(product_ids, open_only=True), service=service,
        ))
        candidates = {}
        for store_id, product_id, qty, lat, lon, rate in rows:
            stock, _coords, _rate = candidates.setdefault(
                store_id, ({}, (lat, lon) if (lat or lon) else None, rate if rate is not None else 100.0))
            stock[product_id] = int(qty)
        return candidates

    def _marketplace_store_loads(self, store_ids, since=None):
        """Open member orders of each store, or those assigned since ``since``."""
        if not store_ids:
            return {}
        condition = (SQL("assigned_date >= %s", since) if since
                     else SQL("state IN %s", OPEN_STATES))
        self.env["marketplace.order"].flush_model(["store_id", "state", "assigned_date"])
        return dict(self.env.execute_query(SQL(
            "SELECT store_id, COUNT(*) FROM marketplace_order WHERE store_id = ANY(%s) AND %s GROUP BY store_id",
            list(store_ids), condition)))

    def _marketplace_plan(self, rule, needs, fulfilment, origin, excluded):
        """The legs ``rule`` gives ``needs`` to, and the decision to write."""
        candidates = self._marketplace_candidates(list(needs), fulfilment)
        distances, reasons = {}, {}
        reliability = {}
        for store_id, (_stock, coords, rate) in candidates.items():
            distances[store_id] = haversine_km(*origin, *coords) if origin and coords else None
            reliability[store_id] = rate
        for store_id in excluded.ids:
            if store_id in candidates:
                reasons[store_id] = self.env._("excluded: refused this order or let it expire")
        if rule.max_distance_km and origin:
            for store_id, distance in distances.items():
                if store_id not in reasons and (distance is None or distance > rule.max_distance_km):
                    reasons[store_id] = self.env._("excluded: further than %(km)s km", km=rule.max_distance_km)
        if rule.daily_capacity:
            today = fields.Datetime.to_datetime(fields.Date.context_today(self))
            for store_id, count in self._marketplace_store_loads(list(candidates), since=today).items():
                if store_id not in reasons and count >= rule.daily_capacity:
                    reasons[store_id] = self.env._("excluded: daily capacity reached (%(count)s orders)", count=count)
        stock = {store_id: values[0] for store_id, values in candidates.items() if store_id not in reasons}
        # The load only breaks ties: read it only when a chosen store shares its rank with others.
        loads = {}
        legs, _missing = plan_routing(needs, stock, distances, loads, rule.whole_order_first, reliability)
        tied = tied_stores(stock, distances, reliability, among=[store_id for store_id, _take in legs])
        if tied:
            loads = self._marketplace_store_loads(tied)
            legs, _missing = plan_routing(needs, stock, distances, loads, rule.whole_order_first, reliability)
        return legs, {
            "needs": needs, "candidates": candidates, "distances": distances, "loads": loads,
            "reliability": reliability,
            "reasons": reasons, "legs": legs, "served": {},
        }

    def _marketplace_assign(self, store, take, lines_by_product, fulfilment):
        """Reserve ``take`` ({product_id: qty}) in ``store`` for this order: the store's quants of
        those products are locked, its availability read again under the lock (never trusted from
        the plan), and a member order made with its picking for what is there. Returns what was
        served ({product_id: qty})."""
        self.ensure_one()
        products = self.env["product.product"].browse(list(take))
        location = store.view_location_id
        self.env["stock.quant"].flush_model()
        self.env.cr.execute(SQL(
            """SELECT q.id FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
                WHERE l.parent_path LIKE %s AND l.usage = 'internal' AND q.product_id = ANY(%s)
             ORDER BY q.id FOR NO KEY UPDATE OF q""",
            f"{location.parent_path}%", products.ids))
        self.env["stock.quant"].invalidate_model(["quantity", "reserved_quantity"])
        available = store.sudo()._marketplace_available_qty(products)
        served = {product_id: min(qty, available.get((store.id, product_id), 0)) for product_id, qty in take.items()}
        served = {product_id: qty for product_id, qty in served.items() if qty > 0}
        if not served:
            return {}
        line_vals = []
        for product_id, qty in served.items():
            left = qty
            for sale_line in lines_by_product[product_id]:
                share = min(left, sale_line.marketplace_missing_qty - sum(
                    vals["quantity"] for vals in line_vals if vals["sale_line_id"] == sale_line.id))
                if share > 0:
                    line_vals.append({"sale_line_id": sale_line.id, "quantity": share})
                    left -= share
                if left <= 0:
                    break
        member_order = self.env["marketplace.order"].sudo().create({
            "sale_order_id": self.id,
            "store_id": store.id,
            "fulfilment": fulfilment,
            "line_ids": [(0, 0, vals) for vals in line_vals],
        })
        picking = member_order._marketplace_create_picking()
        if not member_order.line_ids:
            picking.action_cancel()
            member_order.write({"state": "cancelled"})
            return {}
        member_order._marketplace_notify_assigned()
        served = defaultdict(float)
        for line in member_order.line_ids:
            served[line.product_id.id] += line.quantity
        return dict(served)

    def _marketplace_decision_html(self, rule, decision, origin):
        """The decision in words, as a table."""
        needed = sum(decision["needs"].values())
        chosen = {store_id: position for position, (store_id, _take) in enumerate(decision["legs"], start=1)}
        stores = self.env["stock.warehouse"].sudo().browse(list(decision["candidates"]))
        names = {store.id: f"{store.name} ({store.marketplace_store_code})" for store in stores}
        rows = []
        ranked = sorted(decision["candidates"], key=lambda s: (
            s not in chosen, chosen.get(s, 0), s in decision["reasons"],
            -sum(servable(decision["needs"], decision["candidates"][s][0]).values()),
            store_rank(s, decision["distances"], decision["loads"], decision["reliability"])))
        for rank, store_id in enumerate(ranked, start=1):
            if rank > DECISION_ROWS:
                break
            can = sum(servable(decision["needs"], decision["candidates"][store_id][0]).values())
            distance = decision["distances"].get(store_id)
            if store_id in chosen:
                got = sum(decision["served"].get(store_id, {}).values())
                if can >= needed and len(chosen) == 1:
                    why = self.env._("chosen: the nearest store that has the whole order")
                else:
                    why = self.env._("chosen (leg %(leg)s): serves the most of what was left", leg=chosen[store_id])
                if got < sum(dict(decision["legs"])[store_id].values()):
                    why += " — " + self.env._("only %(got)s reserved: the pairs went meanwhile", got=got)
            else:
                why = decision["reasons"].get(store_id) or self.env._("not chosen")
            rows.append(Markup("<tr><td>%s</td><td>%s / %s</td><td>%s</td><td>%s</td><td>%s</td></tr>") % (
                names[store_id], can, int(needed),
                f"{distance:.1f} km" if distance is not None else "—",
                rank, why))
        others = len(ranked) - DECISION_ROWS
        when = format_datetime(self.env, fields.Datetime.now())
        where = (self.env._("from the delivery address (%(lat).4f, %(lon).4f)", lat=origin[0], lon=origin[1])
                 if origin else self.env._("the delivery address has no coordinates: stores ranked without distance"))
        head = Markup("<p><strong>%s</strong> — %s</p>") % (
            self.env._("Routing of %(when)s, rule “%(rule)s”", when=when, rule=rule.name), where)
        if not rows:
            return head + Markup("<p>%s</p>") % self.env._("No open store offering the service has these items.")
        table = Markup(
            "<table class='table table-sm o_marketplace_routing'><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>") % (
            self.env._("Store"), self.env._("Can serve"), self.env._("Distance"), self.env._("Rank"),
            self.env._("Decision"), Markup("").join(rows))
        if others > 0:
            table += Markup("<p>%s</p>") % self.env._(
                "… and %(count)s other stores that could serve part of it.", count=others)
        return head + table

    def _marketplace_missing_html(self, needs):
        if not needs:
            return Markup("")
        products = self.env["product.product"].browse(list(needs))
        items = Markup("").join(
            Markup("<li>%s × %s</li>") % (int(needs[product.id]), product.display_name) for product in products)
        return Markup("<p><strong>%s</strong></p><ul>%s</ul>") % (
            self.env._("Unassigned: no store can serve these items; they wait in the Unassigned queue."), items)
