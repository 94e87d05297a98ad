"""Full stock feeds of random good and bad lines (issue 18, case 1): every size a line names
keeps (bad line) or gets (good line, the first for its size) its quantity; only the catalogue
sizes no line names go to zero — and none when a line names no size at all (it could be any).
``MKT_FEED_EXAMPLES=N`` runs a longer search than CI's fixed seed."""
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon

EXAMPLES = int(os.environ.get("MKT_FEED_EXAMPLES", "25"))
BAD_QUANTITIES = ["2,5", -1, 501, None, "abc", 1.5, "", [3], {"q": 1}]

# A feed line as the strategy draws it: (kind, size index, value).
LINES = st.one_of(
    st.tuples(st.just("good"), st.integers(0, 3), st.integers(0, 50)),
    st.tuples(st.just("bad"), st.integers(0, 3), st.sampled_from(BAD_QUANTITIES)),
    st.tuples(st.just("unknown"), st.just(0), st.integers(0, 9)),
    st.tuples(st.just("unnamed"), st.just(0), st.sampled_from(["no reference", "not a record"])),
)


@tagged("post_install", "-at_install")
class TestFullFeedFuzz(CatalogCommon, TransactionCase):

    def submit(self, lines, mode):
        Feed = self.env["marketplace.stock.feed"].with_user(self.user_lyon)
        return Feed.submit(self.store_lyon.marketplace_store_code, lines, mode=mode)

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 50, database=None,
              suppress_health_check=list(HealthCheck))
    @given(initial=st.lists(st.integers(0, 10), min_size=4, max_size=4), drawn=st.lists(LINES, max_size=8))
    def test_full_feed_keeps_every_named_size(self, initial, drawn):
        sizes = [self.v38, self.v39, self.v40, self.v405]
        self.submit([{"barcode": size.barcode, "quantity": qty} for size, qty in zip(sizes, initial, strict=True)],
                    "delta")
        lines, expected, named, unnamed = [], {}, set(), False
        for kind, index, value in drawn:
            size = sizes[index]
            if kind == "good":
                lines.append({"barcode": size.barcode, "quantity": value})
                expected.setdefault(size, value)
            elif kind == "bad":
                line = {"barcode": size.barcode}
                if value is not None:
                    line["quantity"] = value
                lines.append(line)
                named.add(size)
            elif kind == "unknown":
                lines.append({"barcode": "2009999999995", "quantity": value})
            else:
                lines.append({"quantity": 3} if value == "no reference" else value)
                unnamed = True
        report = self.submit(lines, "full")
        for size, before in zip(sizes, initial, strict=True):
            if size in expected:
                want = expected[size]
            elif size in named or unnamed:
                want = before
            else:
                want = 0
            self.assertEqual(self.store_qty(self.store_lyon, size), want,
                             f"{size.display_name}: {before} before, feed {lines}, report {report}")
