import base64
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from .common import CatalogCommon


@tagged("post_install", "-at_install")
class TestStockFeed(CatalogCommon, TransactionCase):

    def submit(self, store, lines, user=None, **kwargs):
        Feed = self.env["marketplace.stock.feed"].with_user(user or self.user_lyon)
        return Feed.submit(store.marketplace_store_code, lines, **kwargs)

    def test_mixed_feed(self):
        report = self.submit(self.store_lyon, [
            {"barcode": self.v38.barcode, "quantity": 5},          # 1 good
            {"default_code": self.v39.default_code, "quantity": "3"},  # 2 good, by internal reference
            {"barcode": "2009999999995", "quantity": 4},            # 3 unknown
            {"barcode": self.v40.barcode, "quantity": -2},          # 4 negative
            {"barcode": self.v405.barcode, "quantity": 100000},     # 5 absurd
            {"barcode": self.v40.barcode, "quantity": 2.5},         # 6 fractional
            {"barcode": self.v40.barcode, "quantity": "beaucoup"},  # 7 not a number
            {"barcode": self.v38.barcode, "quantity": 9},           # 8 duplicate of line 1
            {"quantity": 1},                                        # 9 no reference
            "not a line",                                           # 10 malformed
        ])
        self.assertEqual(
            {k: report[k] for k in ("lines", "applied", "unchanged", "unknown", "rejected", "zeroed", "flagged")},
            {"lines": 10, "applied": 2, "unchanged": 0, "unknown": 1, "rejected": 7, "zeroed": 0, "flagged": 0},
        )
        reasons = {issue["line"]: (issue["status"], issue["reason"]) for issue in report["issues"]}
        self.assertEqual(reasons, {
            3: ("ignored", "unknown"),
            4: ("rejected", "negative"),
            5: ("rejected", "above_ceiling"),
            6: ("rejected", "fractional"),
            7: ("rejected", "not_a_number"),
            8: ("rejected", "duplicate"),
            9: ("rejected", "no_reference"),
            10: ("rejected", "malformed"),
        })
        self.assertTrue(all(issue["message"] for issue in report["issues"]))
        # Good lines applied through inventory moves named after the feed.
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 5)
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 3)
        self.assertEqual(self.store_qty(self.store_lyon, self.v40), 0)
        moves = self.env["stock.move"].search([("origin", "=", report["name"])])
        self.assertEqual(len(moves), 2)
        self.assertTrue(all(m.state == "done" and m.is_inventory for m in moves))
        self.assertEqual(moves.company_id, self.member_lyon)
        feed = self.env["marketplace.stock.feed"].browse(report["feed_id"])
        self.assertEqual(len(feed.line_ids), 8)
        self.assertEqual(feed.store_id, self.store_lyon)

    def test_delta_then_unchanged(self):
        self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 4}])
        report = self.submit(self.store_lyon, [
            {"barcode": self.v38.barcode, "quantity": 4},
            {"barcode": self.v39.barcode, "quantity": 1},
        ])
        self.assertEqual((report["applied"], report["unchanged"]), (1, 1))
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 4)

    def test_reference_applied_once(self):
        ref = "caisse-2026-11-23-1"
        first = self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 6}], reference=ref)
        again = self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 1}], reference=ref)
        self.assertFalse(first["duplicate"])
        self.assertTrue(again["duplicate"])
        self.assertEqual(again["feed_id"], first["feed_id"])
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 6)
        # The same reference is free for another store.
        other = self.submit(self.store_marseille, [{"barcode": self.v38.barcode, "quantity": 2}],
                            user=self.user_marseille, reference="caisse-2026-11-23-1")
        self.assertFalse(other["duplicate"])

    def test_full_feed_zeroes_this_store_only(self):
        self.submit(self.store_lyon, [
            {"barcode": self.v38.barcode, "quantity": 5}, {"barcode": self.v39.barcode, "quantity": 3},
        ])
        self.submit(self.store_marseille, [{"barcode": self.v39.barcode, "quantity": 7}], user=self.user_marseille)
        report = self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 4}], mode="full")
        self.assertEqual((report["applied"], report["zeroed"]), (1, 1))
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 4)
        self.assertEqual(self.store_qty(self.store_lyon, self.v39), 0)
        self.assertEqual(self.store_qty(self.store_marseille, self.v39), 7)

    def test_full_feed_keeps_the_sizes_of_its_rejected_lines(self):
        """Issue 18, case 1: a rejected (or ambiguous, or withdrawn) line names its size: that size
        keeps its quantity; only catalogue sizes absent from the feed go to zero."""
        self.submit(self.store_lyon, [
            {"barcode": self.v38.barcode, "quantity": 4}, {"barcode": self.v39.barcode, "quantity": 2},
            {"barcode": self.v40.barcode, "quantity": 3}, {"barcode": self.v405.barcode, "quantity": 5},
        ])
        self.v405.sudo().active = False  # withdrawn from the catalogue: unknown to new feeds
        report = self.submit(self.store_lyon, [
            {"barcode": self.v38.barcode, "quantity": 501},
            {"barcode": self.v39.barcode, "quantity": "2,5"},
            {"barcode": self.v40.barcode},
            {"barcode": self.v405.barcode, "quantity": 1},
        ], mode="full")
        self.assertEqual((report["rejected"], report["zeroed"]), (3, 0))
        for product, qty in ((self.v38, 4), (self.v39, 2), (self.v40, 3), (self.v405, 5)):
            self.assertEqual(self.store_qty(self.store_lyon, product), qty, product.display_name)

    def test_jump_applied_and_flagged(self):
        self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 2}])
        report = self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 80}])
        self.assertEqual((report["applied"], report["flagged"]), (1, 1))
        self.assertEqual(report["issues"][0]["reason"], "jump")
        self.assertEqual(self.store_qty(self.store_lyon, self.v38), 80)
        feed = self.env["marketplace.stock.feed"].browse(report["feed_id"])
        self.assertIn("80", feed.line_ids.message)
        message = feed.message_ids.filtered(lambda m: "jumped" in (m.body or ""))
        self.assertTrue(message)
        # The member's users and the animators are told; the other member is not.
        self.assertIn(self.user_lyon.partner_id, message.partner_ids)
        self.assertIn(self.animator_user.partner_id, message.partner_ids)
        self.assertNotIn(self.user_marseille.partner_id, message.partner_ids)

    def test_availability(self):
        self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 3}])
        self.submit(self.store_marseille, [{"barcode": self.v38.barcode, "quantity": 2}], user=self.user_marseille)
        stores = self.store_lyon | self.store_marseille
        Warehouse = self.env["stock.warehouse"]
        self.assertEqual(stores._marketplace_available_qty(self.v38 | self.v39),
                         {(self.store_lyon.id, self.v38.id): 3, (self.store_marseille.id, self.v38.id): 2})
        self.assertEqual(Warehouse._marketplace_network_availability(self.v38 | self.v39), {self.v38.id: 5})
        # Safety stock: the hub's default, or the store's own.
        self.hub.marketplace_safety_stock = 1
        self.assertEqual(Warehouse._marketplace_network_availability(self.v38), {self.v38.id: 3})
        self.store_marseille.write({"marketplace_own_safety_stock": True, "marketplace_safety_stock": 5})
        self.assertEqual(stores._marketplace_available_qty(self.v38), {(self.store_lyon.id, self.v38.id): 2})
        # A paused store or a suspended member publishes nothing.
        self.store_marseille.write({"marketplace_own_safety_stock": False})
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": "2099-01-01"})
        self.assertEqual(Warehouse._marketplace_network_availability(self.v38), {self.v38.id: 1})
        self.member_marseille.marketplace_state = "suspended"
        self.assertEqual(Warehouse._marketplace_network_availability(self.v38), {})

    def test_availability_follows_the_open_store_domain(self):
        """One definition of an open store: what routing and screens search is what the
        availability query counts (an override of the domain reaches both)."""
        self.submit(self.store_lyon, [{"barcode": self.v38.barcode, "quantity": 3}])
        self.submit(self.store_marseille, [{"barcode": self.v38.barcode, "quantity": 2}], user=self.user_marseille)
        Warehouse = self.env["stock.warehouse"]
        open_domain = Warehouse._marketplace_open_domain()
        self.assertEqual(Warehouse.search(open_domain) & (self.store_lyon | self.store_marseille),
                         self.store_lyon | self.store_marseille)
        no_lyon = [*open_domain, ("id", "!=", self.store_lyon.id)]
        with patch.object(type(Warehouse), "_marketplace_open_domain", lambda self: no_lyon):
            self.assertEqual(Warehouse._marketplace_network_availability(self.v38), {self.v38.id: 2})

    def test_csv_upload(self):
        csv_data = (
            "code barre;quantité\n"
            f"{self.v38.barcode};4\n"
            f"{self.v39.barcode};-1\n"
            "\n"
            f"{self.v40.barcode};2\n"
            f"{self.v405.barcode};{'9' * 200000}\n"
            f"{self.v39.barcode};1\n"
        ).encode("utf-8-sig")
        wizard = self.env["marketplace.stock.feed.upload"].with_user(self.user_lyon).create({
            "store_id": self.store_lyon.id, "file": base64.b64encode(csv_data), "filename": "stock.csv",
        })
        action = wizard.action_submit()
        feed = self.env["marketplace.stock.feed"].browse(action["res_id"])
        self.assertEqual((feed.source, feed.line_count, feed.applied_count, feed.rejected_count), ("csv", 5, 3, 2))
        # The report's line numbers are the file's: the blank line counts.
        self.assertEqual({line.line_number: line.reason for line in feed.line_ids}, {3: "negative", 6: "malformed"})
        self.assertEqual(self.store_qty(self.store_lyon, self.v40), 2)

    def upload(self, csv_data, mode="delta"):
        wizard = self.env["marketplace.stock.feed.upload"].with_user(self.user_lyon).create({
            "store_id": self.store_lyon.id, "file": base64.b64encode(csv_data), "filename": "stock.csv",
            "mode": mode,
        })
        return self.env["marketplace.stock.feed"].browse(wizard.action_submit()["res_id"])

    def test_full_csv_upload_keeps_the_sizes_of_its_unreadable_lines(self):
        """Issue 18, case 1: a full CSV with a stray NUL, or a line the csv module cannot read (a
        cell beyond the field limit), still names those lines' sizes: they keep their quantities;
        a line naming no size at all makes the full feed zero nothing (it could be any size)."""
        self.submit(self.store_lyon, [
            {"barcode": self.v38.barcode, "quantity": 4}, {"barcode": self.v39.barcode, "quantity": 2},
            {"barcode": self.v40.barcode, "quantity": 3}, {"barcode": self.v405.barcode, "quantity": 5},
        ])
        feed = self.upload((
            "code barre;quantité\n"
            f"{self.v38.barcode};4\x00\n"
            f"{self.v39.barcode};{'9' * 200000}\n"
            f"{self.v40.barcode};1\n"
        ).encode(), mode="full")
        self.assertEqual((feed.applied_count, feed.rejected_count, feed.zeroed_count), (1, 2, 1))
        self.assertEqual({line.line_number: (line.reference, line.reason) for line in feed.line_ids},
                         {2: (self.v38.barcode, "not_a_number"), 3: (self.v39.barcode, "malformed")})
        for product, qty in ((self.v38, 4), (self.v39, 2), (self.v40, 1), (self.v405, 0)):
            self.assertEqual(self.store_qty(self.store_lyon, product), qty, product.display_name)
        # A line naming no size: nothing is zeroed, the report says why.
        self.submit(self.store_lyon, [{"barcode": self.v405.barcode, "quantity": 5}])
        feed = self.upload((
            "code barre;quantité\n"
            "\x00;\x00\n"
            f"{self.v40.barcode};2\n"
        ).encode(), mode="full")
        self.assertEqual((feed.applied_count, feed.zeroed_count), (1, 0))
        self.assertEqual(feed.line_ids.reason, "unnamed_full")
        for product, qty in ((self.v38, 4), (self.v39, 2), (self.v40, 2), (self.v405, 5)):
            self.assertEqual(self.store_qty(self.store_lyon, product), qty, product.display_name)

    def test_report_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["marketplace_catalog"], ["fr_FR"], overwrite=True)
        user = self.user_lyon.with_context(lang="fr_FR")
        report = self.env["marketplace.stock.feed"].with_user(user).with_context(lang="fr_FR").submit(
            "T001-01", [{"barcode": self.v38.barcode, "quantity": -1}])
        self.assertEqual(report["issues"][0]["message"], "Une quantité en stock ne peut pas être négative.")
