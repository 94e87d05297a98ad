"""Pure helpers of the routing: no database, no environment (tested on their own)."""


def store_rank(store, distances, loads, reliability=None):
    """Sort key of a store among equals: nearest first (stores without a distance last), then the
    member that accepts most of its orders (``reliability``: {store: acceptance rate}), then the
    least loaded, then the oldest store."""
    distance = distances.get(store)
    rate = (reliability or {}).get(store, 100.0)
    return (distance is None, distance or 0.0, -rate, loads.get(store, 0), store)


def tied_stores(stock, distances, reliability=None, among=None):
    """The stores of ``stock`` that share their distance and acceptance rate with another one
    (with one of ``among``, when given): the only ones whose load can change the ranking
    (``store_rank``)."""
    groups = {}
    for store in stock:
        groups.setdefault((distances.get(store), (reliability or {}).get(store, 100.0)), []).append(store)
    wanted = None if among is None else set(among)
    return [store for stores in groups.values()
            if len(stores) > 1 and (wanted is None or wanted.intersection(stores)) for store in stores]


def servable(needs, stock):
    """Units of ``needs`` ({product: qty}) that ``stock`` ({product: qty}) can serve."""
    return {product: min(qty, stock.get(product, 0)) for product, qty in needs.items() if stock.get(product, 0) > 0}


def plan_routing(needs, stock, distances, loads, whole_order_first=True, reliability=None):
    """Split ``needs`` ({product: qty}) among stores.

    ``stock`` is ``{store: {product: qty}}`` (what each candidate store publishes), ``distances``
    ``{store: km or None}`` and ``loads`` ``{store: open orders}``. The nearest store that can serve
    the whole order wins (when ``whole_order_first``); otherwise stores are taken one after the
    other, the one serving most of what is left first (the fewest stores), nearest first among
    equals, then the member accepting most of its orders (``reliability``), then the least
    loaded. Without ``whole_order_first`` the nearest stores serve what they can, one after the
    other (faster parcels, more of them).

    Returns ``(legs, missing)``: ``legs`` a list of ``(store, {product: qty})`` in the order chosen,
    ``missing`` ``{product: qty}`` that no store can serve."""
    remaining = {product: qty for product, qty in needs.items() if qty > 0}
    if not remaining:
        return [], {}
    candidates = {store: dict(products) for store, products in stock.items()}
    if whole_order_first:
        whole = [store for store, products in candidates.items()
                 if all(products.get(product, 0) >= qty for product, qty in remaining.items())]
        if whole:
            store = min(whole, key=lambda s: store_rank(s, distances, loads, reliability))
            return [(store, remaining)], {}
    legs = []
    while remaining and candidates:
        def coverage(store):
            return sum(servable(remaining, candidates[store]).values()) if whole_order_first else 0
        best = min(candidates, key=lambda s: (-coverage(s), -bool(servable(remaining, candidates[s])),
                                              store_rank(s, distances, loads, reliability)))
        take = servable(remaining, candidates.pop(best))
        if not take:
            break  # the best candidate serves nothing: none does
        legs.append((best, take))
        for product, qty in take.items():
            remaining[product] -= qty
            if not remaining[product]:
                del remaining[product]
    return legs, remaining
