package dev.brine.server;

import dev.brine.core.tensor.Shape;
import dev.brine.core.tensor.Tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Groups concurrent requests to one model version: the first request of a batch waits up to {@code maxDelay} for
 * others (or until {@code maxRows} rows are in), predicts them all in one call and hands each request its own rows.
 * A batch belongs to one version, so a swap never mixes versions inside a batch. If the batched call fails, every
 * request predicts on its own, so one request's bad data cannot fail the others.
 */
final class DynamicBatcher {
    private final UnaryOperator<Tensor> operation;
    private final int maxRows;
    private final long maxDelayNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private Batch open;

    DynamicBatcher(UnaryOperator<Tensor> operation, Batching batching) {
        this.operation = operation;
        this.maxRows = batching.maxRows();
        this.maxDelayNanos = batching.maxDelay().toNanos();
    }

    Tensor apply(Tensor input) {
        long rows = input.rank() == 0 ? 0 : input.shape().dim(0);
        if (rows == 0 || rows >= maxRows) {
            return operation.apply(input);
        }
        Batch batch;
        int member;
        boolean leader;
        lock.lock();
        try {
            if (open != null && (!open.fits(input) || open.rows + rows > maxRows)) {
                open = null;
                filled.signalAll();
            }
            leader = open == null;
            if (leader) {
                open = new Batch(input);
            }
            batch = open;
            member = batch.add(input);
            if (batch.rows >= maxRows) {
                open = null;
                filled.signalAll();
            }
            if (leader) {
                awaitOthers(batch);
            }
        } finally {
            lock.unlock();
        }
        if (leader) {
            batch.run(operation);
        } else {
            batch.awaitResult();
        }
        return batch.resultFor(member, operation);
    }

    /** Called with the lock held: waits until the batch is closed (full, or another shape came) or time is up. */
    private void awaitOthers(Batch batch) {
        long remaining = maxDelayNanos;
        while (open == batch && remaining > 0) {
            try {
                remaining = filled.awaitNanos(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (open == batch) {
            open = null;
        }
    }

    /** Inputs predicted together; all share dtype and the dimensions after the first. */
    private static final class Batch {
        private final Tensor first;
        private final List<Tensor> inputs = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private long rows;
        private Tensor output;
        private RuntimeException failure;
        private long[] rowOffsets;

        Batch(Tensor first) {
            this.first = first;
        }

        boolean fits(Tensor input) {
            long[] a = first.shape().dims();
            long[] b = input.shape().dims();
            return input.dtype() == first.dtype() && a.length == b.length
                    && Arrays.equals(a, 1, a.length, b, 1, b.length);
        }

        int add(Tensor input) {
            inputs.add(input);
            rows += input.shape().dim(0);
            return inputs.size() - 1;
        }

        void run(UnaryOperator<Tensor> operation) {
            try {
                Tensor combined = inputs.size() == 1 ? first : concatenate();
                Tensor result = operation.apply(combined);
                if (result.rank() == 0 || result.shape().dim(0) != rows) {
                    throw new IllegalStateException("the model returned " + result.shape() + " for " + rows
                            + " rows; cannot split it between requests");
                }
                output = result;
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }

        private Tensor concatenate() {
            long[] dims = first.shape().dims();
            dims[0] = rows;
            Tensor combined = Tensor.zeros(first.dtype(), dims);
            rowOffsets = new long[inputs.size()];
            long offset = 0;
            long row = 0;
            for (int i = 0; i < inputs.size(); i++) {
                Tensor input = inputs.get(i);
                MemorySegment.copy(input.data(), 0, combined.data(), offset, input.byteSize());
                offset += input.byteSize();
                rowOffsets[i] = row;
                row += input.shape().dim(0);
            }
            return combined;
        }

        void awaitResult() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        Tensor resultFor(int member, UnaryOperator<Tensor> operation) {
            Tensor input = inputs.get(member);
            if (failure != null) {
                return operation.apply(input);
            }
            if (inputs.size() == 1) {
                return output;
            }
            long memberRows = input.shape().dim(0);
            long[] dims = output.shape().dims();
            long rowBytes = output.byteSize() / rows;
            dims[0] = memberRows;
            return new Tensor(output.dtype(), Shape.of(dims),
                    output.data().asSlice(rowOffsets[member] * rowBytes, memberRows * rowBytes));
        }
    }
}
