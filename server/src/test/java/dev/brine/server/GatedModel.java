package dev.brine.server;

import dev.brine.core.model.Model;
import dev.brine.core.model.ModelSnapshot;
import dev.brine.core.model.Signature;
import dev.brine.core.tensor.Tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Test model whose predictions wait for a gate, to hold requests in progress on purpose. */
final class GatedModel implements Model {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public String type() {
        return "test_gated";
    }

    @Override
    public Signature signature() {
        return Signature.UNKNOWN;
    }

    @Override
    public Tensor predict(Tensor input) {
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return input;
    }

    @Override
    public ModelSnapshot snapshot() {
        throw new UnsupportedOperationException("served from memory only");
    }
}
