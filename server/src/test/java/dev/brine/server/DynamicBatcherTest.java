package dev.brine.server;

import dev.brine.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamicBatcherTest {
    /** Doubles every value, counting calls; refuses any batch holding a negative value. */
    private static final class Doubling implements UnaryOperator<Tensor> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Tensor apply(Tensor input) {
            calls.incrementAndGet();
            double[] values = input.toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                if (values[i] < 0) {
                    throw new IllegalArgumentException("negative value");
                }
                values[i] *= 2;
            }
            return Tensor.of(values, input.shape().dims());
        }
    }

    private static List<Future<Tensor>> submitConcurrently(DynamicBatcher batcher, List<Tensor> inputs,
                                                           ExecutorService threads) {
        List<Future<Tensor>> results = new ArrayList<>();
        for (Tensor input : inputs) {
            results.add(threads.submit(() -> batcher.apply(input)));
        }
        return results;
    }

    @Test
    void concurrentRequestsArePredictedTogetherAndEachGetsItsOwnRows() throws Exception {
        Doubling doubling = new Doubling();
        DynamicBatcher batcher = new DynamicBatcher(doubling, Batching.of(8, Duration.ofSeconds(1)));
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(Tensor.of(new double[] {i, i + 0.5}, 1, 2));
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Tensor>> results = submitConcurrently(batcher, inputs, threads);
            for (int i = 0; i < 8; i++) {
                Tensor result = results.get(i).get();
                assertArrayEquals(new long[] {1, 2}, result.shape().dims());
                assertArrayEquals(new double[] {2.0 * i, 2.0 * i + 1}, result.toDoubleArray());
            }
        }
        assertTrue(doubling.calls.get() < 8, "8 requests took " + doubling.calls.get() + " calls");
    }

    @Test
    void aRequestThatFailsTheBatchFailsAloneAndTheOthersAreServed() throws Exception {
        Doubling doubling = new Doubling();
        DynamicBatcher batcher = new DynamicBatcher(doubling, Batching.of(4, Duration.ofSeconds(1)));
        List<Tensor> inputs = List.of(Tensor.of(new double[] {1}, 1, 1), Tensor.of(new double[] {-1}, 1, 1),
                Tensor.of(new double[] {2, 3}, 2, 1));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Tensor>> results = submitConcurrently(batcher, inputs, threads);
            assertArrayEquals(new double[] {2}, results.get(0).get().toDoubleArray());
            assertEquals(IllegalArgumentException.class,
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> results.get(1).get())
                            .getCause().getClass());
            assertArrayEquals(new double[] {4, 6}, results.get(2).get().toDoubleArray());
        }
    }

    @Test
    void requestsAsLargeAsABatchArePredictedDirectly() {
        Doubling doubling = new Doubling();
        DynamicBatcher batcher = new DynamicBatcher(doubling, Batching.of(2, Duration.ofSeconds(1)));
        assertArrayEquals(new double[] {2, 4}, batcher.apply(Tensor.of(new double[] {1, 2}, 2, 1)).toDoubleArray());
        assertEquals(1, doubling.calls.get());
    }
}
