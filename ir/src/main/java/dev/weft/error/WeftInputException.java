package dev.weft.error;

/**
 * A mistake in what the user gave us (a file, a flag, a field). The command line prints
 * {@link #getMessage()} as one line and exits with status 2, never a stack trace, so the
 * message must name where the mistake is and how to fix it.
 */
public final class WeftInputException extends RuntimeException {
    private final String source;
    private final String field;
    private final String fix;

    public WeftInputException(String source, String field, String problem, String fix) {
        super(compose(source, field, problem, fix));
        this.source = source;
        this.field = field;
        this.fix = fix;
    }

    public String source() {
        return source;
    }

    public String field() {
        return field;
    }

    public String fix() {
        return fix;
    }

    private static String compose(String source, String field, String problem, String fix) {
        StringBuilder line = new StringBuilder();
        if (source != null && !source.isBlank()) {
            line.append(source).append(": ");
        }
        if (field != null && !field.isBlank()) {
            line.append(field).append(": ");
        }
        line.append(problem);
        if (fix != null && !fix.isBlank()) {
            line.append(" (fix: ").append(fix).append(')');
        }
        return oneLine(line);
    }

    /** Line breaks and other control characters a user's value may carry, written visibly: the message stays one line. */
    private static String oneLine(CharSequence text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                line.append(String.format("\\u%04x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }
}
