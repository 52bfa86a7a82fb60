package dev.tickplant.common.decimal;

/**
 * Exact fixed-point decimals: a {@code long} mantissa and a decimal scale, so {@code 1.08500} at scale 5 is the
 * mantissa {@code 108500}. Prices and sizes never pass through {@code double} in the pipeline: venue text is parsed
 * straight into a mantissa and rendered back from it.
 *
 * <p>Stateless and thread-safe.
 */
public final class FixedPoint {
    /** Largest scale supported; 10^18 still fits in a long. */
    public static final int MAX_SCALE = 18;

    private static final long[] POW10 = new long[MAX_SCALE + 1];

    static {
        POW10[0] = 1;
        for (int i = 1; i <= MAX_SCALE; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private FixedPoint() {}

    /** 10 to the power {@code scale}. */
    public static long pow10(int scale) {
        checkScale(scale);
        return POW10[scale];
    }

    /**
     * Parses decimal text ({@code "1.085"}, {@code "-3"}, {@code "2385.420"}, {@code "1e-3"} is rejected) into a
     * mantissa at {@code scale}. Digits beyond the scale must be zeros: a price that does not sit on the
     * instrument's grid is an error, not something to round silently.
     *
     * @throws NumberFormatException on malformed text, excess precision or overflow
     */
    public static long parse(CharSequence text, int scale) {
        return parse(text, scale, false);
    }

    /**
     * Like {@link #parse(CharSequence, int)} but rounds digits beyond the scale half-up (away from zero). For
     * sizes, where venues often send more precision than the instrument's lot size.
     */
    public static long parseRounded(CharSequence text, int scale) {
        return parse(text, scale, true);
    }

    private static long parse(CharSequence text, int scale, boolean round) {
        checkScale(scale);
        try {
            return parseChecked(text, scale, round);
        } catch (ArithmeticException overflow) {
            throw new NumberFormatException("'" + text + "' is out of range at scale " + scale);
        }
    }

    private static long parseChecked(CharSequence text, int scale, boolean round) {
        int len = text.length();
        if (len == 0) {
            throw new NumberFormatException("empty decimal");
        }
        int i = 0;
        boolean negative = false;
        char first = text.charAt(0);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i = 1;
        }
        long mantissa = 0;
        int fractionDigits = -1; // -1 while in the integer part
        boolean sawDigit = false;
        boolean roundUp = false;
        boolean excess = false;
        for (; i < len; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (fractionDigits >= 0) {
                    throw new NumberFormatException("two decimal points in '" + text + "'");
                }
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not a decimal: '" + text + "'");
            }
            sawDigit = true;
            int digit = c - '0';
            if (fractionDigits >= 0) {
                if (fractionDigits >= scale) {
                    if (fractionDigits == scale && !excess) {
                        roundUp = digit >= 5;
                    }
                    if (digit != 0) {
                        excess = true;
                    }
                    fractionDigits++;
                    continue;
                }
                fractionDigits++;
            }
            mantissa = Math.addExact(Math.multiplyExact(mantissa, 10), digit);
        }
        if (!sawDigit) {
            throw new NumberFormatException("no digits in '" + text + "'");
        }
        if (excess && !round) {
            throw new NumberFormatException("'" + text + "' has more than " + scale + " decimal places");
        }
        int missing = scale - Math.max(fractionDigits, 0);
        if (missing > 0) {
            mantissa = Math.multiplyExact(mantissa, POW10[missing]);
        }
        if (round && roundUp) {
            mantissa = Math.addExact(mantissa, 1);
        }
        return negative ? -mantissa : mantissa;
    }

    /** Renders a mantissa with exactly {@code scale} decimal places: {@code format(108500, 5)} is {@code "1.08500"}. */
    public static String format(long mantissa, int scale) {
        StringBuilder sb = new StringBuilder(24);
        appendTo(sb, mantissa, scale);
        return sb.toString();
    }

    /** Appends the rendering of {@link #format(long, int)} without allocating an intermediate string. */
    public static StringBuilder appendTo(StringBuilder sb, long mantissa, int scale) {
        checkScale(scale);
        if (mantissa < 0) {
            sb.append('-');
            if (mantissa == Long.MIN_VALUE) {
                throw new ArithmeticException("cannot render Long.MIN_VALUE");
            }
            mantissa = -mantissa;
        }
        if (scale == 0) {
            return sb.append(mantissa);
        }
        long unit = POW10[scale];
        sb.append(mantissa / unit).append('.');
        String fraction = Long.toString(mantissa % unit);
        for (int pad = scale - fraction.length(); pad > 0; pad--) {
            sb.append('0');
        }
        return sb.append(fraction);
    }

    /**
     * Converts a mantissa from one scale to another. Scaling down must be exact.
     *
     * @throws ArithmeticException if precision would be lost or the result overflows
     */
    public static long rescale(long mantissa, int fromScale, int toScale) {
        checkScale(fromScale);
        checkScale(toScale);
        if (toScale >= fromScale) {
            return Math.multiplyExact(mantissa, POW10[toScale - fromScale]);
        }
        long divisor = POW10[fromScale - toScale];
        if (mantissa % divisor != 0) {
            throw new ArithmeticException(format(mantissa, fromScale) + " does not fit scale " + toScale);
        }
        return mantissa / divisor;
    }

    private static void checkScale(int scale) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale " + scale + " outside 0.." + MAX_SCALE);
        }
    }
}
