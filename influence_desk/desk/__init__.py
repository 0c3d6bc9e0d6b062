"""The Desk and the services behind it (docs/architecture.md, "The Desk API").

``from influence_desk.desk import Desk`` is the entry point; the modules of the package are
the services the Desk wires together over one shared write context (context.py).
"""

from influence_desk.desk.facade import Desk
from influence_desk.desk.records import NoteDraft, NoteFilter, NoteRow, NoteView, SearchHit

__all__ = ["Desk", "NoteDraft", "NoteFilter", "NoteRow", "NoteView", "SearchHit"]
