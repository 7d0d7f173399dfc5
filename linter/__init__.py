"""privacylint: check privacy policies against the disclosures the law requires."""
__version__ = "0.1.0"

from .api import lint_paths, lint_text, load_rules  # noqa: E402
from .errors import UserError  # noqa: E402

__all__ = ["__version__", "lint_paths", "lint_text", "load_rules", "UserError"]
