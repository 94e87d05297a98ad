import importlib.util
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, new_test_user


class MarketplaceCommon:
    """Shared fixtures: the hub, an administrator, an animator and two enrolled members
    (Lyon and Marseille), each with its own login. Works for TransactionCase and HttpCase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.hub = cls.env["res.company"]._marketplace_ensure_hub()
        cls.admin_user = new_test_user(
            cls.env, login="mkt_admin", password="mkt_admin", name="Hélène Admin",
            groups="base.group_user,marketplace_base.group_marketplace_admin",
            company_id=cls.hub.id, company_ids=[(6, 0, cls.hub.ids)],
        )
        cls.animator_user = new_test_user(
            cls.env, login="mkt_animator", password="mkt_animator", name="Claire Animation",
            groups="base.group_user,marketplace_base.group_marketplace_animator",
            company_id=cls.hub.id, company_ids=[(6, 0, cls.hub.ids)],
        )
        cls.member_lyon = cls.enrol_member(
            "T001", "Chaussures Testeau", "T001-01", "12 Rue de la République", "69002", "Lyon",
            login="testeau",
        )
        cls.member_marseille = cls.enrol_member(
            "T002", "Semelles du Vieux-Port", "T002-01", "55 Rue Saint-Ferréol", "13001",
            "Marseille", login="vieuxport",
        )
        cls.store_lyon = cls.member_lyon.marketplace_store_ids
        cls.store_marseille = cls.member_marseille.marketplace_store_ids
        cls.user_lyon = cls.env["res.users"].search([("login", "=", "testeau")])
        cls.user_marseille = cls.env["res.users"].search([("login", "=", "vieuxport")])
        (cls.user_lyon | cls.user_marseille).write({"password": "member-pass"})

    @classmethod
    def enrol_member(cls, code, name, store_code, street, zip_code, city, login=None,
                     user=None, **extra):
        vals = {
            "member_name": name,
            "member_code": code,
            "street": street,
            "zip": zip_code,
            "city": city,
            "store_name": name,
            "store_code": store_code,
            "user_mode": "existing" if user else ("new" if login else "none"),
            "user_login": login,
            "user_id": user and user.id,
            "email": f"{login}@chaussures-{code.lower()}.fr" if login else False,
            **extra,
        }
        wizard = cls.env["marketplace.enrolment.wizard"].with_user(cls.admin_user).create(vals)
        action = wizard.action_enrol()
        return cls.env["res.company"].browse(action["res_id"])


    def call(self, model, method, *args, login="testeau", password="member-pass", **kwargs):
        """``model.method(*args, **kwargs)`` over XML-RPC as the real user (HttpCase): Lyon's member
        user unless ``login`` says otherwise."""
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, login, password, {})
        self.assertTrue(uid, f"{login} could not log in")
        return self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)


class MarketplaceCase(MarketplaceCommon, TransactionCase):
    pass


@contextmanager
def registry_unlocked():
    """Let other threads, each a worker with its own cursor, look the registry up. Odoo's own test
    runner holds the registry's lock while it runs the tests, and every new environment and every
    retry after a serialization failure (``odoo.service.model.retrying``) takes it: the workers
    would wait forever. pytest does not hold it."""
    with patch.object(Registry, "_lock", threading.RLock()):
        yield


@dataclass
class Overlap:
    """What ``run_overlapped`` saw of the second worker while the first held its transaction."""

    first: object = None
    second: object = None
    waited: bool = False  # seen waiting on a lock the first worker holds (pg_blocking_pids)
    waiting_query: str = ""  # the second worker's statement that waited
    finished_while_held: bool = False  # done before the first worker committed
    attempts: int = 0  # the second call's runs: more than one after a serialization retry


def run_overlapped(registry, first, second, timeout=15):
    """Run ``first(env)`` in a worker that keeps its transaction open, then ``second(env)`` in
    another worker, retried on serialization failures as Odoo retries a request; the first
    commits only once the second is seen waiting on one of its locks, or has finished, or
    after ``timeout`` seconds. The overlap is thus certain, not left to the threads' timing, and
    the returned ``Overlap`` says which of the two the second did, for the test to assert."""
    from odoo.service.model import retrying  # noqa: PLC0415 -- as a request retries

    overlap, errors = Overlap(), []
    held, release, done, started = (threading.Event() for _ in range(4))
    first_pid, second_pid = [], []

    def first_worker():
        try:
            with registry.cursor() as cr:
                first_pid.append(cr._cnx.info.backend_pid)
                env = api.Environment(cr, SUPERUSER_ID, {})
                overlap.first = first(env)  # not retrying(): it commits at once
                env.flush_all()
                held.set()
                release.wait(timeout + 5)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            held.set()

    def second_worker():
        try:
            held.wait(timeout)
            with registry.cursor() as cr:
                second_pid.append(cr._cnx.info.backend_pid)
                started.set()
                env = api.Environment(cr, SUPERUSER_ID, {})

                def call():
                    overlap.attempts += 1
                    return second(env)

                overlap.second = retrying(call, env)
                env.flush_all()
                if not release.is_set():
                    overlap.finished_while_held = True
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            started.set()
            done.set()

    threads = [threading.Thread(target=first_worker), threading.Thread(target=second_worker)]
    for thread in threads:
        thread.start()
    held.wait(timeout)
    started.wait(timeout)
    deadline = time.monotonic() + timeout
    with registry.cursor() as watch:
        while first_pid and second_pid and not done.is_set() and time.monotonic() < deadline:
            watch.execute("SELECT pg_stat_clear_snapshot()")  # the view is otherwise read once per transaction
            watch.execute("SELECT query FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(%s)) AND pid = %s",
                          [first_pid[0], second_pid[0], second_pid[0]])
            if row := watch.fetchone():
                overlap.waited, overlap.waiting_query = True, row[0]
                break
            time.sleep(0.02)
    done.wait(0.2)
    release.set()
    for thread in threads:
        thread.join(timeout + 10)
    if errors:
        raise errors[0]
    return overlap


def run_migration(env, module, version, script="post-migrate.py", from_version="18.0.1.0.0"):
    """Run a module's migration script on ``env``'s cursor, as Odoo runs it when the module is
    upgraded from ``from_version``."""
    path = Path(get_module_path(module)) / "migrations" / version / script
    spec = importlib.util.spec_from_file_location(f"{module}_migration_{version}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    env.flush_all()
    # What openupgradelib's decorator reads from the frame of Odoo's migration manager.
    stage, addon, pyfile = script.split("-")[0], module, str(path)  # noqa: F841
    migration.migrate(env.cr, from_version)
    env.invalidate_all()


def run_queued_jobs(env, channel=None, failures=False):
    """Run the jobs waiting in the queue (OCA queue_job) as its job runner would: each loaded
    from its stored record (its arguments read back from the database, as the user who queued
    it), started, performed (a commit forbidden, as queue_job forbids it) and marked done; the
    jobs they queue in turn too. With ``failures``, a job that raises is rolled back and stored
    failed with its error, as queue_job's controller does (in its own transaction there, a
    savepoint here); otherwise the error is raised. Returns the jobs run."""
    import traceback  # noqa: PLC0415

    from odoo.addons.queue_job.controllers.main import RunJobController, _prevent_commit  # noqa: PLC0415
    from odoo.addons.queue_job.job import Job  # noqa: PLC0415 -- only tests run jobs by hand

    env.flush_all()
    ran = env["queue.job"]
    domain = [("state", "in", ("pending", "enqueued"))]
    if channel:
        domain.append(("channel", "=", channel))
    while jobs := env["queue.job"].sudo().search([*domain, ("id", "not in", ran.ids)], order="priority, id"):
        for record in jobs:
            job = Job.load(env, record.uuid)
            job.set_started()
            job.store()
            try:
                with env.cr.savepoint(), _prevent_commit(env.cr):  # a job may not commit (its lock would go)
                    job.perform()
                    env.flush_all()
            except Exception as error:
                if not failures:
                    raise
                env.invalidate_all()
                job = Job.load(env, record.uuid)
                job.set_failed(**RunJobController._get_failure_values(job, traceback.format_exc(), error))
                job.store()
                env.flush_all()
                continue
            job.set_done()
            job.store()
            if job.should_check_dependents():
                env.flush_all()
                job.enqueue_waiting()  # the next jobs of a chain, as the job runner's controller does
        ran |= jobs
    return ran
