from . import test_catalog
from . import test_stock_feed
from . import test_stock_feed_access
