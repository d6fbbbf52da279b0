#@ File (label = "Calibration file", style = "open", persist = false) calibrationFile
#@ File (label = "Score maps", style = "directory", persist = false) scores
#@ File (label = "Output folder", style = "directory", persist = false) output
#@ Boolean (label = "Overwrite existing files", value = false) overwrite
#@ ConformalService conformal
#@output String report

# Apply a saved calibration to a folder (Jython version of Apply_Folder.groovy).
from sc.fiji.conformal.batch import Batch
from sc.fiji.conformal.ij import ImageJFiles
from sc.fiji.conformal.io import Dataset

calibration = conformal.load(calibrationFile, None)
data = Dataset.fromFolders(scores.toPath(), None, None, ImageJFiles())
report = Batch.apply(calibration, data, output.toPath(), ImageJFiles(), overwrite).summary()
