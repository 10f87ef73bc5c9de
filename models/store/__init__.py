"""The console's local store (SQLite, WAL): the CMDB now; incidents and outbox later.

`open_store(path)` checks and migrates the file and returns a `Store` (a context
manager); `import_plant(store, plant, source_path, file_bytes)` returns an
`ImportReport` whose `summary()` lines the CLI prints.
"""

from models.store import incident_tables  # noqa: F401 - registers the incident tables
from models.store.cmdb_import import import_plant, last_import, load_cmdb, load_lines
from models.store.engine import Store, open_store
from models.store.errors import StoreError
from models.store.import_report import ImportReport

__all__ = [
    "ImportReport",
    "Store",
    "StoreError",
    "import_plant",
    "last_import",
    "load_cmdb",
    "load_lines",
    "open_store",
]
