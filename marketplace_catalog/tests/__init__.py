from . import (
    test_catalog,
    test_catalog_export,
    test_catalog_import,
    test_catalogue_access,
    test_pos_availability,
    test_pos_tour,
    test_stock_feed,
    test_stock_feed_access,
    test_stock_feed_concurrency,
    test_stock_feed_quants,
    test_stock_feed_tree,
    test_taxes,
)
