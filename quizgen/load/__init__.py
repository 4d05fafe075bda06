"""Loaders: files to typed values with locations; problems become diagnostics."""
