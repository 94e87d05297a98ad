from . import (
    test_catalog_import_pictures,
    test_shop_sizes_tour,
    test_shop_visitor_tour,
    test_website_prices,
    test_website_publication,
    test_website_shop,
    test_website_stock,
)
