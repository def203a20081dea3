package dev.brine.python.torch;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsafeModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.StateDict;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.DType;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.nn.ArchitectureSpec;
import dev.brine.models.nn.Optimizer;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.StateDictKeys;
import dev.brine.python.PickleScanner;
import dev.brine.python.PythonGlobals;
import dev.brine.python.ScanReport;
import dev.brine.python.pickle.GlobalReference;
import dev.brine.python.pickle.PyDict;
import dev.brine.python.pickle.PyFloat;
import dev.brine.python.pickle.PyInt;
import dev.brine.python.pickle.PyObject;
import dev.brine.python.pickle.PyStr;
import dev.brine.python.pickle.PyValue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code torch.save} files as Brine networks: a state dict with an architecture ({@code --arch}, PyTorch notation),
 * a whole pickled {@code nn.Sequential} of standard layers without one, and checkpoint dicts
 * ({@code {'epoch', 'model_state_dict', 'optimizer_state_dict', 'loss', …}}) whose optimizer state becomes the
 * Brine optimizer's, so training continues where PyTorch stopped. The state dict of a checkpoint is the one
 * {@code --state-key} names, else the first of {@code model_state_dict}, {@code state_dict}, {@code model}. Without
 * an architecture a state dict stays weights only ({@link StateDict}).
 */
public final class TorchModels {

    /** The state-dict keys tried, in order, when a checkpoint is read without {@code --state-key}. */
    public static final List<String> DEFAULT_STATE_KEYS = List.of("model_state_dict", "state_dict", "model");

    /**
     * What a torch checkpoint holds for training on in Java: the network with its weights, the optimizer with the
     * state PyTorch saved (when the file has one) and the epoch it recorded.
     *
     * @param unresolvedOptimizer why the optimizer's class is unknown (Adam or AdamW with weight decay, saved by
     *                            torch before 2.6, no {@code --optimizer} given); then {@link #optimizer()} refuses
     */
    public record Checkpoint(Sequential network, Optional<Optimizer> optimizer, OptionalLong epoch,
                             Optional<String> unresolvedOptimizer) {

        /**
         * The optimizer to continue training with, empty when the file has none.
         *
         * @throws IncompatibleModelException when the file leaves its class open: resuming with a guessed update rule
         *                                    would silently train differently from PyTorch
         */
        @Override
        public Optional<Optimizer> optimizer() {
            unresolvedOptimizer.ifPresent(reason -> {
                throw new IncompatibleModelException(reason);
            });
            return optimizer;
        }
    }

    private TorchModels() {
    }

    /**
     * The model a torch file holds: a {@link Sequential} (carrying the optimizer state of a checkpoint as training
     * state) when the architecture is known, else the weights as a {@link StateDict}.
     */
    public static Model read(Path file, LoadOptions options) {
        checkChosenOptimizer(options);
        Optional<Json.JsonObject> given = givenArchitecture(options);
        TorchArchive archive = open(file, options.limits());
        String source = file.getFileName().toString();
        Selection selection = select(archive.root(), options.stateKey(), source);
        Optional<Json.JsonObject> architecture = architecture(selection, given, source);
        Map<String, Tensor> tensors = tensorsUnder(archive.tensors(), selection.prefix());
        if (architecture.isEmpty()) {
            return new StateDict(tensors.entrySet().stream().map(entry -> new NamedTensor(entry.getKey(),
                    entry.getValue(), TensorRole.PARAMETER)).toList());
        }
        Loaded loaded = checkpoint(archive, architecture.get(), tensors, options, source);
        if (loaded.optimizer().isEmpty()) {
            return loaded.network();
        }
        Json.ObjectBuilder details = Json.object().put("source", "pytorch");
        List<NamedTensor> optimizerState = switch (loaded.optimizer().orElseThrow()) {
            case TorchOptimizers.Resolved resolved -> {
                details.put("optimizer", resolved.optimizer().config());
                yield resolved.optimizer().stateTensors();
            }
            // Inference and conversion go on; the buffers are kept, and the settings of both candidates, so the
            // training state is complete once the class is known, but no "optimizer" is recorded to resume with.
            case TorchOptimizers.Unresolved unresolved -> {
                details.put("optimizer_unresolved", unresolved.reason())
                        .put("optimizer_candidates", Json.array(unresolved.candidates()));
                yield unresolved.state();
            }
        };
        loss(archive.root()).ifPresent(loss -> details.put("loss", loss));
        TrainingState state = new TrainingState(loaded.epoch().orElse(0), 0, 0, List.of(), details.build());
        return loaded.network().withCheckpoint(new Sequential.Checkpoint(optimizerState, state));
    }

    /** A checkpoint for continuing training in Java; the architecture comes from the options or a whole module. */
    public static Checkpoint readCheckpoint(Path file, LoadOptions options) {
        checkChosenOptimizer(options);
        Optional<Json.JsonObject> given = givenArchitecture(options);
        TorchArchive archive = open(file, options.limits());
        String source = file.getFileName().toString();
        Selection selection = select(archive.root(), options.stateKey(), source);
        Json.JsonObject architecture = architecture(selection, given, source).orElseThrow(() ->
                new IncompatibleModelException(source + ": a state dict needs an architecture to become a network; "
                        + "give it with --arch (LoadOptions.withArchitecture), e.g. 'Linear(4,16),ReLU,Linear(16,3)'"));
        Loaded loaded = checkpoint(archive, architecture, tensorsUnder(archive.tensors(), selection.prefix()),
                options, source);
        return switch (loaded.optimizer().orElse(null)) {
            case TorchOptimizers.Resolved resolved -> new Checkpoint(loaded.network(),
                    Optional.of(resolved.optimizer()), loaded.epoch(), Optional.empty());
            case TorchOptimizers.Unresolved unresolved -> new Checkpoint(loaded.network(), Optional.empty(),
                    loaded.epoch(), Optional.of(unresolved.reason()));
            case null -> new Checkpoint(loaded.network(), Optional.empty(), loaded.epoch(), Optional.empty());
        };
    }

    /** A checkpoint as read: the network, what its optimizer state dict became (if it has one), the epoch. */
    private record Loaded(Sequential network, Optional<TorchOptimizers.Outcome> optimizer, OptionalLong epoch) {
    }

    private static Loaded checkpoint(TorchArchive archive, Json.JsonObject architecture,
                                     Map<String, Tensor> tensors, LoadOptions options, String source) {
        try {
            return loaded(archive, architecture, tensors, options, source);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException | ClassCastException e) {
            // The network and optimizer check their settings when built; a file that breaks them is inconsistent.
            throw new IncompatibleModelException(source + ": the network or optimizer state is inconsistent ("
                    + e.getMessage() + ")", e);
        }
    }

    private static Loaded loaded(TorchArchive archive, Json.JsonObject architecture, Map<String, Tensor> tensors,
                                 LoadOptions options, String source) {
        Sequential network = withWeights(architecture, tensors, options, source);
        Optional<TorchOptimizers.Outcome> optimizer = optimizerState(archive.root()).map(state ->
                TorchOptimizers.of(state, network.parameters(), options.optimizer(), source, options.limits()));
        OptionalLong epoch = archive.root() instanceof PyDict dict && dict.get("epoch").orElse(null) instanceof PyInt
                value && value.fitsLong() ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
        return new Loaded(network, optimizer, epoch);
    }

    /** {@code --optimizer}, checked before the file is read: a name Brine does not know is the caller's mistake. */
    private static void checkChosenOptimizer(LoadOptions options) {
        options.optimizer().filter(name -> !TorchOptimizers.ADAM_CLASSES.contains(name)).ifPresent(name -> {
            throw new IllegalArgumentException("--optimizer " + name + ": Brine asks for the class only where the file"
                    + " cannot tell Adam from AdamW; give one of " + TorchOptimizers.ADAM_CLASSES);
        });
    }

    /**
     * The network with these weights, loaded as the options say ({@link StateDictKeys}: strictly unless
     * {@code --non-strict}, prefixes stripped, added or detected); floating-point weights of another precision are
     * converted to float32 first, as PyTorch's {@code load_state_dict} copies them into float32 parameters.
     */
    private static Sequential withWeights(Json.JsonObject architecture, Map<String, Tensor> stateDict,
                                          LoadOptions options, String source) {
        Sequential network = Sequential.fromArchitecture(architecture);
        List<NamedTensor> tensors = stateDict.entrySet().stream().map(entry -> new NamedTensor(entry.getKey(),
                widened(entry.getValue()), TensorRole.PARAMETER)).toList();
        StateDictKeys.load(network, tensors, options, source);
        return network;
    }

    private static Tensor widened(Tensor tensor) {
        return switch (tensor.dtype()) {
            case F64, F16, BF16, F8_E4M3, F8_E5M2 -> tensor.to(DType.F32);
            default -> tensor;
        };
    }

    /** The object that holds the weights and the prefix its tensors carry in the archive. */
    private record Selection(PyValue model, String prefix) {
    }

    private static Selection select(PyValue root, Optional<String> stateKey, String source) {
        if (!(root instanceof PyDict dict)) {
            if (TorchModules.isModule(root)) {
                return new Selection(root, "");
            }
            throw new IncompatibleModelException(source + ": holds a " + root.typeName() + ", not a state dict, a "
                    + "checkpoint dict or an nn.Module");
        }
        if (stateKey.isPresent()) {
            PyValue value = dict.get(stateKey.get()).orElseThrow(() -> new IncompatibleModelException(source
                    + ": the checkpoint has no key '" + stateKey.get() + "' (--state-key); its keys are "
                    + keys(dict)));
            return new Selection(value, stateKey.get());
        }
        if (!dict.entries().isEmpty() && dict.entries().values().stream().allMatch(v -> v instanceof TorchTensor)) {
            return new Selection(dict, "");
        }
        for (String key : DEFAULT_STATE_KEYS) {
            Optional<PyValue> value = dict.get(key);
            if (value.isPresent() && (value.get() instanceof PyDict || TorchModules.isModule(value.get()))) {
                return new Selection(value.get(), key);
            }
        }
        throw new IncompatibleModelException(source + ": a checkpoint with keys " + keys(dict) + " and none of "
                + DEFAULT_STATE_KEYS + "; name the state dict with --state-key");
    }

    /** {@code --arch}, parsed before the file is read: a malformed spec is the caller's mistake, not the file's. */
    private static Optional<Json.JsonObject> givenArchitecture(LoadOptions options) {
        return options.architecture().map(spec -> ArchitectureSpec.parse(spec).architecture());
    }

    private static Optional<Json.JsonObject> architecture(Selection selection, Optional<Json.JsonObject> given,
                                                          String source) {
        if (given.isPresent()) {
            return given;
        }
        if (selection.model() instanceof PyObject module && TorchModules.isModule(module)) {
            return Optional.of(TorchModules.architecture(module, source));
        }
        return Optional.empty();
    }

    /** The optimizer state dict of a checkpoint: the entry holding {@code state} and {@code param_groups}. */
    private static Optional<PyDict> optimizerState(PyValue root) {
        if (!(root instanceof PyDict dict)) {
            return Optional.empty();
        }
        return dict.entries().values().stream()
                .filter(value -> value instanceof PyDict candidate && candidate.get("param_groups").isPresent()
                        && candidate.get("state").isPresent())
                .map(PyDict.class::cast).findFirst();
    }

    private static Optional<Json> loss(PyValue root) {
        if (root instanceof PyDict dict) {
            return switch (dict.get("loss").orElse(null)) {
                case PyFloat value when Double.isFinite(value.value()) -> Optional.of(Json.of(value.value()));
                case TorchTensor tensor when tensor.size().length == 0 -> Optional.of(Json.of(
                        tensor.toTensor(Limits.DEFAULTS).getDouble(0)));
                case null, default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    private static Map<String, Tensor> tensorsUnder(Map<String, Tensor> tensors, String prefix) {
        if (prefix.isEmpty()) {
            return tensors;
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        String start = prefix + ".";
        tensors.forEach((name, tensor) -> {
            if (name.startsWith(start)) out.put(name.substring(start.length()), tensor);
        });
        return out;
    }

    private static String keys(PyDict dict) {
        return dict.entries().keySet().stream().map(key -> key instanceof PyStr text ? text.value() : key.toString())
                .toList().toString();
    }

    /**
     * Reads the archive; a pickled module of a user-defined class is refused as unsafe (its class would be code to
     * run) with the remedy: save its state dict and give the architecture.
     */
    /**
     * The {@code --arch} of a pickled module of user-defined classes, read as inert data (the classes it names are
     * recorded, never imported or run), when its children are standard layers; empty otherwise.
     */
    private static Optional<String> architectureOf(Path file, ScanReport report, Limits limits) {
        dev.brine.python.pickle.AllowList.Builder inert = dev.brine.python.pickle.AllowList.builder()
                .allowAll(PythonGlobals.defaults());
        for (ScanReport.Finding finding : report.unsafe()) {
            GlobalReference global = finding.global();
            if (global.module().startsWith("torch") || global.name().isEmpty()
                    || !Character.isUpperCase(global.name().charAt(0))) {
                return Optional.empty();
            }
            inert.allowPlainClass(global.module(), global.name());
        }
        try {
            if (TorchArchives.read(file, inert.build(), limits).root() instanceof PyObject module) {
                String spec = TorchModules.children(module, file.getFileName().toString());
                ArchitectureSpec.parse(spec);
                return Optional.of(spec);
            }
        } catch (RuntimeException notDescribable) {
            // Layers Brine lacks or an odd tree: the refusal then gives the general remedy.
        }
        return Optional.empty();
    }

    private static TorchArchive open(Path file, Limits limits) {
        try {
            return TorchArchives.read(file, PythonGlobals.defaults(), limits);
        } catch (UnsafeModelException refusal) {
            ScanReport report = PickleScanner.scan(file, PythonGlobals.defaults(), limits);
            Optional<GlobalReference> userClass = report.unsafe().stream().map(ScanReport.Finding::global)
                    .filter(global -> !global.module().startsWith("torch") && !global.name().isEmpty()
                            && Character.isUpperCase(global.name().charAt(0))).findFirst();
            if (userClass.isEmpty()) {
                throw refusal;
            }
            throw new UnsafeModelException(refusal.getMessage() + " " + userClass.get().qualifiedName() + " looks like "
                    + "a model class of your own: Brine never imports model code. Save its weights instead, "
                    + "torch.save(model.state_dict(), path), and load them with the architecture: "
                    + architectureOf(file, report, limits).map(spec -> "--arch '" + spec + "' (read from the "
                    + "module's pickled attributes; check it against the class's forward)")
                    .orElse("--arch, e.g. 'Linear(4,16),ReLU,Linear(16,3)'") + ".", refusal);
        }
    }
}
