#@ File (label = "Score maps", style = "directory", required = false, persist = false) scores
#@ File (label = "Ground-truth masks", style = "directory", persist = false) masks
#@ String (label = "Method", choices = {"dilation", "erosion", "threshold-inner", "threshold-outer", "confidence-sets", "crc"}) method
#@ Double (label = "alpha", value = 0.1) alpha
#@ Double (label = "tolerance", value = 0.0) tolerance
#@ String (label = "Calibration name", value = "calibration") name
#@ File (label = "Calibration file", style = "save", required = false, persist = false) output
#@ Integer (label = "Threads (0 = all cores)", value = 0, min = 0, required = false) threads
#@ CommandService command
#@output Double lambda
#@output String report

// Calibrate a conformal method on a folder of score maps and a folder of ground-truth
// masks (paired by relative path), keep it in this session as `name`, and write it
// to `output`. Other parameters (shape, quantile, threshold, ...) keep their defaults.
import sc.fiji.conformal.command.CalibrateCommand

def module = command.run(CalibrateCommand, true,
	"scores", scores, "masks", masks, "method", method, "alpha", alpha,
	"tolerance", tolerance, "name", name, "output", output, "threads", threads).get()
// a failed or canceled run has logged why, in one line: stop without a stack trace
if (module.isCanceled()) return
lambda = module.getOutput("lambda")
report = module.getOutput("report")
