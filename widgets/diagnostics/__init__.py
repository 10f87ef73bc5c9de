"""The diagnostics dock: reports with raw details and history per CI, and the lazy browser."""
