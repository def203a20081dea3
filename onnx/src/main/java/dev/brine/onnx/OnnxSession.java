package dev.brine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.brine.core.CorruptModelException;
import dev.brine.core.Limits;
import dev.brine.core.UnsupportedModelException;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One ONNX Runtime session over a self-contained model (no external references: {@code ModelUnpacker} resolved
 * them). The session is closed when this object becomes unreachable, since {@link dev.brine.core.model.Model} has no
 * {@code close()}. {@link #run} is thread-safe, as {@link OrtSession#run} is.
 *
 * <p>A foreign graph can run forever (a {@code Loop} whose condition never turns false), so every run has a time
 * budget ({@link Limits#maxRunMillis()}): a watchdog sets ONNX Runtime's terminate flag when it is spent, and ONNX
 * Runtime stops between two kernels. A JVM shutdown stops the runs in progress the same way and waits for them to
 * leave native code before ONNX Runtime's native state is torn down.
 */
final class OnnxSession {
    private static final Cleaner CLEANER = Cleaner.create();
    /** Stack of the thread that opens sessions (see {@link #onLargeStack}). */
    private static final long NATIVE_STACK_BYTES = 16L << 20;
    /** How long a shutdown waits for terminated runs to leave native code. */
    private static final long SHUTDOWN_WAIT_MILLIS = 5_000;
    private static final Set<Run> RUNNING = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "brine-onnx-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OnnxSession::stopRunning, "brine-onnx-shutdown"));
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final long runMillis;

    private OnnxSession(OrtEnvironment environment, OrtSession session, long runMillis) {
        this.environment = environment;
        this.session = session;
        this.runMillis = runMillis;
        CLEANER.register(this, new Closer(session));
    }

    /** Closes the native session; holds no reference to the {@link OnnxSession} so that it can become unreachable. */
    private record Closer(OrtSession session) implements Runnable {
        @Override
        public void run() {
            try {
                session.close();
            } catch (OrtException e) {
                // Nothing can be done about a failed close of an unreachable session.
            }
        }
    }

    /**
     * One run in progress. Its options are terminated at most while it runs: the watchdog and the shutdown hook
     * take the lock, and the run marks itself finished under the same lock before its options are closed, so the
     * terminate flag is never set on freed native memory.
     */
    private static final class Run {
        final OrtSession.RunOptions options;
        boolean finished;
        boolean timedOut;

        Run(OrtSession.RunOptions options) {
            this.options = options;
        }

        synchronized void terminate(boolean deadline) {
            if (!finished) {
                timedOut |= deadline;
                try {
                    options.setTerminate(true);
                } catch (OrtException e) {
                    // The run ends by itself; nothing else can be done.
                }
            }
        }

        synchronized boolean finish() {
            finished = true;
            return timedOut;
        }
    }

    /**
     * A session over the complete model bytes; ONNX Runtime copies what it needs, so the bytes may be freed after.
     * Each run may take {@code runMillis}.
     */
    static OnnxSession open(MemorySegment model, String source, long runMillis) {
        return onLargeStack(() -> {
            OrtEnvironment environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
                    "brine");
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                return new OnnxSession(environment, environment.createSession(model.asByteBuffer(), options),
                        runMillis);
            } catch (OrtException e) {
                throw refused(source, e);
            }
        });
    }

    /**
     * Runs {@code task} on a thread with a large stack. Creating a session takes more native stack than a Java
     * thread's default (1 MiB) leaves when the JVM was started with a long class path: the process died of a
     * stack overflow inside ONNX Runtime, without a Java error to catch.
     */
    private static <T> T onLargeStack(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread.ofPlatform().name("brine-onnx-open").stackSize(NATIVE_STACK_BYTES).start(future);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while ONNX Runtime opened a session", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs the model; outputs in the order {@code outputNames} lists them. */
    Map<String, OrtValues.Output> run(Map<String, Tensor> inputs, List<String> outputNames, String source) {
        Map<String, OnnxTensor> ortInputs = new LinkedHashMap<>();
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            for (Map.Entry<String, Tensor> input : inputs.entrySet()) {
                ortInputs.put(input.getKey(), OrtValues.toOrt(environment, input.getValue(), input.getKey()));
            }
            // Brine's exception says why a run stopped; ONNX Runtime's own log line about it would only be noise.
            options.setLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            Run run = new Run(options);
            RUNNING.add(run);
            ScheduledFuture<?> deadline = WATCHDOG.schedule(() -> run.terminate(true), runMillis,
                    TimeUnit.MILLISECONDS);
            try (OrtSession.Result result = session.run(ortInputs, new java.util.LinkedHashSet<>(outputNames),
                    options)) {
                Map<String, OrtValues.Output> outputs = new LinkedHashMap<>();
                for (String name : outputNames) {
                    OnnxValue value = result.get(name).orElseThrow();
                    outputs.put(name, OrtValues.fromOrt(value, name));
                }
                return outputs;
            } catch (OrtException e) {
                if (run.finish()) {
                    throw new UnsupportedModelException(source + ": ONNX Runtime stopped the run, which took longer"
                            + " than the limit " + Limits.exceeded("maxRunMillis", runMillis) + ". A graph that never"
                            + " finishes (a Loop whose condition stays true) ends here.", e);
                }
                throw e;
            } finally {
                deadline.cancel(false);
                run.finish();
                RUNNING.remove(run);
            }
        } catch (OrtException e) {
            throw new dev.brine.core.IncompatibleModelException(source + ": ONNX Runtime refused the input: "
                    + e.getMessage(), e);
        } finally {
            ortInputs.values().forEach(OnnxTensor::close);
            // The session must outlive the native call: without the fence, this object may become unreachable as
            // soon as the field is read, and the cleaner would close the session under the running graph.
            Reference.reachabilityFence(this);
        }
    }

    /** At JVM shutdown: stop every run in progress and give them a moment to leave native code. */
    private static void stopRunning() {
        RUNNING.forEach(run -> run.terminate(false));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WAIT_MILLIS);
        while (!RUNNING.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * ONNX Runtime's refusal of a model, typed: operators or opsets it lacks are unsupported, anything else means the
     * graph is malformed.
     */
    private static RuntimeException refused(String source, OrtException e) {
        String message = String.valueOf(e.getMessage());
        boolean unsupported = message.contains("not implemented") || message.contains("Unsupported")
                || message.contains("is not a registered function/op") || message.contains("opset");
        String text = source + ": ONNX Runtime cannot load the model: " + message;
        return unsupported ? new UnsupportedModelException(text, e) : new CorruptModelException(text, e);
    }
}
