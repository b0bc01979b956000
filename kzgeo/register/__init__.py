"""Project registers: the format, loading and validation, reconciliation (data in)."""

from kzgeo.register.bundled import bundled_register_path, bundled_registers
from kzgeo.register.load import load_register, seed_path, template_path
from kzgeo.register.model import ExchangeRate, Register, Source, StatedTotal
from kzgeo.register.reconcile import Reconciliation, reconcile

__all__ = [
    "ExchangeRate",
    "Reconciliation",
    "Register",
    "Source",
    "StatedTotal",
    "bundled_register_path",
    "bundled_registers",
    "load_register",
    "reconcile",
    "seed_path",
    "template_path",
]
