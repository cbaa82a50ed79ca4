"""Old name of :mod:`bookpress.writers.markup`, kept while other work moves over.

Import ``bookpress.writers.markup`` instead; this alias goes away once nothing
uses it (the name shadowed the standard library's ``html`` in readers' heads).
"""

import sys

from . import markup

sys.modules[__name__] = markup
