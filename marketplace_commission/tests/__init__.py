from . import test_commission
