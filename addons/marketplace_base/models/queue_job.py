import functools
import logging

from odoo import models
from odoo.addons.queue_job.job import CANCELLED, DONE, FAILED
from odoo.osv import expression
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def job_savepoint(method):
    """The body of a queue job whose records hear of its end (``_marketplace_job_ended``), in a
    savepoint: on an error, the rows it locked are released before queue_job's controller stores
    the failure from another cursor, whose hook would otherwise wait on them for ever (the job's
    own transaction is still open then)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.env.cr.savepoint():
            return method(self, *args, **kwargs)
    return wrapper


class QueueJob(models.Model):
    _inherit = "queue.job"

    # -------------------------------------------------------------------- CRUD
    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in (DONE, FAILED, CANCELLED):
            self._marketplace_notify_ended()
        return res

    # ---------------------------------------------------------------- business
    def _marketplace_notify_ended(self):
        """Tell the records of these jobs that their job ended (done, failed or cancelled, by
        the job runner or by an administrator): a record waiting for its job (a queued stock
        feed, an import, an export) defines ``_marketplace_job_ended(job)`` and never waits for
        a job that will not run again. Never in the way of queue_job storing the job's end: the
        records some transaction holds are skipped (they learn it later, see the feeds), and an
        error is logged, not raised."""
        for job in self:
            records = job.records
            if not records or not hasattr(records, "_marketplace_job_ended"):
                continue
            try:
                with self.env.cr.savepoint():
                    free = self.env.execute_query(SQL(
                        "SELECT id FROM %s WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED",
                        SQL.identifier(records._table), records.ids))
                    records.sudo().browse(row[0] for row in free)._marketplace_job_ended(job)
            except Exception:
                _logger.exception("The records of job %s could not be told that it ended", job.uuid)

    def _subscribe_users_domain(self):
        """The hub's administrators are told of every failed job, whichever company's data it
        worked on (queue_job tells only the job managers of the job's company: a member's)."""
        domain = super()._subscribe_users_domain()
        admin = self.env.ref("marketplace_base.group_marketplace_admin", raise_if_not_found=False)
        if domain is None or not admin:
            return domain
        return expression.OR([domain, [("groups_id", "=", admin.id)]])
