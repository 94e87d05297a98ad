from . import test_access, test_concurrency, test_lifecycle, test_routing, test_routing_plan
