from . import (
    test_collect_ledger_machine,
    test_handover,
    test_mails,
    test_odoo_website_sale_collect,
    test_pickup,
    test_pickup_route,
    test_pickup_tour,
    test_pos_collect_tour,
    test_pos_reserve_collect_tour,
    test_pos_ticket,
    test_pos_ticket_review,
    test_review_defects,
)
