"""Old name of :mod:`bookpress.atomic`, kept while other work moves over.

Atomic writes are used below the writers too (the math cache), so the module
lives at the bottom of the package; import ``bookpress.atomic``.
"""

import sys

from .. import atomic

sys.modules[__name__] = atomic
