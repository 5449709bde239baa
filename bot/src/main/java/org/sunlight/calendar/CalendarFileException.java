package org.sunlight.calendar;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A holiday calendar file ({@code YYYY.yml}) is unreadable or breaks the format rules.
 *
 * <p>The message is meant for the deployer who has to fix the file, so it is in Chinese and
 * always names the file and, when known, the 1-based line, e.g.
 * {@code /etc/sunlight/calendar/2027.yml 第7行：调休上班日 2027-02-15 是周一，只能是周六或周日}.
 * It is unchecked because nothing sensible can continue with a wrong calendar: the service
 * should refuse to start.
 */
public final class CalendarFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Marks a problem that has no line, such as an unreadable file or a badly named one. */
    static final int NO_LINE = 0;

    private final String file;
    private final int line;
    private final String problem;

    CalendarFileException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    CalendarFileException(String file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.line = line;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    private static String format(String file, int line, String problem) {
        return line > NO_LINE ? file + " 第" + line + "行：" + problem : file + "：" + problem;
    }

    /** The file as the deployer would find it: an absolute path, or {@code classpath:calendar/YYYY.yml}. */
    public String file() {
        return file;
    }

    /** The 1-based line of the problem, empty when the problem is not about a line. */
    public OptionalInt line() {
        return line > NO_LINE ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** What is wrong, without the file and line prefix. */
    public String problem() {
        return problem;
    }
}
