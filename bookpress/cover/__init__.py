"""The paperback cover: one full-wrap sheet — bleed, back, spine, front,
bleed — whose spine is as wide as the interior is thick.

``[cover]`` is read by :mod:`bookpress.config.cover`. The sizes are in
:mod:`.sheet`, the drawing in :mod:`.render` (front picture :mod:`.front`,
back text :mod:`.back`), the EPUB's cover picture in :mod:`.epub_image`, the
interior's page count in :mod:`.interior`, the command in :mod:`.make`.
"""
