/**
 * Validation reports: tables, plots and overlay panels that show the
 * conformal guarantees on labelled data, written as one folder with an
 * {@code index.md}. Uses ImageJ 1.x for drawing (works headless).
 *
 * <pre>
 * ValidationReport.Result r = ValidationReport.write(samples,
 * 	Arrays.asList(settingsA, settingsB),
 * 	new ValidationReport.Options().splits(100).seed(1), Paths.get("report"));
 * System.out.println(r.index());
 * </pre>
 */
package sc.fiji.conformal.report;
