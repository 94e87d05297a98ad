"""Locust load test of the peak hour (DESIGN.md, *Peak hour*), run by scripts/load.

Each user class is one kind of traffic, at its share of the peak hour's rates, scaled by
MKT_LOAD_SCALE (1 = the whole network's peak hour):
- visitors: shop page, product pages, pick-up lists (≈ 100 page views/s);
- shops' software: delta stock feeds of ~20 lines (1,600 shops every 5 minutes ≈ 5.3/s);
- members: accepting and shipping their orders (≈ 4 actions/s);
- animators: the control room's columns (20 animators, a refresh every 10 s).
Not yet in the mix: checkouts paid with the demo provider and the registers' Point of Sale orders.

Settings (environment): MKT_URL, MKT_DB, MKT_LOAD_SCALE, MKT_MEMBERS (login:password:store,...),
MKT_ANIMATORS (login:password,...)."""
import json
import os
import random
import threading
import xmlrpc.client

from locust import HttpUser, between, constant_throughput, events, task

URL = os.environ.get("MKT_URL", "http://localhost:8069")
DB = os.environ.get("MKT_DB", "marketplace_demo")
SCALE = float(os.environ.get("MKT_LOAD_SCALE", "0.1"))
MEMBERS = [tuple(item.split(":")) for item in os.environ.get(
    "MKT_MEMBERS", "martin:martin:A001-01,dubois:dubois:A003-01,nantais:nantais:A004-01").split(",")]
ANIMATORS = [tuple(item.split(":")) for item in os.environ.get("MKT_ANIMATORS", "claire:claire").split(",")]

# Peak-hour rates of the whole network, per second.
RATES = {"visitor": 100.0, "feed": 5.3, "member": 4.0, "animator": 2.0}

_catalogue = {}
_lock = threading.Lock()


def catalogue():
    """Published catalogue products (their page and id) and barcodes, read once."""
    with _lock:
        if not _catalogue:
            common = xmlrpc.client.ServerProxy(f"{URL}/xmlrpc/2/common")
            login, password, _store = MEMBERS[0]
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


class Visitor(HttpUser):
    """Product pages, the shop and pick-up lists (one page view a second per user)."""

    weight = max(1, round(RATES["visitor"] * SCALE))
    wait_time = constant_throughput(1)

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

    weight = max(1, round(RATES["feed"] * SCALE))
    wait_time = constant_throughput(1)

    def on_start(self):
        login, password, self.store = random.choice(MEMBERS)
        self.login(login, password)

    @task
    def delta_feed(self):
        barcodes = random.sample(catalogue()["barcodes"], min(20, len(catalogue()["barcodes"])))
        lines = [{"barcode": barcode, "quantity": random.randint(0, 6)} for barcode in barcodes]
        report = self.call("delta feed (20 lines)", "marketplace.stock.feed", "submit", self.store, lines, "delta")
        if report and report.get("state") == "failed":
            events.request.fire(request_type="CHECK", name="feed failed", response_time=0, response_length=0,
                                exception=Exception(report.get("error")))


class Member(RpcUser):
    """A member's user working its orders: accept what is assigned, ship what is accepted."""

    weight = max(1, round(RATES["member"] * SCALE))
    wait_time = constant_throughput(1)

    def on_start(self):
        login, password, _store = random.choice(MEMBERS)
        self.login(login, password)

    @task
    def work_orders(self):
        orders = self.call("member: my orders", "marketplace.order", "search_read",
                           [("state", "in", ("assigned", "accepted"))], fields=["state"], limit=5) or []
        for order in orders[:1]:
            if order["state"] == "assigned":
                self.call("member: accept", "marketplace.order", "action_accept", [order["id"]])
            else:
                self.call("member: ship", "marketplace.order", "marketplace_ship", [order["id"]],
                          f"6A{random.randint(10**9, 10**10 - 1)}")


class Animator(RpcUser):
    """The control room's columns and first cards, refreshed every 10 seconds."""

    weight = max(1, round(20 * SCALE))
    wait_time = between(9, 11)

    def on_start(self):
        login, password = random.choice(ANIMATORS)
        self.login(login, password)

    @task
    def control_room(self):
        self.call("control room: columns", "marketplace.order", "read_group",
                  [("state", "not in", ("delivered", "collected", "cancelled"))], ["state"], ["state"], lazy=True)
        self.call("control room: cards", "marketplace.order", "search_read",
                  [("state", "=", "assigned")], fields=["name", "store_id", "accept_deadline", "state"], limit=40)


@events.quitting.add_listener
def _report(environment, **_kwargs):
    """Per request type: rate, p50, p95 and failures, as JSON on stdout for scripts/load."""
    stats = environment.stats
    rows = {name: {"requests": entry.num_requests, "failures": entry.num_failures,
                   "rate_per_s": round(entry.total_rps, 2), "p50_ms": entry.get_response_time_percentile(0.5),
                   "p95_ms": entry.get_response_time_percentile(0.95)}
            for (name, _method), entry in stats.entries.items()}
    print("LOAD-REPORT " + json.dumps(rows))  # noqa: T201  # pylint: disable=print-used
