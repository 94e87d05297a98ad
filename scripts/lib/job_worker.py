"""One job worker of the settlement benchmark (scripts/bench.py): takes the next pending job of a
channel (OCA queue_job), as the job runner hands a job to an Odoo worker, and runs it through
queue_job's own controller code (acquired, performed, done, committed), until none is left.

    python job_worker.py ODOO_CONF DB CHANNEL

Prints ``READY`` once Odoo is loaded (a job worker is a running Odoo worker), starts on a line
of its standard input, then prints the number of jobs it ran. Several of these processes side by
side are that many job workers: the job runner's channel capacity, without its HTTP hop to the
worker."""
import sys

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


def main(conf, db, channel):
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn", "--no-http"])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(db)
    from odoo.addons.queue_job.controllers.main import RunJobController  # noqa: PLC0415

    print("READY", flush=True)  # noqa: T201  # pylint: disable=print-used
    sys.stdin.readline()
    ran = 0
    while True:
        with registry.cursor() as cr:  # the runner: the next job, enqueued
            # As queue_job's runner, in READ COMMITTED (its connection is in autocommit): in
            # Odoo's REPEATABLE READ, a job another worker took since this snapshot began would
            # fail the update with a serialization error instead of being skipped.
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute("""UPDATE queue_job SET state = 'enqueued', date_enqueued = now() AT TIME ZONE 'UTC'
                           WHERE id = (SELECT id FROM queue_job WHERE channel = %s AND state = 'pending'
                                        ORDER BY priority, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                       RETURNING uuid""", [channel])
            row = cr.fetchone()
        if not row:
            break
        with registry.cursor() as cr:  # the worker: /queue_job/runjob
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = RunJobController._acquire_job(env, row[0])
            if job:
                RunJobController._try_perform_job(env, job)
                ran += 1
    print(ran, flush=True)  # noqa: T201  # pylint: disable=print-used


if __name__ == "__main__":
    main(*sys.argv[1:])
