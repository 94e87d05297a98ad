from . import product_template, sale_order, website
