#@ File (label = "Manifest (id,probabilities,labels,prediction[,group])", style = "open", persist = false) manifest
#@ String (label = "Classes (e.g. 1:anterior,2:posterior, or auto)", value = "auto") classes
#@ String (label = "Joint rule", choices = {"per-class", "bonferroni", "max"}) jointRule
#@ String (label = "Groups", choices = {"none", "column", "folder"}) groupBy
#@ String (label = "Method", choices = {"dilation", "erosion", "threshold-inner", "threshold-outer", "confidence-sets", "crc"}) method
#@ Double (label = "alpha", value = 0.1) alpha
#@ Double (label = "tolerance", value = 0.0) tolerance
#@ File (label = "Calibration file", style = "save", persist = false) output
#@ CommandService command
#@output String report

// Calibrate a conformal method per class of a label map (one-vs-rest: truth = label c,
// prediction = label c, score = the probability of c), with a guarantee per class or for
// all classes at once, optionally one calibration per group, and write it to `output`
// (calibration file format version 2). Other parameters keep their defaults.
import sc.fiji.conformal.command.CalibrateCommand

def module = command.run(CalibrateCommand, true,
	"manifest", manifest, "classes", classes, "jointRule", jointRule, "groupBy", groupBy,
	"method", method, "alpha", alpha, "tolerance", tolerance, "output", output).get()
// a failed or canceled run has logged why, in one line: stop without a stack trace
if (module.isCanceled()) return
report = module.getOutput("report")
