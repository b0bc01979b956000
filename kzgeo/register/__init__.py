"""Project registers: the format, loading and validation, reconciliation (data in)."""

from kzgeo.register.load import load_register, seed_path, template_path
from kzgeo.register.model import ExchangeRate, Register, Source, StatedTotal
from kzgeo.register.reconcile import Reconciliation, reconcile

__all__ = [
    "ExchangeRate",
    "Reconciliation",
    "Register",
    "Source",
    "StatedTotal",
    "load_register",
    "reconcile",
    "seed_path",
    "template_path",
]
