from . import product_configurator
