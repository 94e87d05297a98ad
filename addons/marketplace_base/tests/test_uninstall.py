from odoo.tests import TransactionCase, tagged

from .. import uninstall_hook


@tagged("post_install", "-at_install")
class TestUninstall(TransactionCase):

    def test_warehouse_rule_restored(self):
        """marketplace_base widens stock's multi-company rule on warehouses to the marketplace's
        stores; uninstalling it gives stock its own rule back."""
        rule = self.env.ref("stock.stock_warehouse_comp_rule")
        self.assertIn("marketplace_store", rule.domain_force)
        uninstall_hook(self.env)
        self.assertEqual(rule.domain_force, "[('company_id', 'in', company_ids)]")
