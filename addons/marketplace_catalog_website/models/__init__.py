from . import product_template, res_company, res_config_settings, sale_order, website
