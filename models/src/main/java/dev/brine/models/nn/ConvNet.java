package dev.brine.models.nn;

import dev.brine.models.random.Pcg64;

import java.util.ArrayList;
import java.util.List;

/**
 * The small image classifier {@code brine train --model cnn} builds: for each width, a 3×3 {@code 'same'}
 * convolution, BatchNorm2d, ReLU and (while the image is at least 2×2) a 2×2 max-pool; then global average pooling,
 * Flatten and a Linear layer to the class scores. Weights are drawn from {@code seed} as PyTorch initialises them.
 */
public final class ConvNet {

    private ConvNet() {
    }

    /** A classifier of images {@code (channels, height, width)} into {@code classes} classes. */
    public static Sequential classifier(int[] imageShape, int classes, int[] widths, long seed) {
        if (imageShape.length != 3 || widths.length == 0 || classes < 2) {
            throw new IllegalArgumentException("a cnn takes images (channels, height, width), at least one width and "
                    + "two classes");
        }
        Pcg64 rng = Pcg64.seeded(seed);
        List<Sequential.Named> layers = new ArrayList<>();
        int channels = imageShape[0];
        int height = imageShape[1];
        int width = imageShape[2];
        for (int i = 0; i < widths.length; i++) {
            String n = Integer.toString(i + 1);
            layers.add(new Sequential.Named("conv" + n, new Conv(2, channels, widths[i], new int[] {3, 3},
                    new int[] {1, 1}, null, new int[] {1, 1}, 1, true).initialize(rng)));
            layers.add(new Sequential.Named("bn" + n, BatchNorm.of2d(widths[i])));
            layers.add(new Sequential.Named("relu" + n, Activation.of(Activation.Kind.RELU)));
            if (height >= 2 && width >= 2) {
                layers.add(new Sequential.Named("pool" + n, new Pool(true, 2, new int[] {2, 2}, new int[] {2, 2},
                        new int[] {0, 0}, new int[] {1, 1}, false, false)));
                height /= 2;
                width /= 2;
            }
            channels = widths[i];
        }
        layers.add(new Sequential.Named("avgpool", new AdaptiveAvgPool(2, new int[] {1, 1})));
        layers.add(new Sequential.Named("flatten", new Flatten()));
        layers.add(new Sequential.Named("fc", Linear.initialized(channels, classes, true, rng)));
        return new Sequential(imageShape, layers);
    }
}
