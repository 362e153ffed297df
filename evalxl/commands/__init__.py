"""One module per CLI command. Each keeps its heavy imports inside the function body so
that `evalxl --help` starts fast."""
