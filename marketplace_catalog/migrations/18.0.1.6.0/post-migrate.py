"""18.0.1.6.0: the registers' categories mirror the nomenclature; a stock feed, an import or an
export whose job ended without doing its work (failed, cancelled, set done by hand) is failed,
where it stayed queued before: the store's later feeds no longer wait behind it."""
from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    waiting = env["marketplace.stock.feed"].search([("state", "=", "queued"), ("job_uuid", "!=", False)])
    env["queue.job"].search([
        "|",
        "&", ("uuid", "in", waiting.mapped("job_uuid")), ("state", "in", ("done", "failed", "cancelled")),
        "&", ("model_name", "in", ("marketplace.catalog.import", "marketplace.catalog.export")),
        ("state", "in", ("failed", "cancelled")),
    ])._marketplace_notify_ended()
    # The registers' categories follow the nomenclature.
    env["product.template"].with_context(active_test=False).search(
        [("marketplace_catalog", "=", True)])._marketplace_sync_category_mirrors()
