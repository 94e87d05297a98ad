from odoo import api, fields, models
from odoo.addons.marketplace_base.utils import haversine_km
from odoo.http import request
from odoo.tools import SQL


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    # ------------------------------------------------------------------ fields
    marketplace_network = fields.Boolean(
        string="Network's Shops",
        help="Pick up in store: offer the open member shops that offer click & collect (whatever their "
             "company), nearest first, instead of the stores listed.")

    _marketplace_pickup_limit = 20  # the nearest shops listed
    _marketplace_pickup_with_stock = 5  # and the nearest further ones that have everything

    # ------------------------------------------------------------- constraints
    @api.constrains("delivery_type", "is_published", "warehouse_ids")
    def _check_in_store_dm_has_warehouses_when_published(self):
        """The network's pick-up needs no listed store."""
        return super(DeliveryCarrier, self.filtered(lambda dm: not dm.marketplace_network)) \
            ._check_in_store_dm_has_warehouses_when_published()

    @api.constrains("delivery_type", "company_id", "warehouse_ids")
    def _check_warehouses_have_same_company(self):
        """The network's stores belong to the members, the delivery method to the hub."""
        return super(DeliveryCarrier, self.filtered(lambda dm: not dm.marketplace_network)) \
            ._check_warehouses_have_same_company()

    # ---------------------------------------------------------------- business
    def _in_store_get_close_locations(self, partner_address, product_id=None):
        """The network's pick-up: the nearest open shops offering click & collect (and the nearest
        that have everything, when further), each with its opening hours and whether it has the
        product (product page) or the whole cart (checkout): two queries whatever the number of
        shops (website_sale_collect asks each warehouse its stock)."""
        if not self.marketplace_network:
            return super()._in_store_get_close_locations(partner_address, product_id=product_id)
        try:
            product = self.env["product.product"].browse(int(product_id)).exists() if product_id else None
        except ValueError:
            product = None
        if product is not None:
            # Only a product the shop sells says where it is (no other company's stock for anyone).
            template = product.sudo().product_tmpl_id
            needs = {product.id: 1.0} if template.is_published and template.marketplace_catalog else {}
        else:
            order = request.website.sale_get_order() if request else self.env["sale.order"]
            needs = order._marketplace_collect_needs() if order else {}
        ranked = self._marketplace_pickup_stores(self._marketplace_position(partner_address))
        available = self._marketplace_pickup_stock(needs)
        whole = {store_id for store_id, stock in available.items()
                 if all(stock.get(product_id, 0) >= qty for product_id, qty in needs.items())}
        chosen = ranked[:self._marketplace_pickup_limit]
        chosen += [row for row in ranked[self._marketplace_pickup_limit:] if row[0] in whole][
            :self._marketplace_pickup_with_stock]
        stores = self.env["stock.warehouse"].sudo().browse(store_id for store_id, _distance in chosen)
        return [store._marketplace_pickup_location(distance, {
            "in_stock": store.id in whole,
            "show_quantity": False,
            "quantity": 0,
        }) for store, (_store_id, distance) in zip(stores, chosen, strict=True)]

    @api.model
    def _marketplace_position(self, partner_address):
        """(latitude, longitude) of the customer's address or postcode (offline table), or None."""
        if partner_address.partner_latitude or partner_address.partner_longitude:
            return partner_address.partner_latitude, partner_address.partner_longitude
        found = self.env["marketplace.postcode"]._marketplace_lookup(partner_address.zip, partner_address.city)
        return (found["latitude"], found["longitude"]) if found else None

    @api.model
    def _marketplace_pickup_stores(self, position):
        """The open stores offering click & collect, nearest first: ``[(store_id, km or None)]``."""
        Warehouse = self.env["stock.warehouse"].sudo()
        Warehouse.flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["partner_latitude", "partner_longitude"])
        pickup = Warehouse.with_context(active_test=False)._search(Warehouse._marketplace_pickup_domain())
        rows = self.env.execute_query(SQL(
            """SELECT w.id, p.partner_latitude, p.partner_longitude
                 FROM stock_warehouse w JOIN res_partner p ON p.id = w.partner_id
                WHERE w.id IN %s""", pickup.subselect()))
        ranked = []
        for store_id, lat, lon in rows:
            distance = haversine_km(*position, lat, lon) if position and (lat or lon) else None
            ranked.append((store_id, distance))
        ranked.sort(key=lambda row: (row[1] is None, row[1] or 0.0, row[0]))
        return ranked

    @api.model
    def _marketplace_pickup_stock(self, needs):
        """``{store_id: {product_id: qty}}`` published by the open click & collect shops of the
        products of ``needs``: routing's own candidates, one query."""
        if not needs:
            return {}
        candidates = self.env["sale.order"]._marketplace_candidates(list(needs), "collect")
        return {store_id: stock for store_id, (stock, _coords, _rate) in candidates.items()}
