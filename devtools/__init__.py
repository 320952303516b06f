"""Development and test tools; not part of the product.

Used by the test suite, the benchmarks and the demo (`python -m devtools.zk_emulator` serves a
demo finger-scan terminal). The apps (`rutan`, `pembinaan`, `absensi`, `pengaduan`) never
import this package; `tests/test_architecture.py` checks it.
"""
