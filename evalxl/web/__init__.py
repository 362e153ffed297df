"""`evalxl serve`: a local web page over the same batch as `evalxl run`.

Nothing here is imported by `run` or `check`: the web framework loads only for `serve`.
"""
