from . import test_website_prices, test_website_stock
