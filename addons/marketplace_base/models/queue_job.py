from odoo import models
from odoo.addons.queue_job.job import CANCELLED, DONE, FAILED
from odoo.osv import expression


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
        a job that will not run again."""
        for job in self:
            records = job.records
            if records and hasattr(records, "_marketplace_job_ended"):
                records.sudo().exists()._marketplace_job_ended(job)

    def _subscribe_users_domain(self):
        """The hub's administrators are told of every failed job, whichever company's data it
        worked on (queue_job tells only the job managers of the job's company: a member's)."""
        domain = super()._subscribe_users_domain()
        admin = self.env.ref("marketplace_base.group_marketplace_admin", raise_if_not_found=False)
        if domain is None or not admin:
            return domain
        return expression.OR([domain, [("groups_id", "=", admin.id)]])
