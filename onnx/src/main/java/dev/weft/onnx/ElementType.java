package dev.weft.onnx;

import dev.weft.workload.DType;

/** ONNX's {@code TensorProto.DataType} codes, as far as the importer needs them. */
final class ElementType {
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int UINT16 = 4;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int FLOAT16 = 10;
    static final int DOUBLE = 11;
    static final int UINT32 = 12;
    static final int UINT64 = 13;
    static final int BFLOAT16 = 16;

    private ElementType() {
    }

    static boolean isInteger(int type) {
        return switch (type) {
            case UINT8, INT8, UINT16, INT16, INT32, INT64, BOOL, UINT32, UINT64 -> true;
            default -> false;
        };
    }

    /** The Weft type a stored tensor of this ONNX type is counted at. */
    static DType dtype(int type, DType fallback) {
        return switch (type) {
            case FLOAT -> DType.FP32;
            case FLOAT16 -> DType.FP16;
            case BFLOAT16 -> DType.BF16;
            case INT8, UINT8 -> DType.INT8;
            case INT32 -> DType.INT32;
            default -> fallback;
        };
    }
}
