package org.sunlight.disclosure;

import java.time.LocalDate;
import java.time.YearMonth;

import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.ledger.LedgerKind;
import org.sunlight.ledger.Period;

/**
 * The legal calendar: public revenue for a quarter is due on the last calendar day of the first
 * month of the next quarter (Q4 → 31 January); shared utility for a month on the Nth working day
 * of the next month; a fund withdrawal within N working days of its date. Thread-safe.
 */
public final class DueDates {

    private final WorkingCalendar calendar;

    public DueDates(WorkingCalendar calendar) {
        this.calendar = calendar;
    }

    /** The due date of a period's statement; {@code utilityWorkingDay} is the setting for the complex. */
    public LocalDate due(LedgerKind kind, Period period, int utilityWorkingDay) {
        return switch (kind) {
            case PUBLIC_REVENUE -> YearMonth.from(period.next().first()).atEndOfMonth();
            case UTILITY -> calendar.nthWorkingDayOfMonth(YearMonth.from(period.next().first()), utilityWorkingDay);
            case FUND -> throw new IllegalArgumentException("fund withdrawals are due per withdrawal, see withdrawalDue");
        };
    }

    /** The date by which a withdrawal made on {@code date} must be disclosed. */
    public LocalDate withdrawalDue(LocalDate date, int workingDays) {
        return calendar.addWorkingDays(date, workingDays);
    }
}
