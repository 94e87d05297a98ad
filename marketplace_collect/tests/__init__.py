from . import test_handover, test_pickup, test_pickup_tour
