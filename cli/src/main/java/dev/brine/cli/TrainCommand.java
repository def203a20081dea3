package dev.brine.cli;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.Models;
import dev.brine.core.model.LoadOptions;
import dev.brine.core.model.Model;
import dev.brine.core.model.SaveOptions;
import dev.brine.models.Lineage;
import dev.brine.models.Metrics;
import dev.brine.models.Trainers;
import dev.brine.models.data.CsvTable;
import dev.brine.models.data.Table;
import dev.brine.models.nn.MlpRun;
import dev.brine.models.nn.Sequential;
import dev.brine.models.nn.TabularNetwork;
import dev.brine.models.nn.Trainer;
import dev.brine.models.tabular.IncrementalModel;
import dev.brine.models.tabular.TabularModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "train", description = "Train a Java model from a CSV file with a header row (or, for cnn, an .npz"
        + " of images and labels) and save it as .brine. Networks (mlp, cnn) train in epochs, can write checkpoints and"
        + " resume from one exactly. With --from, a saved model trains further on new rows.")
final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    LimitFlags limitFlags;

    @Option(names = "--model", paramLabel = "TYPE", description = "linear, ridge, lasso, elasticnet, logistic, tree,"
            + " forest, extratrees, gboost, mlp, or cnn (a small convolutional image classifier, --data FILE.npz)."
            + " Required unless --from is given.")
    String type;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Training rows with a header;"
            + " for cnn an .npz holding the labels (named by --target) and the images (n, channels, height, width).")
    Path data;

    @Option(names = "--target", required = true, paramLabel = "COL", description = "The column to predict.")
    String target;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.brine", description = "Where to save.")
    Path output;

    @Option(names = "--task", paramLabel = "TASK", description = "classification or regression (default: inferred"
            + " from the target: text or a few distinct integers mean classification).")
    String task;

    @Option(names = "--param", paramLabel = "K=V", description = "Hyper-parameter by scikit-learn's name, e.g."
            + " n_estimators=50, max_depth=4, alpha=0.1. Repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--layers", paramLabel = "N,N", description = "mlp: hidden layer sizes, e.g. 64,32; cnn: the"
            + " convolutions' widths (default 16,32).")
    String layers;

    @Option(names = "--activation", description = "mlp: relu, tanh, sigmoid, gelu, silu, elu, leaky_relu.")
    String activation;

    @Option(names = "--optimizer", description = "mlp: sgd, adam, adamw, rmsprop, adagrad.")
    String optimizer;

    @Option(names = "--lr", description = "mlp: learning rate.")
    String learningRate;

    @Option(names = "--batch-size", description = "mlp: rows per step.")
    String batchSize;

    @Option(names = "--epochs", description = "mlp: train until this many epochs in total (default 20; with --from,"
            + " one more epoch).")
    Integer epochs;

    @Option(names = "--checkpoint-every", paramLabel = "K", description = "mlp: save a checkpoint every K epochs.")
    int checkpointEvery;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR", defaultValue = "checkpoints",
            description = "mlp: where checkpoints go, named epoch-0003.brine (default ${DEFAULT-VALUE}).")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "CKPT.brine", description = "mlp: continue the training a checkpoint"
            + " holds, on the same data, until --epochs in total.")
    Path resume;

    @picocli.CommandLine.Mixin
    VerifyFlags verifyFlags;

    @Option(names = "--from", paramLabel = "MODEL.brine", description = "Train a saved model further on the new rows"
            + " of --data, without the old ones (partial_fit): linear and ridge reach the fit on all rows, lasso and"
            + " elastic net its optimum, logistic comes close (a second-order summary of the old rows), mlp trains"
            + " more epochs. The output records MODEL.brine and its SHA-256 as its parent.")
    Path from;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ("cnn".equals(type) || (type == null && from == null && data.getFileName().toString().endsWith(".npz"))) {
            try {
                return trainImages(out);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        Table table = CsvTable.read(data);
        try {
            TabularModel model;
            if (from != null) {
                model = trainFurther(table, out);
            } else if (resume != null || "mlp".equals(type)) {
                model = trainNetwork(table, out);
            } else if (type == null) {
                throw new IllegalArgumentException("give --model TYPE for a new model, --resume CKPT.brine to continue"
                        + " a checkpoint, or --from MODEL.brine to train a saved model further");
            } else {
                model = trainOnce(table);
            }
            out.println("metrics on " + (from != null ? "the new rows" : "the training data") + ": "
                    + Metrics.evaluate(model, table, target));
            out.println("saved " + output);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return 0;
    }

    private Optional<Trainers.Task> task() {
        return Optional.ofNullable(task).map(name -> Trainers.Task.valueOf(name.toUpperCase(Locale.ROOT)));
    }

    private TabularModel trainOnce(Table table) {
        if (epochs != null) {
            throw new IllegalArgumentException("--epochs applies to iterative models (mlp); " + type
                    + " is trained in one pass");
        }
        TabularModel model = Trainers.train(type, table, target, params, task(), seed);
        Models.save(model, output);
        return model;
    }

    private TabularModel trainFurther(Table table, PrintWriter out) {
        if (type != null || resume != null || !params.isEmpty() || layers != null || activation != null
                || optimizer != null || learningRate != null || batchSize != null) {
            throw new IllegalArgumentException("--from continues with the saved model's type and hyper-parameters;"
                    + " drop --model, --resume, --param and the mlp settings");
        }
        Model parent = Models.load(from, verifyFlags.apply(LoadOptions.DEFAULTS).withLimits(limitFlags.limits()));
        if (!(parent instanceof IncrementalModel incremental)) {
            throw new UnsupportedModelException(from + " holds a " + parent.type() + ", which cannot train further"
                    + " on new rows; linear, ridge, lasso, elasticnet, logistic and mlp models (and pipelines ending"
                    + " in one) can. Train a new model on all rows with --model.");
        }
        SaveOptions lineage = Lineage.continuedFrom(from);
        if (incremental instanceof TabularNetwork network) {
            MlpRun run = Trainers.continueNetwork(network, table, target);
            out.println("continuing " + from + " at epoch " + run.epoch() + " on " + table.rowCount() + " new rows");
            return trainEpochs(run, epochs != null ? epochs : run.epoch() + 1, lineage, out);
        }
        TabularModel continued = Trainers.trainFurther(incremental, table, target);
        Models.save(continued, output, lineage);
        return continued;
    }

    private TabularModel trainNetwork(Table table, PrintWriter out) {
        Map<String, String> all = new LinkedHashMap<>(params);
        putIfGiven(all, "layers", layers);
        putIfGiven(all, "activation", activation);
        putIfGiven(all, "optimizer", optimizer);
        putIfGiven(all, "lr", learningRate);
        putIfGiven(all, "batch_size", batchSize);
        MlpRun run;
        SaveOptions saveOptions;
        if (resume != null) {
            if (type != null && !type.equals("mlp")) {
                throw new IllegalArgumentException("--resume continues mlp checkpoints; " + type + " is trained in one"
                        + " pass");
            }
            Model checkpoint = Models.load(resume, verifyFlags.apply(LoadOptions.DEFAULTS)
                    .withLimits(limitFlags.limits()));
            if (!(checkpoint instanceof TabularNetwork network)) {
                throw new IncompatibleModelException(resume + " holds a " + checkpoint.type() + ", not an mlp"
                        + " checkpoint; --resume continues files written by `brine train --model mlp`.");
            }
            run = Trainers.resumeNetwork(network, table, target);
            saveOptions = Lineage.continuedFrom(resume);
            out.println("resuming " + resume + " at epoch " + run.epoch());
        } else {
            run = Trainers.startNetwork(table, target, all, task(), seed);
            saveOptions = SaveOptions.defaults();
        }
        return trainEpochs(run, epochs != null ? epochs : Long.parseLong(all.getOrDefault("epochs", "20")), saveOptions,
                out);
    }

    /** {@code --model cnn} on an .npz of images, or {@code --resume} of such a run (same data), until --epochs. */
    private int trainImages(PrintWriter out) {
        if (from != null || activation != null || task != null) {
            throw new IllegalArgumentException("cnn trains a classifier from images: --from, --activation and --task do"
                    + " not apply");
        }
        ImageTraining images = ImageTraining.read(data, target, limitFlags.limits());
        Map<String, String> all = new LinkedHashMap<>(params);
        putIfGiven(all, "layers", layers);
        putIfGiven(all, "optimizer", optimizer);
        putIfGiven(all, "lr", learningRate);
        putIfGiven(all, "batch_size", batchSize);
        Trainer trainer;
        SaveOptions saveOptions;
        if (resume != null) {
            if (!all.isEmpty()) {
                throw new IllegalArgumentException("--resume continues with the checkpoint's settings; drop --param, "
                        + "--layers, --optimizer, --lr and --batch-size");
            }
            Model checkpoint = Models.load(resume, LoadOptions.DEFAULTS.withLimits(limitFlags.limits()));
            if (!(checkpoint instanceof Sequential network) || network.checkpoint().isEmpty()) {
                throw new IncompatibleModelException(resume + " holds a " + checkpoint.type() + " without training"
                        + " state; --resume with --model cnn continues files written by `brine train --model cnn`.");
            }
            trainer = Trainer.resume(network);
            saveOptions = Lineage.continuedFrom(resume);
            out.println("resuming " + resume + " at epoch " + trainer.epoch());
        } else {
            trainer = Trainers.startConvNet(images.images(), images.labels(), all, seed);
            saveOptions = SaveOptions.defaults();
        }
        long total = epochs != null ? epochs : Long.parseLong(all.getOrDefault("epochs", "10"));
        Progress progress = new Progress(out, trainer.epoch(), total);
        trainer.trainUntil(images.images(), images.targets(), total, everyEpoch(progress, trainer::checkpoint,
                saveOptions));
        progress.finish();
        Models.save(trainer.checkpoint(), output, saveOptions);
        out.println("metrics on the training data: accuracy=" + String.format(Locale.ROOT, "%.4f",
                images.accuracy(trainer.model())));
        out.println("saved " + output);
        return 0;
    }

    /** Trains until {@code total} epochs with progress and checkpoints, and saves the run with its state. */
    private TabularModel trainEpochs(MlpRun run, long total, SaveOptions saveOptions, PrintWriter out) {
        Progress progress = new Progress(out, run.epoch(), total);
        run.trainUntil(total, everyEpoch(progress, run::checkpoint, saveOptions));
        progress.finish();
        // The saved model keeps its training state, so it can be resumed like any checkpoint.
        Models.save(run.checkpoint(), output, saveOptions);
        return run.model();
    }

    /** After each epoch: the progress line, and a checkpoint every {@code --checkpoint-every} epochs. */
    private java.util.function.Consumer<Trainer.EpochReport> everyEpoch(Progress progress,
                                                                       java.util.function.Supplier<Model> checkpoint,
                                                                       SaveOptions saveOptions) {
        return report -> {
            progress.epochDone(report);
            if (checkpointEvery > 0 && report.epoch() % checkpointEvery == 0) {
                Models.save(checkpoint.get(), checkpointDir.resolve(String.format("epoch-%04d.brine", report.epoch())),
                        saveOptions);
            }
        };
    }

    private static void putIfGiven(Map<String, String> params, String key, String value) {
        if (value != null) {
            params.put(key, value);
        }
    }

    /** A progress bar on a terminal, one plain line per epoch otherwise (logs, pipes). */
    private static final class Progress {
        private final PrintWriter out;
        private final boolean terminal = System.console() != null && System.console().isTerminal();
        private final long firstEpoch;
        private final long totalEpochs;
        private final long startNanos = System.nanoTime();

        Progress(PrintWriter out, long firstEpoch, long totalEpochs) {
            this.out = out;
            this.firstEpoch = firstEpoch;
            this.totalEpochs = totalEpochs;
        }

        void epochDone(Trainer.EpochReport report) {
            long done = report.epoch() - firstEpoch;
            double secondsPerEpoch = (System.nanoTime() - startNanos) / 1e9 / Math.max(1, done);
            long eta = Math.round(secondsPerEpoch * (totalEpochs - report.epoch()));
            String numbers = String.format(Locale.ROOT, "epoch %d/%d  loss %.6f  lr %.3g  eta %ds", report.epoch(),
                    totalEpochs, report.loss(), report.lr(), eta);
            if (terminal) {
                int width = 30;
                int filled = (int) (width * report.epoch() / Math.max(1, totalEpochs));
                out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + numbers);
                out.flush();
            } else {
                out.println(numbers);
            }
        }

        void finish() {
            if (terminal) {
                out.println();
            }
        }
    }
}
