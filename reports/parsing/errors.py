"""Why a file could not be parsed: one root exception, one subclass per reason.

Every error names the file, and the line where there is one, so an editor can
find the problem without reading a stack trace.
"""

EMPTY = "the file is empty or holds only white space"
BINARY = "the file is binary (it contains NUL bytes), not text"
UNDECODABLE = "the text is neither UTF-8 nor GB18030/GBK (first bad byte at offset {offset})"
NO_DOCUMENT = "no CPPCC document found: nothing in the text mentions 政协, a committee, proposals or a session"
NO_CPPCC_TEXT = "no CPPCC document found: the text is about another body ({body}), or names the CPPCC only in passing"


class SourceError(Exception):
    """A problem with one input, said as 'file, line N: reason' (ingestion's errors share it)."""

    def __init__(self, source, reason, line=None):
        self.source, self.reason, self.line = source, reason, line
        where = f"{source}, line {line}" if line else str(source)
        super().__init__(f"{where}: {reason}")


class ParseError(SourceError):
    """A file that cannot be turned into documents."""


class EmptyInput(ParseError):
    """The file holds no text."""


class BinaryInput(ParseError):
    """The file is not text at all."""


class UndecodableInput(ParseError):
    """The bytes are in no encoding we read."""


class NoDocumentFound(ParseError):
    """The text is not about a CPPCC committee or session."""
