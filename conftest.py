"""pytest configuration of the suite (pytest-odoo runs the tests on a real Odoo server).

A skipped test is a failure here: Odoo silently skips tours when websocket-client or Chromium
is missing, and a test that did not run proves nothing.

(pytest-odoo imports odoo.tests before Odoo is in test mode, so Odoo logs one harmless
"Importing test framework" error at start-up.)"""
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped tests are not allowed in this suite: {reason}"

