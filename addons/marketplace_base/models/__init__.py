from . import (
    base,
    base_geocoder,
    discuss_channel,
    ir_default,
    marketplace_cron_batch_mixin,
    marketplace_postcode,
    marketplace_unique_code_mixin,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    stock_warehouse,
)
