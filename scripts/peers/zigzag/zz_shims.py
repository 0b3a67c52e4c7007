"""Shims so that ZigZag 3.8.x runs on Debian 12's Python packages (no PyPI).

Import this module BEFORE importing anything from zigzag.
  * Debian's typeguard (2.2) lacks `typeguard_ignore`: add a no-op decorator.
  * `multiprocessing_on_dill` (only used by ZigZag's SALSA mapper) is not packaged:
    alias it to the standard `multiprocessing`.
Contains no ZigZag code.
"""
import multiprocessing
import sys

import typeguard

if not hasattr(typeguard, "typeguard_ignore"):
    def typeguard_ignore(f):  # no-op decorator
        return f
    typeguard.typeguard_ignore = typeguard_ignore

sys.modules.setdefault("multiprocessing_on_dill", multiprocessing)
