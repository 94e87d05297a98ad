from . import (
    test_access,
    test_access_xmlrpc,
    test_animator,
    test_concurrency,
    test_control_room_tour,
    test_deadlines,
    test_lifecycle,
    test_member_order_tour,
    test_payment,
    test_routing,
    test_routing_plan,
)
