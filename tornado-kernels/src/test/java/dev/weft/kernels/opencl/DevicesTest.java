package dev.weft.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.error.WeftInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {
    @Test
    void listsDevicesWithTheirLimits() {
        assumeTrue(OpenCl.unavailableReason().isEmpty(), () -> "skipped: " + OpenCl.unavailableReason().orElse(""));
        List<DeviceInfo> devices = OpenCl.devices();
        assertFalse(devices.isEmpty());
        for (int i = 0; i < devices.size(); i++) {
            assertTrue(devices.get(i).index() == i && devices.get(i).maxWorkGroupSize() > 0);
        }
        assertTrue(OpenCl.select("opencl:0").name().equals(devices.get(0).name()));
    }

    @Test
    void unknownDeviceIndexAndSpellingAreUserErrors() {
        assumeTrue(OpenCl.unavailableReason().isEmpty(), () -> "skipped: " + OpenCl.unavailableReason().orElse(""));
        WeftInputException e = assertThrows(WeftInputException.class, () -> OpenCl.select("opencl:99"));
        assertTrue(e.getMessage().contains("no OpenCL device 99"), e.getMessage());
        assertThrows(WeftInputException.class, () -> OpenCl.select("cuda:0"));
        assertThrows(WeftInputException.class, () -> OpenCl.select("opencl:x"));
    }
}
