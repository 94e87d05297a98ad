from . import test_purchase_taxes
