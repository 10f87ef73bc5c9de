"""Command implementations of the `plantconsole` CLI, one module per topic."""
