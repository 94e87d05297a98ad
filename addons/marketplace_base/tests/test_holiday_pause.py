from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MarketplaceCase


@tagged("post_install", "-at_install")
class TestHolidayPause(MarketplaceCase):

    def run_cron(self):
        cron = self.env.ref("marketplace_base.ir_cron_end_holiday_pause")
        cron.method_direct_trigger()

    def test_pause_ends_by_itself(self):
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": date(2026, 8, 15)})
        self.store_marseille.write({"marketplace_paused": True, "marketplace_pause_end": date(2026, 8, 30)})
        with freeze_time("2026-08-15 18:00:00"):
            self.run_cron()
        self.assertTrue(self.store_lyon.marketplace_paused, "the last day of the pause is still paused")
        with freeze_time("2026-08-16 06:00:00"):
            self.run_cron()
        self.assertFalse(self.store_lyon.marketplace_paused)
        self.assertFalse(self.store_lyon.marketplace_pause_end)
        self.assertTrue(self.store_marseille.marketplace_paused)
        with freeze_time("2026-08-16 07:00:00"):
            self.run_cron()  # a second run changes nothing
        self.assertTrue(self.store_marseille.marketplace_paused)
        with freeze_time("2026-09-01 06:00:00"):
            self.run_cron()
        self.assertFalse(self.store_marseille.marketplace_paused)

    def test_batches(self):
        self.store_lyon.write({"marketplace_paused": True, "marketplace_pause_end": date(2026, 8, 1)})
        self.store_marseille.write({"marketplace_paused": True, "marketplace_pause_end": date(2026, 8, 2)})
        with freeze_time("2026-08-10"):
            done = self.env["stock.warehouse"]._cron_marketplace_end_holiday_pause(batch_size=1)
        self.assertEqual(done, 2)
        self.assertFalse((self.store_lyon | self.store_marseille).filtered("marketplace_paused"))

    def test_pause_needs_end_date(self):
        with self.assertRaisesRegex(ValidationError, "last day"):
            self.store_lyon.write({"marketplace_paused": True})
