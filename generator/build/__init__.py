"""Rendering and the build: a round's documents made in stages, only what changed, written atomically.

- :mod:`.stages`     build_round: check, plan, number, render, write; the manifest that skips what is unchanged
- :mod:`.stamp`      the no-change shortcut: every input's identity compared before anything heavy is imported
- :mod:`.new_round`  a new round from the last one: its data copied, returns and outputs left behind

May import: base, thai, ooxml, reading, documents, checking, register.
"""
