package dev.weft.onnx;

import dev.weft.workload.DType;

/**
 * A learned tensor as an operator sees it: the initializer it is stored in (possibly behind a
 * Transpose, Reshape or DequantizeLinear, which only change its layout or type) and the type
 * it is stored at. Operators that share an initializer share the parameter.
 */
record Weight(String initializer, DType dtype) {
}
