#@ File (label = "Calibration file", style = "open", persist = false) calibrationFile
#@ File (label = "Score maps", style = "directory", persist = false) scores
#@ File (label = "Output folder", style = "directory", persist = false) output
#@ Boolean (label = "Overwrite existing files", value = false) overwrite
#@ ConformalService conformal
#@output String report

// Apply a saved calibration to every score map of a folder; the inner and outer masks
// go to output/inner/ and output/outer/ with the same relative names and formats.
import sc.fiji.conformal.batch.Batch
import sc.fiji.conformal.ij.ImageJFiles
import sc.fiji.conformal.io.Dataset

def calibration = conformal.load(calibrationFile, null)
def data = Dataset.fromFolders(scores.toPath(), null, null, new ImageJFiles())
def result = Batch.apply(calibration, data, output.toPath(), new ImageJFiles(), overwrite)
report = result.summary()
