from . import marketplace_stock_feed_upload
