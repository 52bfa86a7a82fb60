package dev.tickplant.bench.load;

import java.util.Map;

/**
 * Reads values out of a Prometheus text exposition ({@code /metrics}): the sum over every series of one metric name
 * whose labels include the given ones. Enough for a benchmark report; not a full parser of the format.
 */
public final class PrometheusText {
    private PrometheusText() {}

    /**
     * Sums the series of {@code name} whose labels contain every entry of {@code labels}.
     *
     * @return the sum, or {@code NaN} when no series matched
     */
    public static double sum(String text, String name, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith(name)) {
                continue;
            }
            int after = name.length();
            if (after >= line.length() || (line.charAt(after) != '{' && line.charAt(after) != ' ')) {
                continue; // a longer metric name with this one as prefix
            }
            String labelText = "";
            int valueStart = after;
            if (line.charAt(after) == '{') {
                int close = line.indexOf('}', after);
                if (close < 0) {
                    continue;
                }
                labelText = line.substring(after + 1, close);
                valueStart = close + 1;
            }
            if (!hasLabels(labelText, labels)) {
                continue;
            }
            String[] rest = line.substring(valueStart).trim().split("\\s+");
            try {
                sum += Double.parseDouble(rest[0]);
                found = true;
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return found ? sum : Double.NaN;
    }

    private static boolean hasLabels(String labelText, Map<String, String> labels) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!labelText.contains(e.getKey() + "=\"" + e.getValue() + "\"")) {
                return false;
            }
        }
        return true;
    }
}
