from datetime import datetime

from odoo.tests import HttpCase, tagged

from .common import SettlementCommon


@tagged("post_install", "-at_install")
class TestDashboardTour(SettlementCommon, HttpCase):
    """Issue 22, item 6, in Chromium: the reporting dashboard draws its figures."""

    def test_an_animator_opens_the_dashboard(self):
        self.sold({self.v38: 1}, datetime(2026, 10, 5, 10))
        action = self.env.ref("marketplace_commission.action_marketplace_dashboard")
        self.start_tour(f"/odoo/action-{action.id}", "marketplace_dashboard", login=self.animator_user.login)
