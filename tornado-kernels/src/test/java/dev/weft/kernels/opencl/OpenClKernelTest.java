package dev.weft.kernels.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.kernels.RandomTensors;
import dev.weft.kernels.reference.JavaExecutor;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A kernel test: opencl:0 opened once per test class (or each test skipped with the reason
 * OpenCL is missing), the Java reference to compare with, and seeded random operands.
 */
abstract class OpenClKernelTest {
    static OpenClExecutor device;
    final JavaExecutor reference = new JavaExecutor();
    final RandomTensors random;

    OpenClKernelTest(long seed) {
        random = new RandomTensors(seed);
    }

    @BeforeEach
    void open() {
        // per test, so that without OpenCL each test is reported skipped with the reason
        if (device == null) {
            Optional<String> reason = OpenCl.unavailableReason();
            assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse("") + "; install " + OpenCl.PACKAGES);
            device = OpenClExecutor.open("opencl:0");
        }
    }

    @AfterAll
    static void close() {
        if (device != null) {
            device.close();
            device = null;
        }
    }
}
