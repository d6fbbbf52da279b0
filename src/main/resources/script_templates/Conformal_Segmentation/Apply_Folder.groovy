#@ File (label = "Calibration file", style = "open", persist = false) calibrationFile
#@ File (label = "Score maps", style = "directory", persist = false) scores
#@ File (label = "Output folder", style = "directory", persist = false) output
#@ Boolean (label = "Overwrite existing files", value = false) overwrite
#@ Integer (label = "Threads (0 = all cores)", value = 0, min = 0, required = false) threads
#@ CommandService command
#@output String report

// Apply a saved calibration to every score map of a folder; the inner and outer masks
// go to output/inner/ and output/outer/ with the same relative names and formats.
import sc.fiji.conformal.command.ApplyFolderCommand

def module = command.run(ApplyFolderCommand, true,
	"calibrationFile", calibrationFile, "scores", scores, "output", output,
	"overwrite", overwrite, "threads", threads).get()
// a failed or canceled run has logged why, in one line: stop without a stack trace
if (module.isCanceled()) return
report = module.getOutput("report")
