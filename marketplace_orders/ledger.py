"""The customer order's payment ledger: pure figures, no database (``sale.order._marketplace_ledger``
fills it from the order, its legs and its payment transactions, and decides every capture and
void from it).

Rules (README › Payment): captured + voided + held = authorised; what is captured is the
VAT-included value of what left the stores, plus the delivery fee and services once, minus the
discounts once (spread over the goods); money stays authorised exactly for what is still to be
served; when nothing is left to serve, nothing stays authorised.
"""
from dataclasses import dataclass


def round_cents(amount, digits=2):
    return round(amount + 0.0, digits)


@dataclass
class Ledger:
    """One customer order's money, to the cent (``digits`` decimals)."""

    authorised: float = 0.0
    captured: float = 0.0
    voided: float = 0.0
    refunded: float = 0.0
    # Goods (routed lines, VAT included): ordered, still to serve (with a store or waiting for
    # one), left the stores, cancelled.
    goods_ordered: float = 0.0
    goods_open: float = 0.0
    goods_shipped: float = 0.0
    goods_cancelled: float = 0.0
    # Lines no store ships: delivery fee and services (positive), discounts (negative).
    fees: float = 0.0
    discounts: float = 0.0
    # What shipped legs have not had captured yet (a failed capture, a payment that came late),
    # the hub's own products delivered not captured yet included.
    shipped_uncaptured: float = 0.0
    # The hub's own products (delivered from its warehouse): delivered, and captured so far.
    hub_goods_shipped: float = 0.0
    hub_goods_captured: float = 0.0
    digits: int = 2

    # ------------------------------------------------------------- figures
    @property
    def held(self):
        """Still authorised: neither captured nor voided."""
        return max(round_cents(self.authorised - self.captured - self.voided, self.digits), 0.0)

    @property
    def goods_live(self):
        """Goods the customer still gets (shipped or to serve)."""
        return round_cents(self.goods_shipped + self.goods_open, self.digits)

    def discount_share(self, goods):
        """The part of the discounts that goes with ``goods`` (pro rata of the goods ordered)."""
        if not self.discounts or not self.goods_ordered:
            return 0.0
        return round_cents(self.discounts * goods / self.goods_ordered, self.digits)

    def leg_discount_share(self, leg_goods):
        """The discounts' share of a shipped leg's goods (``leg_goods``, among the goods shipped),
        rounded so that the shares of the legs add up to the share of their sum to the cent:
        the share of the goods shipped up to this leg's, less that of those before it."""
        before = max(round_cents(self.goods_shipped - leg_goods, self.digits), 0.0)
        return round_cents(self.discount_share(before + leg_goods) - self.discount_share(before), self.digits)

    @property
    def due(self):
        """What the customer pays in the end for what it still gets: the live goods, the fees
        once (nothing when no goods are left), the discounts' share of the live goods."""
        if self.goods_ordered and not self.goods_live:
            return 0.0
        if self.goods_live >= self.goods_ordered:
            discount = self.discounts
        else:
            discount = self.discount_share(self.goods_live)
        return max(round_cents(self.goods_live + self.fees + discount, self.digits), 0.0)

    @property
    def to_keep(self):
        """What must stay authorised: what is due and not captured yet (never more than held)."""
        return min(max(round_cents(self.due - self.captured, self.digits), 0.0), self.held)

    @property
    def to_void(self):
        """Authorised for nothing any more: void it."""
        return max(round_cents(self.held - self.to_keep, self.digits), 0.0)

    def capture_amount(self, leg_goods, last):
        """What a leg whose goods (``leg_goods``, VAT included) left the store captures: its
        goods, its share of the discounts and, for the first capture, the fees; the ``last`` one
        (nothing else to serve or to capture after it) takes what is left of what is due, so
        that the captures add up to it to the cent. Never more than what is held."""
        if last:
            amount = self.due - self.captured
        else:
            amount = leg_goods + self.leg_discount_share(leg_goods) + (self.fees if not self.captured else 0.0)
        return min(max(round_cents(amount, self.digits), 0.0), self.held)

    def check(self):
        """The invariants that hold after any sequence of actions: the list of those broken."""
        errors = []
        eps = 10 ** -self.digits / 2
        if self.captured > self.authorised + eps:
            errors.append(f"captured {self.captured} > authorised {self.authorised}")
        if abs(self.captured + self.voided + self.held - self.authorised) > eps and self.authorised:
            errors.append(f"captured {self.captured} + voided {self.voided} + held {self.held} "
                          f"!= authorised {self.authorised}")
        if self.refunded > self.captured + eps:
            errors.append(f"refunded {self.refunded} > captured {self.captured}")
        return errors
