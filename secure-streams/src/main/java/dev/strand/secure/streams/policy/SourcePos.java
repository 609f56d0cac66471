package dev.strand.secure.streams.policy;

/**
 * Where a token sits in the policy text: its JSON path, line, column and an offset that grows
 * through the document (used to tell whether a definition comes before a reference).
 */
record SourcePos(String path, int line, int column, long offset) {

    boolean isBefore(SourcePos other) {
        return offset < other.offset;
    }

    String lineAndColumn() {
        return "line " + line + ", column " + column;
    }

    PolicyException error(String source, String problem) {
        return new PolicyException(source, path, line, column, problem);
    }

    PolicyWarning warning(PolicyWarning.Kind kind, String message) {
        return new PolicyWarning(kind, path, line, column, message);
    }
}
