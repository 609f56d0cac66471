package dev.strand.secure.streams.policy;

/**
 * A policy could not be loaded: malformed JSON, a value of the wrong type or range, a reference to
 * something not defined (or defined too late), a limit exceeded. The message names the source, the
 * JSON path (such as {@code s[2].mintest.retry}), the line and column, and what was expected.
 */
public final class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String jsonPath;
    private final int line;
    private final int column;
    private final String problem;

    PolicyException(String source, String jsonPath, int line, int column, String problem) {
        this(source, jsonPath, line, column, problem, null);
    }

    PolicyException(String source, String jsonPath, int line, int column, String problem, Throwable cause) {
        super(source + ": " + (jsonPath.isEmpty() ? "(top level)" : jsonPath)
                + " at line " + line + ", column " + column + ": " + problem, cause);
        this.source = source;
        this.jsonPath = jsonPath;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** Where the policy came from: a file path, {@code <string>}, or the name given with a stream. */
    public String source() {
        return source;
    }

    /** The JSON path of the offending value, e.g. {@code trust_stores[0].stack[1]}; empty for the document. */
    public String jsonPath() {
        return jsonPath;
    }

    /** 1-based line of the offending token. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token. */
    public int column() {
        return column;
    }

    /** What was wrong and what was expected, without the location. */
    public String problem() {
        return problem;
    }
}
