/**
 * Reading what Python writes without Python and without running anything from the file: the safe pickle machine
 * ({@link dev.brine.python.pickle}), numpy arrays, joblib files, PyTorch archives, scikit-learn estimators as Brine
 * models ({@link dev.brine.python.sklearn.SklearnModels}), PyTorch networks and checkpoints
 * ({@link dev.brine.python.torch.TorchModels}), and {@link dev.brine.python.PickleScanner} for {@code brine scan}.
 * See {@code docs/python-formats.md}.
 */
package dev.brine.python;
