package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;
import dev.brine.core.model.NamedTensor;
import dev.brine.core.model.TensorRole;
import dev.brine.core.model.TrainingState;
import dev.brine.core.tensor.Tensor;
import dev.brine.models.random.Pcg64;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a {@link Sequential} by mini-batches and keeps everything needed to stop and continue exactly: the
 * optimizer's state, the schedule's, the random stream (data order and dropout masks), the epoch and step counters,
 * the position inside the current epoch with that epoch's data order, the partial epoch loss, and the metrics history.
 * {@link #checkpoint()} packs it all into the network's snapshot; {@link #resume} unpacks it. Training N epochs, or k
 * epochs, a checkpoint and N − k more (in this process or another), gives the same bits, because every operation is
 * sequential and deterministic and the state is saved exactly (doubles as their bits, float32 tensors as they are).
 *
 * <p>Not thread-safe: a trainer is one training run.
 */
public final class Trainer {

    /** What one finished epoch reports to a listener (a progress bar, a log). */
    public record EpochReport(long epoch, long step, double loss, double lr) {
    }

    private final Sequential network;
    private final Optimizer optimizer;
    private final Scheduler scheduler;
    private final TrainingSettings settings;
    private Pcg64 rng;
    private long epoch;
    private long step;
    private int position;
    private int[] order;
    private double epochLossSum;
    private long epochBatches;
    private final List<Json.JsonObject> history;

    private Trainer(Sequential network, Optimizer optimizer, Scheduler scheduler, TrainingSettings settings,
                    Pcg64 rng, List<Json.JsonObject> history) {
        this.network = network;
        this.optimizer = optimizer;
        this.scheduler = scheduler;
        this.settings = settings;
        this.rng = rng;
        this.history = new ArrayList<>(history);
    }

    /** A new run on a copy of {@code network} (the caller's network is left as it is). */
    public static Trainer start(Sequential network, TrainingSettings settings) {
        Optimizer optimizer = Optimizer.fromJson(settings.optimizer());
        Scheduler scheduler = settings.schedule().map(schedule -> new Scheduler(schedule, optimizer.lr())).orElse(null);
        return new Trainer(network.withCheckpoint(null), optimizer, scheduler, settings, Pcg64.seeded(settings.seed()),
                List.of());
    }

    public long epoch() {
        return epoch;
    }

    public long step() {
        return step;
    }

    /** Rows of the current epoch already trained on (0 between epochs). */
    public int position() {
        return position;
    }

    public List<Json.JsonObject> history() {
        return List.copyOf(history);
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** Trains until {@code totalEpochs} epochs are complete (nothing if they already are). */
    public void trainUntil(FloatMatrix x, Targets y, long totalEpochs, Consumer<EpochReport> listener) {
        checkData(x, y);
        while (epoch < totalEpochs) {
            trainBatch(x, y, listener);
        }
    }

    public void trainUntil(FloatMatrix x, Targets y, long totalEpochs) {
        trainUntil(x, y, totalEpochs, report -> { });
    }

    /** Trains {@code batches} more mini-batches, stopping mid-epoch if that is where they end. */
    public void trainBatches(FloatMatrix x, Targets y, long batches) {
        checkData(x, y);
        for (long i = 0; i < batches; i++) {
            trainBatch(x, y, report -> { });
        }
    }

    private void trainBatch(FloatMatrix x, Targets y, Consumer<EpochReport> listener) {
        int rows = x.rows();
        if (position == 0) {
            order = settings.shuffle() ? rng.permutation(rows) : identity(rows);
        }
        int end = Math.min(position + settings.batchSize(), rows);
        FloatMatrix batch = x.selectRows(order, position, end);
        Targets targets = y.selectRows(order, position, end);
        network.zeroGrad();
        Sequential.Tape tape = network.forwardTraining(batch, rng);
        Loss.Result result = settings.loss().compute(tape.output(), targets);
        network.backward(tape, result.gradient());
        optimizer.step(network.parameters());
        step++;
        epochLossSum += result.value();
        epochBatches++;
        position = end;
        if (position == rows) {
            finishEpoch(listener);
        }
    }

    private void finishEpoch(Consumer<EpochReport> listener) {
        epoch++;
        double meanLoss = epochLossSum / epochBatches;
        double lr = optimizer.lr();
        history.add(Json.object().put("epoch", epoch).put("step", step).put("loss", metric(meanLoss))
                .put("lr", metric(lr)).build());
        position = 0;
        order = null;
        epochLossSum = 0;
        epochBatches = 0;
        if (scheduler != null) {
            scheduler.step(optimizer);
        }
        listener.accept(new EpochReport(epoch, step, meanLoss, lr));
    }

    /** A metric as JSON: a finite number as itself, NaN or ±Infinity as a string (JSON has no such numbers). */
    private static Json metric(double value) {
        return Double.isFinite(value) ? Json.of(value) : Json.of(Double.toString(value));
    }

    private void checkData(FloatMatrix x, Targets y) {
        if (x.rows() != y.rows() || x.rows() == 0) {
            throw new IllegalArgumentException(x.rows() + " rows of inputs and " + y.rows() + " targets; need equally "
                    + "many, at least one");
        }
        if (order != null) {
            boolean fits = order.length == x.rows();
            for (int i = 0; fits && i < order.length; i++) fits = order[i] >= 0 && order[i] < x.rows();
            if (!fits) {
                throw new IncompatibleModelException("the checkpoint stopped inside an epoch over " + order.length
                        + " rows; resume it on the same data, not on " + x.rows() + " rows");
            }
        }
    }

    private static int[] identity(int rows) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        return order;
    }

    /** The trained network alone, without training state (an independent copy). */
    public Sequential model() {
        return network.withCheckpoint(null);
    }

    /** The network with its complete training state: save it with {@code Models.save} to checkpoint the run. */
    public Sequential checkpoint() {
        List<NamedTensor> tensors = new ArrayList<>(optimizer.stateTensors());
        tensors.add(new NamedTensor("rng_state", rng.stateTensor(), TensorRole.TRAINING_STATE));
        if (position > 0) {
            tensors.add(new NamedTensor("data_order", Tensor.of(order.clone()), TensorRole.TRAINING_STATE));
        }
        Json.ObjectBuilder details = Json.object()
                .put("loss", settings.loss().jsonName())
                .put("optimizer", optimizer.config())
                .put("batch_size", settings.batchSize())
                .put("shuffle", settings.shuffle())
                .put("seed", settings.seed())
                .put("epoch_loss_sum_bits", Double.doubleToRawLongBits(epochLossSum))
                .put("epoch_batches", epochBatches);
        if (scheduler != null) {
            details.put("scheduler", scheduler.toJson());
        }
        TrainingState state = new TrainingState(epoch, step, position, history, details.build());
        return network.withCheckpoint(new Sequential.Checkpoint(tensors, state));
    }

    /** Continues the run a checkpoint holds (from {@link #checkpoint()}, possibly saved and loaded since). */
    public static Trainer resume(Sequential checkpointed) {
        Sequential.Checkpoint checkpoint = checkpointed.checkpoint().orElseThrow(() -> new IncompatibleModelException(
                "this network has no training state (it was saved without it); start a new run from its weights "
                        + "with Trainer.start instead"));
        TrainingState state = checkpoint.state();
        Json.JsonObject details = state.details();
        try {
            Optimizer optimizer = Optimizer.fromJson(details.getObject("optimizer"));
            Scheduler scheduler = details.has("scheduler") ? Scheduler.fromJson(details.getObject("scheduler")) : null;
            TrainingSettings settings = new TrainingSettings(Loss.fromName(details.getString("loss")),
                    details.getObject("optimizer"), java.util.Optional.empty(),
                    Math.toIntExact(details.getLong("batch_size")), details.getBoolean("shuffle"),
                    details.getLong("seed"));
            Sequential network = checkpointed.withCheckpoint(null);
            optimizer.loadState(checkpoint.tensors(), network.parameters());
            Pcg64 rng = Pcg64.fromTensor(find(checkpoint, "rng_state"));
            Trainer trainer = new Trainer(network, optimizer, scheduler, settings, rng, state.metricsHistory());
            trainer.epoch = state.epoch();
            trainer.step = state.step();
            trainer.position = Math.toIntExact(state.dataPosition());
            trainer.epochLossSum = Double.longBitsToDouble(details.getLong("epoch_loss_sum_bits"));
            trainer.epochBatches = details.getLong("epoch_batches");
            if (trainer.position > 0) {
                trainer.order = find(checkpoint, "data_order").toIntArray();
            }
            return trainer;
        } catch (dev.brine.core.json.JsonShapeException | IllegalArgumentException | ArithmeticException e) {
            throw new dev.brine.core.CorruptModelException("the checkpoint's training state is malformed: "
                    + e.getMessage(), e);
        }
    }

    private static Tensor find(Sequential.Checkpoint checkpoint, String name) {
        return checkpoint.tensors().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IncompatibleModelException("the checkpoint lacks its \"" + name + "\" tensor"))
                .tensor();
    }
}
