"""pytest configuration of the suite (pytest-odoo runs the tests on a real Odoo server).

A skipped test is a failure here: Odoo silently skips tours when websocket-client or Chromium
is missing, and a test that did not run proves nothing."""
import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"Skipped tests are not allowed in this suite: {reason}"


@pytest.hookimpl(tryfirst=True)
def pytest_collection(session):
    """Collecting imports odoo.tests: tell Odoo it runs tests, as its own runner does
    (otherwise odoo.tests logs a spurious 'Importing test framework' error)."""
    try:
        import odoo.tools
    except ImportError:
        return
    odoo.tools.config["test_enable"] = True
