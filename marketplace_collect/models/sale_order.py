import json
from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # ------------------------------------------------------------------ fields
    marketplace_pickup_store_id = fields.Many2one(
        "stock.warehouse", string="Pick-up Shop", readonly=True, copy=False,
        help="The member shop the customer chose to collect the order from: it receives the order directly.")

    # ---------------------------------------------------------------- business
    def _marketplace_is_network_pickup(self):
        self.ensure_one()
        return self.carrier_id.delivery_type == "in_store" and self.carrier_id.marketplace_network

    def _marketplace_pickup_store_open(self):
        """The chosen shop, if it still takes click & collect orders (open, offering it)."""
        self.ensure_one()
        return self.marketplace_pickup_store_id.sudo().filtered_domain(
            self.env["stock.warehouse"]._marketplace_pickup_domain())

    def _marketplace_collect_needs(self):
        """{product_id: quantity} of the cart's storable products."""
        needs = defaultdict(float)
        for line in self.order_line.filtered(lambda line: line.product_id.is_storable):
            needs[line.product_id.id] += line.product_uom_qty
        return dict(needs)

    def _set_pickup_location(self, pickup_location_data):
        """The network's pick-up: the chosen shop is kept on the order (it receives the order); the
        order stays the hub's, with the hub's warehouse (website_sale_collect would make the shop the
        order's warehouse, another company's)."""
        if not self.carrier_id.marketplace_network:
            return super()._set_pickup_location(pickup_location_data)
        store = self._marketplace_pickup_store_from(pickup_location_data)
        if store and not store.filtered_domain(self.env["stock.warehouse"]._marketplace_pickup_domain()):
            raise ValidationError(self.env._("This shop does not offer click & collect."))
        data = json.loads(pickup_location_data) if pickup_location_data else {}
        if store:  # taxes as website_sale_collect: from where the customer collects
            self.fiscal_position_id = self.env["account.fiscal.position"].sudo()._get_fiscal_position(
                self.partner_id, delivery=store.partner_id)
        # The shop's address as the server knows it, whatever the browser sent.
        self.pickup_location_data = store._marketplace_pickup_location(data.get("distance"), {}) if store else False
        self.marketplace_pickup_store_id = store
        return None

    def _marketplace_pickup_store_from(self, pickup_location_data):
        """The one shop the browser's pick-up data names (``{"id": <int>, ...}`` as JSON), or a
        clear refusal: whatever a client sends yields no traceback."""
        try:
            data = json.loads(pickup_location_data) if pickup_location_data else {}
        except (TypeError, ValueError):
            data = None
        store_id = data.get("id") if isinstance(data, dict) else None
        if data is None or (data and (not isinstance(store_id, int) or isinstance(store_id, bool))):
            raise ValidationError(self.env._("This shop does not offer click & collect."))
        store = self.env["stock.warehouse"].sudo().browse(store_id or []).exists()
        if store_id and not store:
            raise ValidationError(self.env._("This shop does not offer click & collect."))
        return store

    def _compute_warehouse_id(self):
        """The network's pick-up does not move the order to the shop's company."""
        result = super()._compute_warehouse_id()
        for order in self.filtered(lambda o: o.carrier_id.marketplace_network and o.pickup_location_data):
            order.warehouse_id = order.website_id._get_warehouse_available() if order.website_id else False
            if not order.warehouse_id or order.warehouse_id.company_id != order.company_id:
                order.warehouse_id = self.env["stock.warehouse"].search(
                    [("company_id", "=", order.company_id.id)], limit=1)
        return result

    def _is_in_stock(self, wh_id):
        """The network's pick-up: whether the chosen shop publishes the whole cart (the order's
        own warehouse is the hub's)."""
        if self._marketplace_is_network_pickup():
            if not self._marketplace_pickup_store_open():
                return False
            wh_id = self.marketplace_pickup_store_id.id
        return super()._is_in_stock(wh_id)

    def _get_unavailable_order_lines(self, wh_id):
        """A network shop: the lines it does not publish enough of (what it offers online, not its
        free quantity, another company's)."""
        store = self.env["stock.warehouse"].sudo().browse(wh_id).exists()
        if not store.marketplace_store:
            return super()._get_unavailable_order_lines(wh_id)
        lines = self.order_line.filtered("is_storable")
        available = store._marketplace_available_qty(lines.product_id)
        unavailable = self.env["sale.order.line"]
        for line in lines:
            qty = available.get((store.id, line.product_id.id), 0)
            if line.product_uom_qty > qty:
                line.shop_warning = self.env._("Only %(new_qty)s available", new_qty=int(qty))
                unavailable |= line
        return unavailable

    def _get_cart_and_free_qty(self, product, line=None):
        """The network's pick-up: what the chosen shop publishes."""
        cart_qty, free_qty = super()._get_cart_and_free_qty(product, line=line)
        if self._marketplace_is_network_pickup() and self.marketplace_pickup_store_id:
            product = product or line.product_id
            store = self.marketplace_pickup_store_id.sudo()
            free_qty = store._marketplace_available_qty(product).get((store.id, product.id), 0)
        return cart_qty, free_qty

    def _action_confirm(self):
        """Odoo's delivery turns the pick-up location into the order's delivery address, named after
        the shop: at the network's shops it is named after the customer, who collects (the shop's
        screens show that name)."""
        pickups = {order: order.partner_id.name for order in self
                   if order._marketplace_is_network_pickup() and order.pickup_location_data}
        result = super()._action_confirm()
        for order, customer in pickups.items():
            address = order.partner_shipping_id.sudo()
            if address != order.partner_id and address.name == order.pickup_location_data.get("name"):
                address.name = customer
        return result

    def _remove_delivery_line(self):
        """Another delivery method: the chosen shop is forgotten with the pickup location, and the
        fiscal position is the delivery address's again (the shop's country gave it while the
        customer collected there: an export must not keep French VAT)."""
        leaving = self.filtered("marketplace_pickup_store_id")
        result = super()._remove_delivery_line()
        leaving.marketplace_pickup_store_id = False
        leaving._compute_fiscal_position_id()
        return result

    def _marketplace_fulfilment(self):
        if self.marketplace_pickup_store_id and self._marketplace_is_network_pickup():
            return "collect"
        return super()._marketplace_fulfilment()

    def _marketplace_route_needs(self, needs, lines_by_product):
        """Click & collect: the chosen shop receives the order directly (no routing); what it no
        longer has waits in the Unassigned queue. A shop that refused, let the order expire or no
        longer takes click & collect gets nothing: no other one without asking the customer."""
        if not (self.marketplace_pickup_store_id and self._marketplace_is_network_pickup()):
            return super()._marketplace_route_needs(needs, lines_by_product)
        store = self.marketplace_pickup_store_id.sudo()
        if store in self._marketplace_excluded_stores() or not self._marketplace_pickup_store_open():
            return [Markup("<p>%s</p>") % self.env._(
                "Click & collect: %(store)s, the customer's choice, can no longer take the order.", store=store.name)]
        served = self._marketplace_assign(store, dict(needs), lines_by_product, "collect")
        self._marketplace_take_served(needs, served)
        if served:
            self.marketplace_order_ids.filtered(lambda o: o.store_id == store and o.state == "assigned") \
                ._marketplace_mail_customer("marketplace_collect.mail_template_collect_confirmed")
        return [Markup("<p>%s</p>") % self.env._(
            "Click & collect: the customer chose %(store)s, which receives the order directly.", store=store.name)]
