"""18.0.1.2.0: publication follows the catalogue. The catalogue models already on the shop were
put there by the hub: they are validated, so that the scheduled action keeps them on it while a
store has them."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    env.cr.execute(
        """UPDATE product_template SET marketplace_validated = TRUE
            WHERE marketplace_catalog AND is_published AND marketplace_validated IS NOT TRUE"""
    )
