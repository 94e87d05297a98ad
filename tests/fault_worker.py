"""An Odoo worker for the fault tests (tests/test_faults.py), in a process of its own so that the
test can kill it with SIGKILL: it loads the database's registry and runs one piece of work as
Odoo does, then commits.

    python fault_worker.py ODOO_CONF DB PAUSE_TABLE PAUSE_AFTER job JOB_UUID
    python fault_worker.py ODOO_CONF DB PAUSE_TABLE PAUSE_AFTER call MODEL METHOD ID

``job``: the job (OCA queue_job), enqueued by the test as the job runner does, acquired and
performed by queue_job's own controller code. ``call``: ``MODEL.browse(ID).METHOD()`` as a
request would. With a PAUSE_TABLE, the worker stops after its PAUSE_AFTER-th INSERT into or
UPDATE of that table, prints ``PAUSED <backend pid>`` and waits to be killed, its transaction
open: the test kills it there."""
import re
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.sql_db import Cursor
from odoo.tools import SQL, config


def pause_after_writes(table, count):
    """Stop the process after ``count`` writes to ``table``, its transaction left open."""
    write = re.compile(rf'^\s*(INSERT\s+INTO|UPDATE)\s+"?{re.escape(table)}"?[\s(]', re.IGNORECASE)
    execute = Cursor.execute
    seen = [0]

    def paused_execute(self, query, params=None, log_exceptions=True):
        result = execute(self, query, params, log_exceptions)
        code = query.code if isinstance(query, SQL) else query
        if isinstance(code, bytes):
            code = code.decode()
        if write.match(code):
            seen[0] += 1
            if seen[0] == count:
                print(f"PAUSED {self._cnx.info.backend_pid}", flush=True)  # noqa: T201  # pylint: disable=print-used
                time.sleep(3600)
        return result

    Cursor.execute = paused_execute


def main(conf, db, pause_table, pause_after, action, *args):
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn", "--no-http"])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(db)
    if pause_table:
        pause_after_writes(pause_table, int(pause_after))
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if action == "job":
            from odoo.addons.queue_job.controllers.main import RunJobController  # noqa: PLC0415

            job = RunJobController._acquire_job(env, args[0])  # started, committed, locked
            if not job:
                sys.exit(3)
            RunJobController._try_perform_job(env, job)  # performed, done, committed
        else:
            model, method, record_id = args
            getattr(env[model].browse(int(record_id)), method)()
    print("DONE", flush=True)  # noqa: T201  # pylint: disable=print-used


if __name__ == "__main__":
    main(*sys.argv[1:])
