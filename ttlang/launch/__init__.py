"""Launching compiled kernels: backends, the cffi host launcher, the compile cache, tensor layout."""
