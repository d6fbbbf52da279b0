package sc.fiji.conformal.core;

import java.util.Locale;

/** Numbers as people read them: 4 significant digits, whole numbers as such. */
public final class Rounding {

	private Rounding() {}

	/**
	 * {@code x} with at most 4 significant digits and no trailing zeros
	 * ({@code 0.2131}, {@code 22}, {@code 1.235e+06}); "∞", "−∞" and "NaN"
	 * spelt out.
	 */
	public static String of(final double x) {
		if (Double.isNaN(x)) return "NaN";
		if (Double.isInfinite(x)) return x > 0 ? "∞" : "−∞";
		if (x == Math.rint(x) && Math.abs(x) < 1e6) return String.valueOf((long) x);
		final String t = String.format(Locale.ROOT, "%.4g", x);
		if (t.contains("e") || !t.contains(".")) return t;
		return t.replaceAll("0+$", "").replaceAll("\\.$", "");
	}
}
