package dev.brine.cli;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.FloatMatrix;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.Targets;
import dev.brine.python.numpy.NumpyFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image set of {@code brine train --model cnn}: an {@code .npz} holding the labels under the {@code --target}
 * name ({@code (n)} integers 0…k−1) and one other array, the images ({@code (n, channels, height, width)}, or
 * {@code (n, height, width)} for one channel, any numeric dtype).
 */
record ImageTraining(FloatMatrix images, int[] labels) {

    static ImageTraining read(Path npz, String target, Limits limits) {
        Map<String, Tensor> arrays = NumpyFiles.readNpz(npz, limits);
        Tensor labels = arrays.get(target);
        List<String> others = new ArrayList<>(arrays.keySet());
        others.remove(target);
        if (labels == null || others.size() != 1) {
            throw new IllegalArgumentException(npz + " holds arrays " + arrays.keySet() + "; a cnn needs the labels "
                    + "under --target " + target + " and exactly one other array, the images");
        }
        Tensor images = arrays.get(others.getFirst());
        long[] dims = images.shape().dims();
        if (dims.length != 3 && dims.length != 4) {
            throw new IncompatibleModelException(npz + ": the images '" + others.getFirst() + "' have shape "
                    + images.shape() + "; a cnn takes (n, channels, height, width) or (n, height, width)");
        }
        int rows = Math.toIntExact(dims[0]);
        int[] shape = dims.length == 4
                ? new int[] {Math.toIntExact(dims[1]), Math.toIntExact(dims[2]), Math.toIntExact(dims[3])}
                : new int[] {1, Math.toIntExact(dims[1]), Math.toIntExact(dims[2])};
        if (labels.numElements() != rows || labels.shape().dims().length != 1) {
            throw new IncompatibleModelException(npz + ": " + rows + " images but labels '" + target + "' of shape "
                    + labels.shape());
        }
        int[] classes = new int[rows];
        for (int i = 0; i < rows; i++) {
            long label = labels.getLong(i);
            if (label < 0 || label > 100_000) {
                throw new IncompatibleModelException(npz + ": label " + label + " at row " + i + " is not a class "
                        + "index 0…100000");
            }
            classes[i] = (int) label;
        }
        return new ImageTraining(FloatMatrix.of(rows, shape, images.toFloatArray()), classes);
    }

    Targets.Classes targets() {
        return new Targets.Classes(labels);
    }

    /** The share of images whose highest score is their label's. */
    double accuracy(Sequential network) {
        FloatMatrix scores = network.evaluate(images);
        int right = 0;
        for (int r = 0; r < scores.rows(); r++) {
            int best = 0;
            for (int c = 1; c < scores.cols(); c++) {
                if (scores.get(r, c) > scores.get(r, best)) best = c;
            }
            if (best == labels[r]) right++;
        }
        return (double) right / scores.rows();
    }
}
