#@ File (label = "Score maps", style = "directory", required = false, persist = false) scores
#@ File (label = "Ground-truth masks", style = "directory", persist = false) masks
#@ String (label = "Method", choices = {"dilation", "erosion", "threshold-inner", "threshold-outer", "confidence-sets", "crc"}) method
#@ Double (label = "alpha", value = 0.1) alpha
#@ Double (label = "tolerance", value = 0.0) tolerance
#@ Integer (label = "Random splits", value = 100) splits
#@ File (label = "Table (CSV)", style = "save", required = false, persist = false) output
#@ Integer (label = "Threads (0 = all cores)", value = 0, min = 0, required = false) threads
#@ CommandService command
#@output Double validity
#@output String report

// Seeded random half/half splits: how often the guarantee held on the test halves.
import sc.fiji.conformal.command.ValidateCommand
import sc.fiji.conformal.core.Measure

def module = command.run(ValidateCommand, true,
	"scores", scores, "masks", masks, "method", method, "alpha", alpha,
	"tolerance", tolerance, "splits", splits, "output", output, "threads", threads).get()
// a failed or canceled run has logged why, in one line: stop without a stack trace
if (module.isCanceled()) return
validity = module.getOutput("validation").mean(Measure.VALIDITY)
report = module.getOutput("report")
