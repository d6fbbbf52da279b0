#@ File (label = "Score maps", style = "directory", required = false, persist = false) scores
#@ File (label = "Ground-truth masks", style = "directory", persist = false) masks
#@ String (label = "Method", choices = {"dilation", "erosion", "threshold-inner", "threshold-outer", "confidence-sets", "crc"}) method
#@ Double (label = "alpha", value = 0.1) alpha
#@ Double (label = "tolerance", value = 0.0) tolerance
#@ String (label = "Calibration name", value = "calibration") name
#@ File (label = "Calibration file", style = "save", required = false, persist = false) output
#@ Integer (label = "Threads (0 = all cores)", value = 0, min = 0, required = false) threads
#@ CommandService command
#@output Double lam
#@output String report

# Calibrate a conformal method on paired folders (Jython version of Calibrate_Folder.groovy).
from sc.fiji.conformal.command import CalibrateCommand

module = command.run(CalibrateCommand, True,
	"scores", scores, "masks", masks, "method", method, "alpha", alpha,
	"tolerance", tolerance, "name", name, "output", output, "threads", threads).get()
# a failed or canceled run has logged why, in one line: stop without a stack trace
if not module.isCanceled():
	lam = module.getOutput("lambda")
	report = module.getOutput("report")
