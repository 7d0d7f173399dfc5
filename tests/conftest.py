import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests must not read or write the user's rulebook cache."""
    os.environ["PRIVACYLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    # a fixed run date, so that date checks (kind: value) give the same verdict every day
    os.environ["PRIVACYLINT_TODAY"] = "2026-11-01"


def need_corpus():
    if not CORPUS.is_dir():
        pytest.skip("the shared policy corpus (../shared/corpus/dev) is not available")
    return CORPUS
