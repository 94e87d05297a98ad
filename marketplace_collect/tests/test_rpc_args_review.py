"""Issue 18, case 5: the review's wrong inputs to the register's and the shop software's
methods (a NUL in a ticket id, a note or a store code; wizards on the user's own records),
flushed as a request would be."""
import base64

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import RegisterCommon


@tagged("post_install", "-at_install")
class TestReviewRpcArgs(RegisterCommon, TransactionCase):

    def no_traceback(self, call):
        try:
            result = call()
            self.env.flush_all()  # as the end of a request: PostgreSQL sees what was written
        except UserError:
            return None
        self.assertNotIn("None", repr(result))
        return result

    def test_pos_hand_over_ticket_uuid_nul(self):
        self.reserved_at_lyon("REVIEW23")
        Order = self.env["marketplace.order"].with_user(self.user_lyon)
        self.no_traceback(lambda: Order.marketplace_pos_hand_over(self.config.id, "REVIEW23", "tic\x00ket"))

    def test_pos_check_ticket_uuid_nul(self):
        self.reserved_at_lyon("REVIEW24")
        Order = self.env["marketplace.order"].with_user(self.user_lyon)
        self.no_traceback(lambda: Order.marketplace_pos_check_ticket(self.config.id, "t\x00", ["REVIEW24"]))

    def test_pos_check_ticket_uuid_not_text(self):
        self.reserved_at_lyon("REVIEW25")
        Order = self.env["marketplace.order"].with_user(self.user_lyon)
        for uuid in ([1], {"a": 1}, 4.5, "x" * 100000):
            self.no_traceback(lambda uuid=uuid: Order.marketplace_pos_check_ticket(self.config.id, uuid, ["REVIEW25"]))

    def test_refuse_note_nul(self):
        self.set_stock(self.store_lyon, {self.v39: 2})
        order = self.cart({self.v39: 1})
        self.choose(order, self.store_lyon)
        order.action_confirm()
        member_order = order.marketplace_order_ids.with_user(self.user_lyon)
        self.no_traceback(lambda: member_order.marketplace_refuse("other", "note\x00"))

    def test_hand_over_store_code_wrong(self):
        self.reserved_at_lyon("REVIEW26")
        Order = self.env["marketplace.order"].with_user(self.user_lyon)
        for store_code in ([1], {"a": 1}, 4.5, "\x00"):
            self.no_traceback(lambda s=store_code: Order.marketplace_hand_over("REVIEW26", s))

    def test_wizards_on_own_records(self):
        """Wizard action methods on a wizard record the user created (the fuzz test calls them
        on the newest wizard, usually another user's: a refusal)."""
        member_order = self.reserved_at_lyon("REVIEW27")
        Upload = self.env["marketplace.stock.feed.upload"].with_user(self.user_lyon)
        wizard = Upload.create({"store_id": self.store_lyon.id, "file": base64.b64encode(b"a;b"), "mode": "full"})
        self.no_traceback(wizard.action_submit)
        for model, vals in (("marketplace.order.ship", {"order_id": member_order.id, "tracking_ref": " "}),
                            ("marketplace.order.refuse", {"order_ids": [(6, 0, member_order.ids)], "reason": "other"})):
            try:
                wizard = self.env[model].with_user(self.user_lyon).create(vals)
            except UserError:
                continue
            self.no_traceback(wizard.action_confirm)
