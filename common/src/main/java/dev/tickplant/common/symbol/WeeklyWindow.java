package dev.tickplant.common.symbol;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Objects;

/**
 * One trading window in a week, in the instrument's own time zone: from {@code startDay startTime} up to (not
 * including) {@code endDay endTime}. A window may span days, e.g. FX from Sunday 17:00 to Friday 17:00.
 */
public record WeeklyWindow(DayOfWeek startDay, LocalTime startTime, DayOfWeek endDay, LocalTime endTime) {
    private static final int MINUTES_PER_WEEK = 7 * 24 * 60;

    public WeeklyWindow {
        Objects.requireNonNull(startDay, "startDay");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endDay, "endDay");
        Objects.requireNonNull(endTime, "endTime");
        if (minuteOfWeek(startDay, startTime) == minuteOfWeek(endDay, endTime)) {
            throw new IllegalArgumentException("empty window " + startDay + " " + startTime);
        }
    }

    /** A window inside one day, e.g. Monday 09:30 to 16:00. */
    public static WeeklyWindow sameDay(DayOfWeek day, LocalTime open, LocalTime close) {
        if (!close.isAfter(open)) {
            throw new IllegalArgumentException("close " + close + " not after open " + open + " on " + day);
        }
        return new WeeklyWindow(day, open, day, close);
    }

    /** True when the given local day and time falls inside this window. */
    public boolean contains(DayOfWeek day, LocalTime time) {
        int start = minuteOfWeek(startDay, startTime);
        int end = minuteOfWeek(endDay, endTime);
        int at = minuteOfWeek(day, time);
        if (start < end) {
            return at >= start && at < end;
        }
        return at >= start || at < end; // wraps around the end of the week
    }

    /** Parses {@code "SUN 17:00"} into day and time. */
    static DayOfWeek parseDay(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(t) && t.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + text + "', expected MON..SUN");
    }

    private static int minuteOfWeek(DayOfWeek day, LocalTime time) {
        return ((day.getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute()) % MINUTES_PER_WEEK;
    }
}
