package sc.fiji.conformal.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import sc.fiji.conformal.batch.Batch;
import sc.fiji.conformal.batch.ClassValidate;
import sc.fiji.conformal.batch.Reports;
import sc.fiji.conformal.core.ClassValidationResult;
import sc.fiji.conformal.core.SetWarnings;
import sc.fiji.conformal.core.Settings;
import sc.fiji.conformal.core.Validation;
import sc.fiji.conformal.core.ValidationResult;
import sc.fiji.conformal.core.run.ImageFailure;
import sc.fiji.conformal.core.run.Runner;
import sc.fiji.conformal.io.AtomicWrite;
import sc.fiji.conformal.io.Dataset;
import sc.fiji.conformal.io.ClassValidationTable;
import sc.fiji.conformal.io.InputGuard;
import sc.fiji.conformal.io.LabelDataset;
import sc.fiji.conformal.io.ValidationTable;
import sc.fiji.conformal.report.ClassValidationReport;
import sc.fiji.conformal.report.ValidationReport;

/**
 * Validate Conformal Sets: seeded random splits of a labelled dataset into
 * calibration and test images; a table of per-split and summary metrics
 * (the {@code validation} output), written as CSV when asked; optionally a
 * report folder ({@link ValidationReport}: tables next to the uncalibrated
 * baseline, coverage and score plots, overlay panels, an index page). With a
 * report, the validation is the report's at the method's own α: computed
 * once, in two passes that each read each file once.
 * <p>
 * With {@code classes} (label maps) or {@code groupBy}, the validation is per
 * class and group ({@link ClassValidate}, the {@code classValidation}
 * output): each split calibrated from the scores by the joint rule (per group
 * when grouped), each class's coverage, the joint coverage and the set sizes
 * measured on the test images; the table is {@link ClassValidationTable},
 * the report folder {@link ClassValidationReport}.
 */
@Plugin(type = Command.class, label = "Validate Conformal Sets", headless = true, visible = false)
public class ValidateCommand extends ClassMethodCommand {

	@Parameter(persist = false, label = "Random splits", description = "how many calibration/test splits to run", min = "1")
	private int splits = 100;

	@Parameter(persist = false, label = "Calibration share (0–1)", description = "share of the images that calibrates in each split", min = "0", max = "1", stepSize = "0.05")
	private double calibrationFraction = 0.5;

	@Parameter(persist = false, label = "Random seed", description = "same seed, same splits")
	private long seed = 1;

	@Parameter(label = "Save table as (CSV)", description = "optional: one row per split", style = FileWidget.SAVE_STYLE, required = false, persist = false)
	private File output;

	@Parameter(label = "Report folder (new)", description = "optional: index.html/.md, tables, plots, panels", style = FileWidget.DIRECTORY_STYLE, required = false, persist = false)
	private File reportFolder;

	@Parameter(label = "Replace existing files", description = "else an existing table or report folder is an error", required = false, persist = false)
	private boolean overwrite;

	@Parameter(type = ItemIO.OUTPUT, label = "validation")
	private ValidationResult validation;

	@Parameter(type = ItemIO.OUTPUT, label = "classValidation", description = "The validation per class and/or group (for scripts), when classes or groupBy are given")
	private ClassValidationResult classValidation;

	@Parameter(type = ItemIO.OUTPUT, label = "report")
	private String report;

	@Parameter(type = ItemIO.OUTPUT, label = "reportIndex")
	private File reportIndex;

	@Override
	public void run() {
		try {
			final Settings settings = settings();
			Validation.checkSplits(splits, calibrationFraction);
			final Runner runner = runner();
			if (perClassOrGroup()) {
				runPerClassOrGroup(settings, runner);
				return;
			}
			final Dataset data = dataset();
			// before any work: every output can be written and none is an input
			final InputGuard guard = InputGuard.of(data);
			checkOutputs(guard);
			final List<ImageFailure> skipped;
			if (reportFolder == null) {
				final Batch.Result<ValidationResult> run = Batch.validate(data, settings, splits,
					calibrationFraction, seed, runner, monitor("Validating"));
				validation = run.value();
				skipped = run.failures();
			}
			else {
				// the report validates at the method's own α too: take that validation, computed once
				final ValidationReport.Result r = ValidationReport.write(data, Collections.singletonList(
					settings), new ValidationReport.Options().splits(splits).calibrationFraction(
						calibrationFraction).seed(seed).overwrite(overwrite).title("Validation of " + settings
							.method().id()), reportFolder.toPath(), runner, monitor("Validating"));
				validation = r.methods().get(0).validation();
				skipped = r.failures();
				reportIndex = r.index().toFile();
			}
			reportSkipped(skipped, data.size());
			if (output != null) writeTable(() -> ValidationTable.writeCsv(validation, output.toPath(),
				overwrite));
			report = Reports.validation(validation, skipped, output);
			if (reportIndex != null) report += " Report written to " + reportIndex + ".";
			log.info(report);
			warn(SetWarnings.of(validation));
			clearStatus();
		}
		catch (final Exception e) {
			fail("Validation", e);
		}
	}

	/** Checks, before any work, that every output can be written and none is an input. */
	private void checkOutputs(final InputGuard guard) throws IOException {
		if (output != null) {
			guard.refuseFile(output.toPath(), "the validation table");
			AtomicWrite.check(output.toPath(), overwrite);
		}
		if (reportFolder != null) {
			guard.refuseFolder(reportFolder.toPath(), "the report folder");
			Files.createDirectories(reportFolder.toPath().toAbsolutePath().getParent());
			AtomicWrite.checkFolder(reportFolder.toPath(), overwrite);
		}
		if (output != null && reportFolder != null && InputGuard.real(output.toPath()).startsWith(
			InputGuard.real(reportFolder.toPath())))
		{
			throw new IllegalArgumentException("the validation table " + output +
				" would be inside the report folder " + reportFolder + ": choose it outside");
		}
	}

	/**
	 * Validates per class (label maps) and/or per group: the
	 * {@code classValidation} output, the log's summary, the table and the
	 * report folder when asked.
	 */
	private void runPerClassOrGroup(final Settings settings, final Runner runner)
		throws Exception
	{
		final ClassValidate.Run run;
		if (labelMaps()) {
			final LabelDataset data = labelDataset();
			final List<Path> inputs = new ArrayList<>();
			for (final LabelDataset.Entry e : data.entries()) {
				inputs.addAll(Arrays.asList(e.truth(), e.prediction(), e.probabilities()));
				inputs.addAll(e.classFiles().values());
			}
			inputs.removeIf(Objects::isNull);
			checkOutputs(InputGuard.of(inputs));
			run = ClassValidate.validate(data, labelClasses(data), settings, rule(), splits,
				calibrationFraction, seed, runner, monitor("Validating"));
		}
		else {
			final Dataset data = dataset();
			checkOutputs(InputGuard.of(data));
			run = ClassValidate.validate(data, groups(), groupColumn(), settings, splits,
				calibrationFraction, seed, runner, monitor("Validating"));
		}
		classValidation = run.validation();
		reportSkipped(run.failures(), run.total());
		for (final String w : run.warnings())
			log.warn(w);
		if (reportFolder != null) {
			reportIndex = ClassValidationReport.write(classValidation, run.failures(), "Validation of " +
				settings.method().id() + " per class and group", reportFolder.toPath(), overwrite).toFile();
		}
		if (output != null) writeTable(() -> ClassValidationTable.writeCsv(classValidation, output
			.toPath(), overwrite));
		report = ClassValidationReport.summary(classValidation, run.failures(), output == null ? null
			: output.toPath());
		if (reportIndex != null) report += " Report written to " + reportIndex + ".";
		log.info(report);
		warn(SetWarnings.of(classValidation));
		clearStatus();
	}

	/**
	 * Writes the table; if that fails after the report folder was written,
	 * removes the report folder this run wrote, so that nothing of a failed
	 * run is left behind (and a corrected rerun does not find it).
	 */
	private void writeTable(final TableWriter table) throws IOException {
		try {
			table.write();
		}
		catch (final IOException | RuntimeException e) {
			if (reportIndex != null) {
				try {
					AtomicWrite.deleteTree(reportFolder.toPath());
					reportIndex = null;
				}
				catch (final IOException d) {
					e.addSuppressed(d);
				}
			}
			throw e;
		}
	}

	/** Writes a validation table. */
	private interface TableWriter {

		void write() throws IOException;
	}
}
