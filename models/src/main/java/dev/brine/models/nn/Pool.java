package dev.brine.models.nn;

import dev.brine.core.IncompatibleModelException;
import dev.brine.core.json.Json;

/**
 * PyTorch's {@code MaxPool1d/2d} (kernel, stride defaulting to the kernel, padding, dilation, ceil_mode) and
 * {@code AvgPool1d/2d} (kernel, stride, padding, ceil_mode, count_include_pad). Padding never wins a maximum; an
 * average over a window that reaches into the padding divides by the window's size clipped to the padded input
 * ({@code count_include_pad}) or by the input elements it covers. 1-d pooling runs as 2-d of height 1.
 */
public record Pool(boolean max, int dims, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode,
                   boolean countIncludePad) implements Layer {

    public Pool {
        if (dims < 1 || dims > 2 || kernel.length != dims || stride.length != dims || padding.length != dims
                || dilation.length != dims) {
            throw new IllegalArgumentException("pooling needs " + dims + " kernel, stride, padding and dilation entries");
        }
        for (int d = 0; d < dims; d++) {
            if (kernel[d] < 1 || stride[d] < 1 || dilation[d] < 1 || padding[d] < 0 || 2 * padding[d] > kernel[d]) {
                throw new IllegalArgumentException("pooling needs positive kernel, stride and dilation, and padding "
                        + "at most half the kernel (as PyTorch)");
            }
            if (!max && dilation[d] != 1) {
                throw new IllegalArgumentException("average pooling has no dilation");
            }
        }
        kernel = kernel.clone();
        stride = stride.clone();
        padding = padding.clone();
        dilation = dilation.clone();
    }

    @Override
    public String type() {
        return (max ? "max_pool" : "avg_pool") + dims + "d";
    }

    @Override
    public Json.JsonObject config() {
        Json.ObjectBuilder builder = Json.object().put("kernel_size", Conv.ints(kernel)).put("stride",
                Conv.ints(stride)).put("padding", Conv.ints(padding));
        if (max) {
            builder.put("dilation", Conv.ints(dilation));
        } else {
            builder.put("count_include_pad", countIncludePad);
        }
        return builder.put("ceil_mode", ceilMode).build();
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != dims + 1) {
            throw new IncompatibleModelException(name() + " takes examples of shape (channels"
                    + (dims == 1 ? ", length)" : ", height, width)") + ", got " + Shapes.text(inputShape));
        }
        int[] out = inputShape.clone();
        for (int d = 0; d < dims; d++) {
            out[d + 1] = outputSize(inputShape[d + 1], d);
        }
        return out;
    }

    private String name() {
        return (max ? "MaxPool" : "AvgPool") + dims + "d";
    }

    /** PyTorch's pooling output size, including ceil mode's rule that the last window starts inside the input. */
    private int outputSize(int in, int d) {
        int reach = dilation[d] * (kernel[d] - 1) + 1;
        int span = in + 2 * padding[d] - reach;
        if (span < 0) {
            throw new IncompatibleModelException(name() + ": the input's size " + in + " is smaller than the window "
                    + reach);
        }
        int out = (ceilMode ? Math.ceilDiv(span, stride[d]) : span / stride[d]) + 1;
        if (ceilMode && (out - 1) * stride[d] >= in + padding[d]) out--;
        return out;
    }

    private record Geometry(int channels, int inH, int inW, int outH, int outW, int kH, int kW, int sH, int sW,
                            int pH, int pW, int dH, int dW) {
    }

    private Geometry geometry(int[] in) {
        int[] out = outputShape(in);
        boolean one = dims == 1;
        return new Geometry(in[0], one ? 1 : in[1], in[dims], one ? 1 : out[1], out[dims], one ? 1 : kernel[0],
                kernel[dims - 1], one ? 1 : stride[0], stride[dims - 1], one ? 0 : padding[0], padding[dims - 1],
                one ? 1 : dilation[0], dilation[dims - 1]);
    }

    @Override
    public FloatMatrix forward(FloatMatrix input, Pass pass) {
        Geometry g = geometry(input.shape());
        float[] x = input.data();
        int planes = input.rows() * g.channels();
        int inPlane = g.inH() * g.inW();
        int outPlane = g.outH() * g.outW();
        float[] y = new float[planes * outPlane];
        int[] argmax = max && pass.training() ? new int[y.length] : null;
        for (int p = 0; p < planes; p++) {
            int in = p * inPlane;
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int o = p * outPlane + oh * g.outW() + ow;
                    int h0 = oh * g.sH() - g.pH();
                    int w0 = ow * g.sW() - g.pW();
                    if (max) {
                        float best = Float.NEGATIVE_INFINITY;
                        int at = -1;
                        for (int i = 0; i < g.kH(); i++) {
                            int ih = h0 + i * g.dH();
                            if (ih < 0 || ih >= g.inH()) continue;
                            for (int j = 0; j < g.kW(); j++) {
                                int iw = w0 + j * g.dW();
                                if (iw < 0 || iw >= g.inW()) continue;
                                float value = x[in + ih * g.inW() + iw];
                                // PyTorch keeps the first maximum, and NaN wins.
                                if (at < 0 || value > best || (Float.isNaN(value) && !Float.isNaN(best))) {
                                    best = value;
                                    at = ih * g.inW() + iw;
                                }
                            }
                        }
                        y[o] = best;
                        if (argmax != null) argmax[o] = in + at;
                    } else {
                        int hEnd = Math.min(h0 + g.kH(), g.inH() + g.pH());
                        int wEnd = Math.min(w0 + g.kW(), g.inW() + g.pW());
                        int padded = (hEnd - h0) * (wEnd - w0);
                        int hStart = Math.max(h0, 0);
                        int wStart = Math.max(w0, 0);
                        hEnd = Math.min(hEnd, g.inH());
                        wEnd = Math.min(wEnd, g.inW());
                        float sum = 0;
                        for (int ih = hStart; ih < hEnd; ih++) {
                            for (int iw = wStart; iw < wEnd; iw++) sum += x[in + ih * g.inW() + iw];
                        }
                        int divisor = countIncludePad ? padded : (hEnd - hStart) * (wEnd - wStart);
                        y[o] = sum / divisor;
                    }
                }
            }
        }
        if (argmax != null) pass.keep(argmax);
        return FloatMatrix.of(input.rows(), outputShape(input.shape()), y);
    }

    @Override
    public FloatMatrix backward(FloatMatrix input, FloatMatrix output, Object kept, FloatMatrix gradOutput) {
        float[] dy = gradOutput.data();
        float[] dx = new float[input.data().length];
        if (max) {
            int[] argmax = (int[]) kept;
            for (int o = 0; o < dy.length; o++) dx[argmax[o]] += dy[o];
            return input.with(dx);
        }
        Geometry g = geometry(input.shape());
        int planes = input.rows() * g.channels();
        int inPlane = g.inH() * g.inW();
        int outPlane = g.outH() * g.outW();
        for (int p = 0; p < planes; p++) {
            for (int oh = 0; oh < g.outH(); oh++) {
                for (int ow = 0; ow < g.outW(); ow++) {
                    int h0 = oh * g.sH() - g.pH();
                    int w0 = ow * g.sW() - g.pW();
                    int hEnd = Math.min(h0 + g.kH(), g.inH() + g.pH());
                    int wEnd = Math.min(w0 + g.kW(), g.inW() + g.pW());
                    int padded = (hEnd - h0) * (wEnd - w0);
                    int hStart = Math.max(h0, 0);
                    int wStart = Math.max(w0, 0);
                    hEnd = Math.min(hEnd, g.inH());
                    wEnd = Math.min(wEnd, g.inW());
                    int divisor = countIncludePad ? padded : (hEnd - hStart) * (wEnd - wStart);
                    float share = dy[p * outPlane + oh * g.outW() + ow] / divisor;
                    for (int ih = hStart; ih < hEnd; ih++) {
                        for (int iw = wStart; iw < wEnd; iw++) dx[p * inPlane + ih * g.inW() + iw] += share;
                    }
                }
            }
        }
        return input.with(dx);
    }

    @Override
    public Pool copy() {
        return this;
    }
}
