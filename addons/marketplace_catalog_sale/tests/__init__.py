from . import test_sale_taxes
