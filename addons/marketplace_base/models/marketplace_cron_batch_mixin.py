import threading

from odoo import api, models
from odoo.tools import SQL


class MarketplaceCronBatchMixin(models.AbstractModel):
    _name = "marketplace.cron.batch.mixin"
    _description = "Batched Scheduled Action"

    # ---------------------------------------------------------------- business
    @api.model
    def _marketplace_cron_batches(self, domain, process, batch_size=500, lock="NO KEY UPDATE", commit=True):
        """Run ``process(records)`` on the records matching ``domain``, batch after batch, in the
        shape of Odoo's own batched crons (``_notify_progress``): each batch is locked with SKIP
        LOCKED, so that two workers running the same cron share the work instead of doing it
        twice, and committed (outside tests), so that what is done stays done, as
        ``res.users.deletion`` does. A record is processed once per run even if ``process`` leaves
        it matching ``domain``. ``commit=False`` in a job: queue_job forbids a commit (the job's
        lock would go), the job commits its whole work. Returns the number of records processed."""
        remaining = self.search_count(domain)
        done = 0
        auto_commit = commit and not getattr(threading.current_thread(), "testing", False)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        seen = []
        while remaining:
            query = self._search([*domain, ("id", "not in", seen)], limit=batch_size, order="id")
            # execute_query flushes pending writes before reading the rows.
            rows = self.env.execute_query(SQL("%s FOR %s SKIP LOCKED", query.select(), SQL(lock)))
            records = self.browse(row[0] for row in rows)
            if not records:
                break
            seen.extend(records.ids)
            process(records)
            done += len(records)
            remaining = max(remaining - len(records), 0)
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if auto_commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return done
