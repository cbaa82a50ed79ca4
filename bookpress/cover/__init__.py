"""The paperback cover: one full-wrap sheet — bleed, back, spine, front,
bleed — whose spine is as wide as the interior is thick.

Kept light to import: :mod:`.options` is read by the configuration, which
must not load WeasyPrint. The drawing is in :mod:`.render`, the sizes in
:mod:`.sheet`, the EPUB's cover picture in :mod:`.epub_image`.
"""
