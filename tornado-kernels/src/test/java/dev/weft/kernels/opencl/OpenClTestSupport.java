package dev.weft.kernels.opencl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/** Opens opencl:0 once for a test class, or skips each test with the reason OpenCL is missing. */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    /** {@code open} if a test already opened the device, else opencl:0; skips the test without OpenCL. */
    static OpenClExecutor openOrSkip(OpenClExecutor open) {
        if (open != null) {
            return open;
        }
        Optional<String> reason = OpenCl.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse("") + "; install " + OpenCl.PACKAGES);
        return OpenClExecutor.open("opencl:0");
    }
}
