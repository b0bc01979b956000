"""kzgeo's tests: a package, so its modules share one ``tests.conftest`` and ``tests.browser``."""
