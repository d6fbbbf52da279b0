#@ File (label = "Calibration file (per class or group)", style = "open", persist = false) calibrationFile
#@ File (label = "Manifest (id,probabilities,prediction[,group])", style = "open", persist = false) manifest
#@ String (label = "Groups", choices = {"none", "column", "folder"}) groupBy
#@ File (label = "Output folder", style = "directory", persist = false) output
#@ Boolean (label = "Overwrite existing files", value = false) overwrite
#@ CommandService command
#@output String report

# Apply a calibration per class (and group) to the images of a manifest (Jython
# version of Apply_Label_Maps.groovy): one mask per class and side under
# output/<class>/inner and output/<class>/outer, and output/volumes.csv with
# each image's volume bounds |I| <= |Y| <= |O| and their probability.
from sc.fiji.conformal.command import ApplyFolderCommand

module = command.run(ApplyFolderCommand, True,
	"calibrationFile", calibrationFile, "manifest", manifest, "groupBy", groupBy,
	"output", output, "overwrite", overwrite).get()
# a failed or canceled run has logged why, in one line: stop without a stack trace
if not module.isCanceled():
	report = module.getOutput("report")
