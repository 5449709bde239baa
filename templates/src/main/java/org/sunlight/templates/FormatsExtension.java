package org.sunlight.templates;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Pebble filters and functions backed by {@link Formats}; registered on both engines.
 *
 * <p>Filters: {@code money}, {@code yuan}, {@code date}, {@code datetime}, {@code month},
 * {@code quarter}; function: {@code quarter(year, quarter)}. See {@link Templates} for usage.
 *
 * <p>Wrong input types fail the render with a {@link PebbleException} carrying the template line
 * instead of printing something plausible but wrong: a bot that publishes accounts must not
 * quietly show a blank or rounded amount.
 */
final class FormatsExtension extends AbstractExtension {

    private final Map<String, Filter> filters = Map.of(
            "money", new FormatFilter("money", List.of(),
                    (input, arguments, site) -> Formats.money(fen(input, site))),
            "yuan", new FormatFilter("yuan", List.of(),
                    (input, arguments, site) -> Formats.yuan(fen(input, site))),
            "date", new FormatFilter("date", List.of("weekday"), FormatsExtension::date),
            "datetime", new FormatFilter("datetime", List.of(),
                    (input, arguments, site) -> Formats.dateTime(instant(input, site))),
            "month", new FormatFilter("month", List.of(), FormatsExtension::month),
            "quarter", new FormatFilter("quarter", List.of("year"),
                    (input, arguments, site) -> Formats.quarter(
                            integer(arguments.get("year"), "year", site), integer(input, "input", site))));

    private final Map<String, Function> functions = Map.of(
            "quarter", new QuarterFunction());

    @Override
    public Map<String, Filter> getFilters() {
        return filters;
    }

    @Override
    public Map<String, Function> getFunctions() {
        return functions;
    }

    private static Object date(Object input, Map<String, Object> arguments, Site site) {
        Object weekday = arguments.getOrDefault("weekday", Boolean.FALSE);
        if (!(weekday instanceof Boolean)) {
            throw site.failure("the only argument is weekday=true|false"
                    + " (Pebble's pattern argument is not supported), got " + describe(weekday));
        }
        LocalDate date = localDate(input, site);
        return (Boolean) weekday ? Formats.dateWithWeekday(date) : Formats.date(date);
    }

    private static Object month(Object input, Map<String, Object> arguments, Site site) {
        if (input instanceof YearMonth yearMonth) {
            return Formats.month(yearMonth);
        }
        return Formats.month(YearMonth.from(localDate(input, site)));
    }

    private static long fen(Object input, Site site) {
        if (input instanceof Long || input instanceof Integer || input instanceof Short || input instanceof Byte) {
            return ((Number) input).longValue();
        }
        if (input instanceof BigInteger bigInteger && bigInteger.bitLength() < Long.SIZE) {
            return bigInteger.longValue();
        }
        if (input instanceof BigDecimal bigDecimal) {
            try {
                return bigDecimal.longValueExact();
            } catch (ArithmeticException notWholeFen) {
                throw site.failure("expects a whole number of fen, got " + bigDecimal.toPlainString());
            }
        }
        // Double and Float are refused on purpose: amounts are integer fen end to end.
        throw site.failure("expects an amount in fen as Long or Integer, got " + describe(input));
    }

    private static int integer(Object value, String what, Site site) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long number = ((Number) value).longValue();
            if (number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
                return (int) number;
            }
        }
        throw site.failure(what + " must be an integer, got " + describe(value));
    }

    /** The calendar date in {@link Formats#ZONE}; instants are converted, local dates kept. */
    private static LocalDate localDate(Object input, Site site) {
        if (input instanceof LocalDate localDate) {
            return localDate;
        }
        if (input instanceof Instant || input instanceof ZonedDateTime || input instanceof OffsetDateTime) {
            return instant(input, site).atZone(Formats.ZONE).toLocalDate();
        }
        throw site.failure("expects LocalDate, Instant, ZonedDateTime or OffsetDateTime, got " + describe(input));
    }

    private static Instant instant(Object input, Site site) {
        if (input instanceof Instant instant) {
            return instant;
        }
        if (input instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (input instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        // LocalDateTime is refused on purpose: without a zone it is a guess which wall clock it means.
        throw site.failure("expects Instant, ZonedDateTime or OffsetDateTime, got " + describe(input));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }

    /** Where a filter or function runs, to report failures with template and line. */
    private record Site(String what, PebbleTemplate template, int lineNumber) {

        PebbleException failure(String message) {
            return failure(message, null);
        }

        PebbleException failure(String message, Throwable cause) {
            return new PebbleException(cause, what + " " + message, lineNumber, template.getName());
        }
    }

    @FunctionalInterface
    private interface FilterBody {
        Object apply(Object input, Map<String, Object> arguments, Site site);
    }

    private record FormatFilter(String name, List<String> argumentNames, FilterBody body) implements Filter {

        @Override
        public List<String> getArgumentNames() {
            return argumentNames;
        }

        @Override
        public Object apply(Object input, Map<String, Object> arguments, PebbleTemplate self,
                EvaluationContext context, int lineNumber) {
            Site site = new Site("filter '" + name + "'", self, lineNumber);
            // Pebble treats an empty name list as "any named argument", so refuse stray ones here.
            if (!arguments.keySet().stream().allMatch(argumentNames::contains)) {
                throw site.failure("does not take the arguments " + arguments.keySet());
            }
            try {
                return body.apply(input, arguments, site);
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                throw site.failure(e.getMessage(), e);
            }
        }
    }

    /** {@code quarter(year, quarter)}, e.g. {@code quarter(2026, 3)} gives 2026年第3季度. */
    private static final class QuarterFunction implements Function {

        @Override
        public List<String> getArgumentNames() {
            return List.of("year", "quarter");
        }

        @Override
        public Object execute(Map<String, Object> arguments, PebbleTemplate self, EvaluationContext context,
                int lineNumber) {
            Site site = new Site("function 'quarter'", self, lineNumber);
            try {
                return Formats.quarter(integer(arguments.get("year"), "year", site),
                        integer(arguments.get("quarter"), "quarter", site));
            } catch (IllegalArgumentException e) {
                throw site.failure(e.getMessage(), e);
            }
        }
    }
}
