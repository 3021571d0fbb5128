"""Reference kernels: the kernels people write for Tensix, each a dozen lines of Python.

    from ttlang.examples import matmul
    matmul.matmul[(8, 8)](a, b, c)
"""
