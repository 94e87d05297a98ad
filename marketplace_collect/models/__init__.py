from . import delivery_carrier, marketplace_order, sale_order, stock_warehouse, website
