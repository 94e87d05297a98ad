"""Locust load test of the peak hour (DESIGN.md, *Peak hour*), run by scripts/load.

Each user class is one kind of traffic, at its share of the peak hour's rates, scaled by
MKT_LOAD_SCALE (1 = the whole network's peak hour):
- visitors: shop page, product pages, pick-up lists (≈ 100 page views/s);
- shops' software: delta stock feeds of ~20 lines over XML-RPC with the member's API key
  (1,600 shops every 5 minutes ≈ 5.3/s);
- members: accepting and shipping their orders with their API key (≈ 4 actions/s);
- animators: the control room's columns (20 animators, a refresh every 10 s);
- customers: checkouts paid with the demo provider, home delivery or click & collect (≈ 2/s);
- registers: tickets sold at the counter, sent as the Point of Sale sends them (≈ 4.4/s).
Each kind gets as many users as its rate needs (one action a second at most each), each user
paced to the kind's exact rate.

Settings (environment): MKT_URL, MKT_DB, MKT_LOAD_SCALE, MKT_LOAD_NETWORK (the file
scripts/lib/load_setup.py wrote: members, customers, registers, the shop's carriers), or without
it MKT_MEMBERS (login:password:store:API key or password,...) on the demo; MKT_ANIMATORS (login:password,...)."""
import json
import math
import os
import random
import re
import threading
import uuid
import xmlrpc.client
from datetime import UTC, datetime

from locust import HttpUser, between, constant_throughput, events, task

URL = os.environ.get("MKT_URL", "http://localhost:8069")
DB = os.environ.get("MKT_DB", "marketplace_demo")
SCALE = float(os.environ.get("MKT_LOAD_SCALE", "0.1"))
NETWORK = json.loads(open(os.environ["MKT_LOAD_NETWORK"]).read()) if os.environ.get("MKT_LOAD_NETWORK") else {}  # noqa: SIM115,PTH123
MEMBERS = [(m["login"], m["password"], m["store"], m["key"]) for m in NETWORK.get("members", [])] or [
    tuple(item.split(":")) for item in os.environ.get(
        "MKT_MEMBERS", "martin:martin:A001-01:martin,dubois:dubois:A003-01:dubois,nantais:nantais:A004-01:nantais",
    ).split(",")]
ANIMATORS = [tuple(item.split(":")) for item in os.environ.get("MKT_ANIMATORS", "claire:claire").split(",")]
# A store on Odoo's Point of Sale keeps its stock in Odoo: no shop software feeds it.
REGISTER_STORES = {register["store"] for register in NETWORK.get("registers", [])}
FED = [member for member in MEMBERS if member[2] not in REGISTER_STORES]
# Members working orders in the run: Odoo hashes a password or key (600,000 rounds) at a login and
# at the first call of a user in each worker, once a day for a real member; a few minutes' run
# over every member would measure little else.
WORKING = MEMBERS[:int(os.environ.get("MKT_LOAD_WORKING_MEMBERS", "10"))]

# Peak-hour rates of the whole network, per second.
RATES = {"visitor": 100.0, "feed": 5.3, "member": 4.0, "checkout": 2.0, "register": 4.4}


def users_for(kind):
    """Users of a kind at this scale: enough for one action a second each at most."""
    return max(1, math.ceil(RATES[kind] * SCALE))


def paced(kind):
    """Each user's pace, so that the kind's users together hold its rate exactly."""
    return constant_throughput(RATES[kind] * SCALE / users_for(kind))

FEEDS_LOG = os.environ.get("MKT_LOAD_FEEDS_LOG")  # what the shops' software sent, for the books check

_catalogue = {}
_lock = threading.Lock()


def utc_now():
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def catalogue():
    """Published catalogue products (their page and id) and barcodes, read once."""
    with _lock:
        if not _catalogue:
            common = xmlrpc.client.ServerProxy(f"{URL}/xmlrpc/2/common")
            login, password, _store, _key = MEMBERS[0]
            uid = common.authenticate(DB, login, password, {})
            models = xmlrpc.client.ServerProxy(f"{URL}/xmlrpc/2/object", allow_none=True)
            # The shop's published catalogue models; any published product while there is none.
            templates = []
            for domain in ([("marketplace_catalog", "=", True)], []):
                templates = templates or models.execute_kw(
                    DB, uid, password, "product.template", "search_read",
                    [[*domain, ("is_published", "=", True), ("sale_ok", "=", True)]],
                    {"fields": ["website_url", "product_variant_id"], "limit": 200})
            variants = models.execute_kw(
                DB, uid, password, "product.product", "search_read",
                [[("product_tmpl_id.marketplace_catalog", "=", True), ("barcode", "!=", False)]],
                {"fields": ["barcode"], "limit": 2000})
            _catalogue.update(pages=[t["website_url"] for t in templates if t["website_url"]],
                              products=[t["product_variant_id"][0] for t in templates if t["product_variant_id"]],
                              barcodes=[v["barcode"] for v in variants])
    return _catalogue


class RpcUser(HttpUser):
    """A user calling the hub over XML-RPC through Locust's HTTP client (timed and counted)."""

    abstract = True

    def rpc(self, name, service, method, *args):
        body = xmlrpc.client.dumps(args, method, allow_none=True)
        with self.client.post(f"/xmlrpc/2/{service}", data=body, name=name, catch_response=True,
                              headers={"Content-Type": "text/xml"}) as response:
            try:
                result = xmlrpc.client.loads(response.content, use_builtin_types=True)[0][0]
            except xmlrpc.client.Fault as fault:
                response.failure(fault.faultString.strip().splitlines()[-1][:200])
                return None
            except Exception as error:  # noqa: BLE001 - reported to Locust
                response.failure(f"{type(error).__name__}: {error}")
                return None
            return result

    def call(self, name, model, method, *args, **kwargs):
        return self.rpc(name, "object", "execute_kw", DB, self.uid, self.password, model, method, list(args), kwargs)

    def login(self, login, password):
        self.password = password
        self.uid = self.rpc("login", "common", "authenticate", DB, login, password, {})


class WebUser(HttpUser):
    """A user of Odoo's web client (or the Point of Sale's screen): logged in once, then JSON-RPC
    calls on the session, as the browser makes them."""

    abstract = True

    def web_login(self, client, login, password):
        return self.jsonrpc(client, "login", "/web/session/authenticate",
                            {"db": DB, "login": login, "password": password})

    def jsonrpc(self, client, name, path, params):
        with client.post(path, name=name, catch_response=True,
                         json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}) as response:
            try:
                body = response.json()
            except ValueError:
                response.failure(f"not JSON: {response.text[:200]}")
                return None
            if body.get("error"):
                response.failure(str(body["error"].get("data", {}).get("message") or body["error"])[:200])
                return None
            return body.get("result")

    def call_kw(self, client, name, model, method, *args, **kwargs):
        return self.jsonrpc(client, name, f"/web/dataset/call_kw/{model}/{method}",
                            {"model": model, "method": method, "args": list(args), "kwargs": kwargs})


class Visitor(HttpUser):
    """Product pages, the shop and pick-up lists (one page view a second per user)."""

    weight = users_for("visitor")
    wait_time = paced("visitor")

    @task(6)
    def product_page(self):
        self.client.get(random.choice(catalogue()["pages"]), name="/shop/<product>")

    @task(2)
    def shop(self):
        self.client.get("/shop", name="/shop")

    @task(2)
    def pickup_list(self):
        zip_code = random.choice(("69002", "13001", "33000", "59000", "75011", "44000"))
        self.client.post("/website_sale/get_pickup_locations", name="pick-up list",
                         json={"jsonrpc": "2.0", "method": "call", "id": 1,
                               "params": {"zip_code": zip_code, "product_id": random.choice(catalogue()["products"])}})


class ShopSoftware(RpcUser):
    """A shop's software sending a delta feed of ~20 lines (one every 5 minutes a shop)."""

    weight = users_for("feed")
    wait_time = paced("feed")

    def on_start(self):
        login, _password, self.store, key = random.choice(FED)
        self.login(login, key)  # an integration's API key

    @task
    def delta_feed(self):
        barcodes = random.sample(catalogue()["barcodes"], min(20, len(catalogue()["barcodes"])))
        lines = [{"barcode": barcode, "quantity": random.randint(0, 6)} for barcode in barcodes]
        reference = f"load-{uuid.uuid4().hex[:16]}"
        if FEEDS_LOG:  # before sending: a feed in flight when the run stops is applied all the same
            record = {"store": self.store, "sent": utc_now(), "reference": reference,
                      "lines": [[line["barcode"], line["quantity"]] for line in lines]}
            with _lock, open(FEEDS_LOG, "a") as log:  # noqa: PTH123
                log.write(json.dumps(record) + "\n")
        report = self.call("delta feed (20 lines)", "marketplace.stock.feed", "submit", self.store, lines, "delta",
                           reference)
        if report and report.get("state") == "failed":
            events.request.fire(request_type="CHECK", name="feed failed", response_time=0, response_length=0,
                                exception=Exception(report.get("error")))


class Member(RpcUser):
    """Members working their orders: accept what is assigned, ship what is accepted (or make it
    ready for its customer), over XML-RPC with their API key as scripts/marketplace-client does
    (the web client's calls cost the same once logged in; a login hashes the password, 600,000
    rounds, once a day a member). Each action is a member of the network's, in turn."""

    weight = users_for("member")
    wait_time = paced("member")

    def on_start(self):
        self.uids = {}

    @task
    def work_orders(self):
        login, _password, _store, key = random.choice(WORKING)
        if login not in self.uids:
            self.login(login, key)
            self.uids[login] = self.uid
        self.uid, self.password = self.uids[login], key
        orders = self.call("member: my orders", "marketplace.order", "search_read",
                           [("state", "in", ("assigned", "accepted"))], fields=["state", "fulfilment"], limit=5) or []
        for order in orders[:1]:
            if order["state"] == "assigned":
                self.call("member: accept", "marketplace.order", "action_accept", [order["id"]])
            elif order["fulfilment"] == "collect":  # waits for its customer at the counter
                self.call("member: ready for pick-up", "marketplace.order", "action_ready", [order["id"]])
            else:
                self.call("member: ship", "marketplace.order", "marketplace_ship", [order["id"]],
                          f"6A{random.randint(10**9, 10**10 - 1)}")


class Animator(WebUser):
    """The control room's columns and first cards, refreshed every 10 seconds."""

    weight = max(1, round(20 * SCALE))
    wait_time = between(9, 11)

    def on_start(self):
        login, password = random.choice(ANIMATORS)
        self.web_login(self.client, login, password)

    @task
    def control_room(self):
        self.call_kw(self.client, "control room: columns", "marketplace.order", "read_group",
                     [("state", "not in", ("delivered", "collected", "cancelled"))], ["state"], ["state"], lazy=True)
        self.call_kw(self.client, "control room: cards", "marketplace.order", "search_read",
                     [("state", "=", "assigned")], fields=["name", "store_id", "accept_deadline", "state"], limit=40)


class Customer(WebUser):
    """A customer logged in on the shop buys a pair: cart, home delivery or click & collect at
    the nearest shop of the pick-up list that has it, the demo provider authorising the amount, the payment's
    post-processing confirming (and routing) the order as the customer's browser triggers it."""

    abstract = not NETWORK  # without the load network: no customer, no register
    weight = users_for("checkout")
    wait_time = paced("checkout")

    def on_start(self):
        self.customer = random.choice(NETWORK["customers"])
        self.web_login(self.client, self.customer["login"], self.customer["password"])

    def json(self, name, path, params):
        return self.jsonrpc(self.client, name, path, params)

    def home_delivery(self):
        self.json("checkout: home delivery", "/shop/set_delivery_method", {"dm_id": NETWORK["shop"]["home_carrier_id"]})
        # Delivered home, not to the shop of an earlier click & collect (Odoo keeps that address).
        self.json("checkout: my address", "/shop/update_address",
                  {"partner_id": self.customer["partner_id"], "address_type": "delivery"})

    @task
    def checkout(self):
        shop = NETWORK["shop"]
        cart = self.json("checkout: add to cart", "/shop/cart/update_json",
                         {"product_id": random.choice(NETWORK["in_stock"]), "add_qty": 1})
        if not cart or not cart.get("cart_quantity"):
            events.request.fire(request_type="CHECK", name="checkout: sold out meanwhile", response_time=0,
                                response_length=0, exception=None)
            return
        if random.random() < 0.4:
            self.json("checkout: click & collect", "/shop/set_delivery_method", {"dm_id": shop["collect_carrier_id"]})
            found = self.json("checkout: pick-up list", "/website_sale/get_pickup_locations",
                              {"zip_code": self.customer["zip"]}) or {}
            locations = [location for location in found.get("pickup_locations") or []
                         if location.get("additional_data", {}).get("in_store_stock", {}).get("in_stock")]
            if not locations:  # no shop of the list has the pair: delivered instead
                events.request.fire(request_type="CHECK", name="checkout: no shop near has it",
                                    response_time=0, response_length=0, exception=None)
                self.home_delivery()
            else:
                self.json("checkout: choose the shop", "/shop/set_click_and_collect_location",
                          {"pickup_location_data": json.dumps({"id": locations[0]["id"]})})
        else:
            self.home_delivery()
        page = self.client.get("/shop/payment", name="checkout: payment page")
        route = re.search(r'data-transaction-route="(/shop/payment/transaction/\d+)"', page.text)
        token = re.search(r'data-access-token="([^"]+)"', page.text)
        amount = re.search(r'data-amount="([^"]+)"', page.text)
        if not (route and token and amount):
            events.request.fire(request_type="CHECK", name="checkout: payment page", response_time=0,
                                response_length=0, exception=Exception(f"no payment form at {page.url}"))
            return
        processing = self.json("checkout: transaction", route.group(1), {
            "provider_id": shop["provider_id"], "payment_method_id": shop["payment_method_id"], "token_id": None,
            "amount": float(amount.group(1)), "flow": "direct", "tokenization_requested": False,
            "landing_route": "/shop/payment/validate", "is_validation": False, "access_token": token.group(1)})
        if not processing:
            return
        self.json("checkout: pay (demo provider)", "/payment/demo/simulate_payment",
                  {"reference": processing["reference"], "payment_details": "4242", "simulated_state": "done"})
        status = self.json("checkout: confirm (post-processing)", "/payment/status/poll", {})
        if status and status.get("state") != "authorized":
            events.request.fire(request_type="CHECK", name="checkout: payment state", response_time=0,
                                response_length=0, exception=Exception(f"payment {status.get('state')}"))
        self.client.get("/shop/payment/validate", name="checkout: confirmation page")


class Register(WebUser):
    """A register at the counter sending its ticket (one or two pairs, paid in cash) as the Point
    of Sale's screen sends it: ``pos.order.sync_from_ui`` on the cashier's session."""

    abstract = not NETWORK  # without the load network: no customer, no register
    weight = users_for("register")
    wait_time = paced("register")
    _next = [0]

    def on_start(self):
        with _lock:
            self.register = NETWORK["registers"][self._next[0] % len(NETWORK["registers"])]
            self._next[0] += 1
        session = self.web_login(self.client, self.register["login"], self.register["password"]) or {}
        self.uid = session.get("uid")
        self.sequence = random.randint(1000, 10**6)

    @task
    def ticket(self):
        register = self.register
        # The cashier sells pairs on the shelf: not sold, not set aside for an online order.
        offered = random.sample(register["products"], 6)
        shelf = self.call_kw(self.client, "register: stock", "product.product", "search_read",
                             [("id", "in", [p["id"] for p in offered])], fields=["free_qty"],
                             context={"warehouse_id": register["warehouse_id"]}) or []
        there = {row["id"] for row in shelf if row["free_qty"] >= 1}
        products = [p for p in offered if p["id"] in there][:random.choice((1, 1, 2))]
        if not products:
            return
        self.sequence += 1
        lines = [[0, 0, {
            "product_id": product["id"], "qty": 1, "price_unit": product["price"], "discount": 0,
            "price_subtotal": product["excluded"], "price_subtotal_incl": product["included"],
            "tax_ids": [[6, 0, product["tax_ids"]]], "pack_lot_ids": [],
        }] for product in products]
        total = round(sum(p["included"] for p in products), 2)
        now = utc_now()
        ticket_uuid = str(uuid.uuid4())
        order = {
            "uuid": ticket_uuid, "name": f"Order {ticket_uuid}", "session_id": register["session_id"],
            "sequence_number": self.sequence, "user_id": self.uid, "partner_id": False,
            "pricelist_id": register["pricelist_id"], "fiscal_position_id": False, "date_order": now,
            "lines": lines, "amount_total": total, "amount_paid": total, "amount_return": 0,
            "amount_tax": round(total - sum(p["excluded"] for p in products), 2),
            "payment_ids": [[0, 0, {"amount": total, "name": now, "payment_method_id": register["payment_method_id"]}]],
            "to_invoice": False, "last_order_preparation_change": "{}",
        }
        self.call_kw(self.client, "register: ticket", "pos.order", "sync_from_ui", [order])


@events.quitting.add_listener
def _report(environment, **_kwargs):
    """Per request type: rate, p50, p95 and failures, as JSON on stdout for scripts/load."""
    stats = environment.stats
    rows = {name: {"requests": entry.num_requests, "failures": entry.num_failures,
                   "rate_per_s": round(entry.total_rps, 2), "p50_ms": entry.get_response_time_percentile(0.5),
                   "p95_ms": entry.get_response_time_percentile(0.95)}
            for (name, _method), entry in stats.entries.items()}
    print("LOAD-REPORT " + json.dumps(rows))  # noqa: T201  # pylint: disable=print-used
