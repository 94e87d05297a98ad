from . import (
    test_commission,
    test_dashboard_tour,
    test_member_statement_tour,
    test_reporting,
    test_settlement,
    test_settlement_concurrency,
    test_settlement_jobs,
    test_settlement_xmlrpc,
)
