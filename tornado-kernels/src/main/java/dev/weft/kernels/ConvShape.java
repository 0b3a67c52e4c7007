package dev.weft.kernels;

/**
 * A 2-D convolution (groups = 1) of {@code batch x channels x height x width} images with
 * {@code outChannels x channels x kernel x kernel} weights; output side
 * {@code (side + 2 pad - kernel) / stride + 1} as PyTorch's. The output is token-major,
 * {@code [batch, outHeight * outWidth, outChannels]}: a patch embedding's tokens, as ViT reads them.
 */
public record ConvShape(int batch, int channels, int height, int width, int outChannels, int kernel, int stride,
                        int pad) {
    public ConvShape {
        Shapes.positive("conv2d", "batch", batch);
        Shapes.positive("conv2d", "channels", channels);
        Shapes.positive("conv2d", "out_channels", outChannels);
        Shapes.positive("conv2d", "kernel", kernel);
        Shapes.positive("conv2d", "stride", stride);
        // the fields are not assigned yet: the output sides from the parameters
        Shapes.positive("conv2d", "out_height", side(height, kernel, stride, pad));
        Shapes.positive("conv2d", "out_width", side(width, kernel, stride, pad));
    }

    private static int side(int input, int kernel, int stride, int pad) {
        return input + 2 * pad < kernel ? 0 : (input + 2 * pad - kernel) / stride + 1;
    }

    public int outHeight() {
        return side(height, kernel, stride, pad);
    }

    public int outWidth() {
        return side(width, kernel, stride, pad);
    }

    /** Inputs each output sums over: one column of the unrolled (im2col) image. */
    public int patch() {
        return channels * kernel * kernel;
    }

    public int tokens() {
        return batch * outHeight() * outWidth();
    }

    public void check(float[] x, float[] weight, float[] bias) {
        Shapes.require("conv2d", "x", (long) batch * channels * height * width, x.length);
        Shapes.require("conv2d", "weight", (long) outChannels * patch(), weight.length);
        Shapes.require("conv2d", "bias", outChannels, bias.length);
    }
}
