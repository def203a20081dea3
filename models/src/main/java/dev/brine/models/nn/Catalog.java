package dev.brine.models.nn;

import dev.brine.core.UnsupportedModelException;

import java.util.ArrayList;
import java.util.List;

/**
 * Standard architectures by name, built as torchvision builds them, with the module names of torchvision's state
 * dicts ({@code layer1.0.conv1.weight}, {@code features.3.conv.1.0.weight}), so a saved {@code state_dict()} loads
 * strictly: {@code torchvision.resnet18}, {@code resnet34}, {@code resnet50}, {@code resnet101},
 * {@code torchvision.vgg11}, {@code vgg16}, {@code torchvision.alexnet}, {@code torchvision.mobilenet_v2},
 * {@code torchvision.squeezenet1_0}, {@code squeezenet1_1}. Each takes
 * {@code (3, 224, 224)} images (other sizes where the pooling allows) and gives 1000 class scores; a suffix
 * {@code (num_classes=10)} changes the last layer's width.
 */
public final class Catalog {

    public static final List<String> NAMES = List.of("torchvision.resnet18", "torchvision.resnet34",
            "torchvision.resnet50", "torchvision.resnet101", "torchvision.vgg11", "torchvision.vgg16",
            "torchvision.alexnet", "torchvision.mobilenet_v2", "torchvision.squeezenet1_0", "torchvision.squeezenet1_1");

    private Catalog() {
    }

    static boolean isCatalogName(String spec) {
        return spec.startsWith("torchvision.");
    }

    /** The named architecture with zero weights. */
    public static Sequential build(String spec) {
        String name = spec;
        int classes = 1000;
        int open = spec.indexOf('(');
        if (open > 0 && spec.endsWith(")")) {
            name = spec.substring(0, open).strip();
            String argument = spec.substring(open + 1, spec.length() - 1).replace(" ", "");
            if (!argument.startsWith("num_classes=")) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": a catalog entry takes only "
                        + "num_classes=N");
            }
            try {
                classes = Integer.parseInt(argument.substring("num_classes=".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("architecture \"" + spec + "\": num_classes is not an integer");
            }
            if (classes < 1) throw new IllegalArgumentException("architecture \"" + spec + "\": num_classes < 1");
        }
        List<Sequential.Named> layers = switch (name) {
            case "torchvision.resnet18" -> resnet(false, new int[] {2, 2, 2, 2}, classes);
            case "torchvision.resnet34" -> resnet(false, new int[] {3, 4, 6, 3}, classes);
            case "torchvision.resnet50" -> resnet(true, new int[] {3, 4, 6, 3}, classes);
            case "torchvision.resnet101" -> resnet(true, new int[] {3, 4, 23, 3}, classes);
            case "torchvision.vgg11" -> vgg(new int[] {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0}, classes);
            case "torchvision.vgg16" -> vgg(new int[] {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0,
                    512, 512, 512, 0}, classes);
            case "torchvision.alexnet" -> alexnet(classes);
            case "torchvision.mobilenet_v2" -> mobilenetV2(classes);
            case "torchvision.squeezenet1_0" -> squeezenet(false, classes);
            case "torchvision.squeezenet1_1" -> squeezenet(true, classes);
            default -> throw new UnsupportedModelException("architecture \"" + spec + "\" is not in Brine's catalog; "
                    + "known: " + NAMES);
        };
        return new Sequential(new int[] {3, 224, 224}, layers);
    }

    private static Sequential.Named named(String name, Layer layer) {
        return new Sequential.Named(name, layer);
    }

    private static Conv conv(int in, int out, int kernel, int stride, int padding, int groups, boolean bias) {
        return new Conv(2, in, out, new int[] {kernel, kernel}, new int[] {stride, stride},
                new int[] {padding, padding}, new int[] {1, 1}, groups, bias);
    }

    private static Activation relu() {
        return Activation.of(Activation.Kind.RELU);
    }

    private static Pool maxPool(int kernel, int stride, int padding) {
        return new Pool(true, 2, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, false, false);
    }

    private static AdaptiveAvgPool adaptive(int size) {
        return new AdaptiveAvgPool(2, new int[] {size, size});
    }

    /** torchvision's ResNet: BasicBlock (two 3×3) or Bottleneck (1×1, 3×3 with the stride, 1×1 ×4). */
    private static List<Sequential.Named> resnet(boolean bottleneck, int[] blocks, int classes) {
        List<Sequential.Named> layers = new ArrayList<>(List.of(named("conv1", conv(3, 64, 7, 2, 3, 1, false)),
                named("bn1", BatchNorm.of2d(64)), named("relu", relu()), named("maxpool", maxPool(3, 2, 1))));
        int expansion = bottleneck ? 4 : 1;
        int inplanes = 64;
        for (int stage = 0; stage < 4; stage++) {
            int planes = 64 << stage;
            List<Sequential.Named> stageBlocks = new ArrayList<>();
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = b == 0 && stage > 0 ? 2 : 1;
                List<Sequential.Named> body = bottleneck ? List.of(
                        named("conv1", conv(inplanes, planes, 1, 1, 0, 1, false)), named("bn1", BatchNorm.of2d(planes)),
                        named("relu1", relu()),
                        named("conv2", conv(planes, planes, 3, stride, 1, 1, false)),
                        named("bn2", BatchNorm.of2d(planes)), named("relu2", relu()),
                        named("conv3", conv(planes, planes * 4, 1, 1, 0, 1, false)),
                        named("bn3", BatchNorm.of2d(planes * 4)))
                        : List.of(named("conv1", conv(inplanes, planes, 3, stride, 1, 1, false)),
                        named("bn1", BatchNorm.of2d(planes)), named("relu", relu()),
                        named("conv2", conv(planes, planes, 3, 1, 1, 1, false)), named("bn2", BatchNorm.of2d(planes)));
                List<Sequential.Named> shortcut = stride != 1 || inplanes != planes * expansion
                        ? List.of(named("downsample", Block.sequential(conv(inplanes, planes * expansion, 1, stride, 0,
                        1, false), BatchNorm.of2d(planes * expansion)))) : List.of();
                stageBlocks.add(named(Integer.toString(b), Block.residual(body, shortcut, relu())));
                inplanes = planes * expansion;
            }
            layers.add(named("layer" + (stage + 1), Block.sequential(stageBlocks)));
        }
        layers.add(named("avgpool", adaptive(1)));
        layers.add(named("flatten", new Flatten()));
        layers.add(named("fc", Linear.zeros(512 * expansion, classes, true)));
        return layers;
    }

    /** torchvision's VGG without batch norm: {@code config} lists conv widths, 0 for a max-pool. */
    private static List<Sequential.Named> vgg(int[] config, int classes) {
        List<Layer> features = new ArrayList<>();
        int in = 3;
        for (int width : config) {
            if (width == 0) {
                features.add(maxPool(2, 2, 0));
            } else {
                features.add(conv(in, width, 3, 1, 1, 1, true));
                features.add(relu());
                in = width;
            }
        }
        return List.of(named("features", Block.sequential(features.toArray(Layer[]::new))),
                named("avgpool", adaptive(7)), named("flatten", new Flatten()),
                named("classifier", Block.sequential(Linear.zeros(512 * 7 * 7, 4096, true), relu(), new Dropout(0.5),
                        Linear.zeros(4096, 4096, true), relu(), new Dropout(0.5), Linear.zeros(4096, classes, true))));
    }

    private static List<Sequential.Named> alexnet(int classes) {
        Block features = Block.sequential(conv(3, 64, 11, 4, 2, 1, true), relu(), maxPool(3, 2, 0),
                conv(64, 192, 5, 1, 2, 1, true), relu(), maxPool(3, 2, 0), conv(192, 384, 3, 1, 1, 1, true), relu(),
                conv(384, 256, 3, 1, 1, 1, true), relu(), conv(256, 256, 3, 1, 1, 1, true), relu(), maxPool(3, 2, 0));
        return List.of(named("features", features), named("avgpool", adaptive(6)), named("flatten", new Flatten()),
                named("classifier", Block.sequential(new Dropout(0.5), Linear.zeros(256 * 6 * 6, 4096, true), relu(),
                        new Dropout(0.5), Linear.zeros(4096, 4096, true), relu(), Linear.zeros(4096, classes, true))));
    }

    /** torchvision's Conv2dNormActivation with ReLU6: {@code 0} conv (no bias), {@code 1} BatchNorm2d, {@code 2}. */
    private static Block convNormRelu6(int in, int out, int kernel, int stride, int groups) {
        return Block.sequential(conv(in, out, kernel, stride, (kernel - 1) / 2, groups, false), BatchNorm.of2d(out),
                Activation.of(Activation.Kind.RELU6));
    }

    /** torchvision's Fire: squeeze 1×1, then expand 1×1 and 3×3 concatenated, each with its ReLU. */
    private static Block fire(int in, int squeeze, int expand1x1, int expand3x3) {
        return Block.concat(List.of(named("squeeze", conv(in, squeeze, 1, 1, 0, 1, true)),
                        named("squeeze_activation", relu())),
                List.of(List.of(named("expand1x1", conv(squeeze, expand1x1, 1, 1, 0, 1, true)),
                                named("expand1x1_activation", relu())),
                        List.of(named("expand3x3", conv(squeeze, expand3x3, 3, 1, 1, 1, true)),
                                named("expand3x3_activation", relu()))));
    }

    private static Pool ceilMaxPool() {
        return new Pool(true, 2, new int[] {3, 3}, new int[] {2, 2}, new int[] {0, 0}, new int[] {1, 1}, true, false);
    }

    private static List<Sequential.Named> squeezenet(boolean v11, int classes) {
        Block features = v11
                ? Block.sequential(conv(3, 64, 3, 2, 0, 1, true), relu(), ceilMaxPool(), fire(64, 16, 64, 64),
                fire(128, 16, 64, 64), ceilMaxPool(), fire(128, 32, 128, 128), fire(256, 32, 128, 128), ceilMaxPool(),
                fire(256, 48, 192, 192), fire(384, 48, 192, 192), fire(384, 64, 256, 256), fire(512, 64, 256, 256))
                : Block.sequential(conv(3, 96, 7, 2, 0, 1, true), relu(), ceilMaxPool(), fire(96, 16, 64, 64),
                fire(128, 16, 64, 64), fire(128, 32, 128, 128), ceilMaxPool(), fire(256, 32, 128, 128),
                fire(256, 48, 192, 192), fire(384, 48, 192, 192), fire(384, 64, 256, 256), ceilMaxPool(),
                fire(512, 64, 256, 256));
        return List.of(named("features", features), named("classifier", Block.sequential(new Dropout(0.5),
                conv(512, classes, 1, 1, 0, 1, true), relu(), adaptive(1))), named("flatten", new Flatten()));
    }

    private static List<Sequential.Named> mobilenetV2(int classes) {
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
                {6, 320, 1, 1}};
        List<Sequential.Named> features = new ArrayList<>();
        features.add(named("0", convNormRelu6(3, 32, 3, 2, 1)));
        int in = 32;
        for (int[] setting : settings) {
            for (int i = 0; i < setting[2]; i++) {
                int stride = i == 0 ? setting[3] : 1;
                int out = setting[1];
                int hidden = in * setting[0];
                List<Layer> conv = new ArrayList<>();
                if (setting[0] != 1) conv.add(convNormRelu6(in, hidden, 1, 1, 1));
                conv.add(convNormRelu6(hidden, hidden, 3, stride, hidden));
                conv.add(conv(hidden, out, 1, 1, 0, 1, false));
                conv.add(BatchNorm.of2d(out));
                List<Sequential.Named> body = List.of(named("conv", Block.sequential(conv.toArray(Layer[]::new))));
                Layer block = stride == 1 && in == out ? Block.residual(body, List.of(), null) : Block.sequential(body);
                features.add(named(Integer.toString(features.size()), block));
                in = out;
            }
        }
        features.add(named(Integer.toString(features.size()), convNormRelu6(in, 1280, 1, 1, 1)));
        return List.of(named("features", Block.sequential(features)), named("avgpool", adaptive(1)),
                named("flatten", new Flatten()),
                named("classifier", Block.sequential(new Dropout(0.2), Linear.zeros(1280, classes, true))));
    }
}
