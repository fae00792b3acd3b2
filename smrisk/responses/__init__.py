"""Pre-approved responses: a library file of approved replies, and the nearest ones for a message.

``load_library`` reads and checks a library (every reply is scored, and a flagged one is an
error); ``suggest`` ranks its replies for an incoming message; ``nearest_response`` says which
approved reply a draft is closest to and how much of it the draft changed.
"""

from smrisk.responses.departure import Departure, nearest_response
from smrisk.responses.library import OWNERS, Library, Response, load_library, parse_library, starter_library_path
from smrisk.responses.suggest import Suggestion, suggest

__all__ = ["OWNERS", "Departure", "Library", "Response", "Suggestion", "load_library", "nearest_response", "parse_library",
           "starter_library_path", "suggest"]
