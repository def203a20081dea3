package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

/**
 * PyTorch's {@code AdaptiveAvgPool1d/2d}: output cell {@code i} of an axis averages the inputs
 * {@code floor(i·in/out) … ceil((i+1)·in/out) − 1}; output size 1 is global average pooling.
 */
public record AdaptiveAvgPool(int dims, int[] outputSize) implements Layer {

    public AdaptiveAvgPool {
        if (dims < 1 || dims > 2 || outputSize.length != dims) {
            throw new IllegalArgumentException("AdaptiveAvgPool needs " + dims + " output sizes");
        }
        for (int size : outputSize) {
            if (size < 1) throw new IllegalArgumentException("AdaptiveAvgPool needs positive output sizes");
        }
        outputSize = outputSize.clone();
    }

    @Override
    public String type() {
        return "adaptive_avg_pool" + dims + "d";
    }

    @Override
    public Json.JsonObject config() {
        return Json.object().put("output_size", Conv.ints(outputSize)).build();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != dims + 1) {
            throw new IncompatibleModelException("AdaptiveAvgPool" + dims + "d takes examples of shape (channels"
                    + (dims == 1 ? ", length)" : ", height, width)") + ", got " + Shapes.text(inputShape));
        }
        int[] out = inputShape.clone();
        System.arraycopy(outputSize, 0, out, 1, dims);
        return out;
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        int[] in = input.shape();
        int inH = dims == 1 ? 1 : in[1];
        int inW = in[dims];
        int outH = dims == 1 ? 1 : outputSize[0];
        int outW = outputSize[dims - 1];
        int planes = input.rows() * in[0];
        float[] x = input.data();
        float[] y = new float[planes * outH * outW];
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < outH; oh++) {
                int h0 = oh * inH / outH;
                int h1 = Math.ceilDiv((oh + 1) * inH, outH);
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = ow * inW / outW;
                    int w1 = Math.ceilDiv((ow + 1) * inW, outW);
                    float sum = 0;
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) sum += x[(p * inH + ih) * inW + iw];
                    }
                    y[(p * outH + oh) * outW + ow] = sum / ((h1 - h0) * (w1 - w0));
                }
            }
        }
        return FloatMatrix.of(input.rows(), outputShape(in), y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        int[] in = input.shape();
        int inH = dims == 1 ? 1 : in[1];
        int inW = in[dims];
        int outH = dims == 1 ? 1 : outputSize[0];
        int outW = outputSize[dims - 1];
        int planes = input.rows() * in[0];
        float[] dy = gradOutput.data();
        float[] dx = new float[input.data().length];
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < outH; oh++) {
                int h0 = oh * inH / outH;
                int h1 = Math.ceilDiv((oh + 1) * inH, outH);
                for (int ow = 0; ow < outW; ow++) {
                    int w0 = ow * inW / outW;
                    int w1 = Math.ceilDiv((ow + 1) * inW, outW);
                    float share = dy[(p * outH + oh) * outW + ow] / ((h1 - h0) * (w1 - w0));
                    for (int ih = h0; ih < h1; ih++) {
                        for (int iw = w0; iw < w1; iw++) dx[(p * inH + ih) * inW + iw] += share;
                    }
                }
            }
        }
        return input.with(dx);
    }

    @Override
    public AdaptiveAvgPool copy() {
        return this;
    }
}
