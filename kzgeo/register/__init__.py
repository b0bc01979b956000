"""Project registers: the format, loading and validation, reconciliation (data in).

The names load on first use, so a module that needs only the register's vocabulary (the
figure schema, qualifiers, sectors: the map cards and the PNG) does not import the YAML
loader and the validators behind :func:`load_register`.
"""

from __future__ import annotations

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
