package dev.tickplant.common.symbol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When an instrument trades: weekly windows in the instrument's time zone, minus holidays. An empty window list
 * means always open (crypto).
 *
 * <p>Registry syntax, one object per window: {@code {"days":"MON-FRI","open":"09:30","close":"16:00"}} for a
 * window repeated on each day of a range, or {@code {"from":"SUN 17:00","to":"FRI 17:00"}} for one window spanning
 * days. Holidays are ISO dates on which the market is closed all day.
 */
public record SessionCalendar(ZoneId zone, List<WeeklyWindow> windows, Set<LocalDate> holidays) {
    /** Always open, in UTC. */
    public static final SessionCalendar ALWAYS_OPEN = new SessionCalendar(ZoneId.of("UTC"), List.of(), Set.of());

    public SessionCalendar {
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows);
        holidays = Set.copyOf(holidays);
    }

    /** True when the instrument trades at the given instant. */
    public boolean isOpen(Instant at) {
        if (windows.isEmpty()) {
            return true;
        }
        ZonedDateTime local = at.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        DayOfWeek day = local.getDayOfWeek();
        LocalTime time = local.toLocalTime();
        for (WeeklyWindow w : windows) {
            if (w.contains(day, time)) {
                return true;
            }
        }
        return false;
    }

    /** True when this calendar never closes. */
    public boolean alwaysOpen() {
        return windows.isEmpty();
    }

    /**
     * Parses the registry form; see the class comment.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public static SessionCalendar fromJson(String zoneId, JsonArray sessions, JsonArray holidayDates) {
        ZoneId zone = ZoneId.of(zoneId);
        List<WeeklyWindow> windows = new ArrayList<>();
        if (sessions != null) {
            for (int i = 0; i < sessions.size(); i++) {
                JsonObject s = sessions.getJsonObject(i);
                if (s.containsKey("from")) {
                    String[] from = s.getString("from").trim().split("\\s+");
                    String[] to = s.getString("to", "").trim().split("\\s+");
                    if (from.length != 2 || to.length != 2) {
                        throw new IllegalArgumentException("session " + s.encode() + " needs 'from'/'to' as 'DAY HH:MM'");
                    }
                    windows.add(new WeeklyWindow(WeeklyWindow.parseDay(from[0]), LocalTime.parse(from[1]),
                            WeeklyWindow.parseDay(to[0]), LocalTime.parse(to[1])));
                } else {
                    String[] days = s.getString("days", "MON-FRI").split("-");
                    DayOfWeek first = WeeklyWindow.parseDay(days[0]);
                    DayOfWeek last = WeeklyWindow.parseDay(days[days.length - 1]);
                    LocalTime open = LocalTime.parse(s.getString("open"));
                    LocalTime close = LocalTime.parse(s.getString("close"));
                    for (DayOfWeek d = first; ; d = d.plus(1)) {
                        windows.add(WeeklyWindow.sameDay(d, open, close));
                        if (d == last) {
                            break;
                        }
                    }
                }
            }
        }
        Set<LocalDate> holidays = new java.util.HashSet<>();
        if (holidayDates != null) {
            for (int i = 0; i < holidayDates.size(); i++) {
                holidays.add(LocalDate.parse(holidayDates.getString(i)));
            }
        }
        return new SessionCalendar(zone, windows, holidays);
    }
}
