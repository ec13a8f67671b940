"""Load what requests and parsing need once, in a server's master process, so forked workers share it.

The segmenter (jieba's dictionary, ~1 s and ~60 MiB), the parser's gazetteer
and cn2an load lazily on first use, which keeps ``manage.py`` commands fast.
A server wants the opposite: ``cppcc_site.wsgi`` calls ``preload()`` at import,
so under ``gunicorn --preload`` the master loads them before forking and every
worker's first request is as fast as its hundredth.
"""
import gc

from reports.http_cache import release
from reports.parsing import default_gazetteer
from reports.parsing.numerals import to_int
from reports.search import segmenter


def preload() -> None:
    """Build the segmenter and the gazetteer in this process, then freeze them out of the cyclic GC.

    ``gc.freeze()`` keeps the collector from touching (and so copying) the
    shared pages in each forked worker.
    """
    segmenter()
    default_gazetteer()
    to_int("十")  # imports cn2an
    release()  # hashes the code once, before the workers exist
    gc.freeze()
