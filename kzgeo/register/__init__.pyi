# The public names of kzgeo.register, declared once (read by type checkers and, through
# lazy_loader.attach_stub, by kzgeo/register/__init__.py at run time).
from .bundled import bundled_register_path as bundled_register_path
from .bundled import bundled_registers as bundled_registers
from .load import load_register as load_register
from .load import seed_path as seed_path
from .load import template_path as template_path
from .model import ExchangeRate as ExchangeRate
from .model import Register as Register
from .model import Source as Source
from .model import StatedTotal as StatedTotal
from .reconcile import Reconciliation as Reconciliation
from .reconcile import reconcile as reconcile
