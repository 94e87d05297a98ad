from . import test_website_prices
